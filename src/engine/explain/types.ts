/*
 * Explanation result types. Same shapes as those of src/worker/api.ts (checked by types.test.ts), kept
 * here so the engine never imports from the worker layer above it; api.ts can re-export these.
 */

/** Something about a patient's input the clinician should know before trusting the prediction. */
export interface PatientWarning {
  field: string | null;
  kind: 'out-of-range' | 'unseen-category' | 'not-a-number' | 'unfamiliar' | 'missing';
  message: string;
}

/** Partial dependence and ICE curves of one feature around one patient. */
export interface DependenceCurve {
  feature: string;
  classIndex: number;
  /** Grid of feature values (numeric) or category names (categorical). */
  grid: (number | string)[];
  /** This patient's probability at each grid value. */
  patient: number[];
  /** Average over the cohort (partial dependence). */
  average: number[];
  /** A sample of cohort patients' ICE curves. */
  ice: number[][];
}
