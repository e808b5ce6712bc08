/**
 * One patient's explanation, as the data worker answers `explain`: the TreeSHAP contribution of every feature to
 * every class's probability, largest first, next to the value the patient has.
 */
import { encodePatient } from '../engine/data/encodePatient';
import { fieldOf } from '../engine/data/fields';
import { predictProbaRow } from '../engine/forest/predict';
import { forestShap } from '../engine/explain/treeshap';
import type { Explanation, PatientInput } from './types';
import type { PatientModel } from './patientModel';

/** TreeSHAP explanation of one patient; base values plus contributions equal the probabilities. */
export function explainPatient(model: PatientModel, patient: PatientInput): Explanation {
  const { encoding } = model.info;
  const K = model.forest.nClasses;
  const { x } = encodePatient(encoding, patient);
  const { base, shap } = forestShap(model.forest, x);
  // The forest's own probabilities (base + contributions equal them to rounding, as the SHAP tests check).
  const probabilities = Array.from(predictProbaRow(model.forest, x));
  const contributions = encoding.features.map((feature, f) => {
    const values: number[] = [];
    for (let k = 0; k < K; k++) values.push(shap[f * K + k]);
    return {
      feature: feature.name,
      value: shownValue(fieldOf(patient, feature.name)),
      shap: values,
    };
  });
  const size = (s: number[]): number => s.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  contributions.sort((a, b) => size(b.shap) - size(a.shap));
  return {
    classes: encoding.classes,
    baseValues: Array.from(base),
    probabilities,
    contributions,
  };
}

/** A patient's value as shown next to its contribution ("unknown" when missing). */
function shownValue(raw: PatientInput[string]): string {
  if (raw === null || raw === undefined) return 'unknown';
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : 'unknown';
  const text = raw.trim();
  return text === '' ? 'unknown' : text;
}
