/** The model as the patient-level use cases (predict, uncertainty, explain, counterfactual) see it. */
import type { EncodedCohort } from '../engine/data/types';
import type { FamiliarityIndex } from '../engine/explain/familiarity';
import type { ForestModel } from '../engine/forest/types';
import type { ModelInfo } from './types';

/** What predicting needs: the forest, its description and, when known, the cohort it learned from. */
export interface PatientModel {
  forest: ForestModel;
  info: ModelInfo;
  /** The training cohort (encoded), for familiarity and ICE curves; null for a model opened without its data. */
  cohort: EncodedCohort | null;
  /**
   * True classes and out-of-sample probabilities that calibrate the prediction sets of a model without out-of-bag
   * rows (an imported model's labelled reference cohort); null or absent otherwise.
   */
  calibration?: { y: Uint8Array; proba: Float64Array } | null;
  /** The cohort's proximity index, built on first use. */
  familiarity?: FamiliarityIndex | null;
}
