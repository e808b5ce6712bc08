/**
 * One patient through the current model, as the data worker answers `predict`, `predictBatch` and `dependence`:
 * encode exactly as the training rows, forest probabilities, the trees' spread (mean ± one standard deviation
 * of the individual trees' probabilities, see engine/explain/uncertainty), familiarity
 * with the cohort, and plain-words warnings about the input (all computed by engine/explain).
 */
import { encodePatient } from '../engine/data/encodePatient';
import { predictProbaRow, treeProbabilities } from '../engine/forest/predict';
import { predictionInterval } from '../engine/explain/uncertainty';
import {
  familiarityIndex,
  rangeWarnings,
  type FamiliarityIndex,
} from '../engine/explain/familiarity';
import { dependenceCurve } from '../engine/explain/dependence';
import { readSet } from '../engine/evaluate/conformal';
import type {
  DependenceCurve,
  PatientInput,
  PatientWarning,
  PredictOptions,
  Prediction,
} from './types';
import type { PatientModel } from './patientModel';
import { uncertaintyFields } from './patientUncertainty';

export type { PatientModel };

/**
 * Predicts one patient with probabilities, intervals, familiarity and warnings; with `options` (the app's and the
 * CLI's single-patient predict) also the prediction set, standard errors, tie and recalibration.
 */
export function predictPatient(
  model: PatientModel,
  patient: PatientInput,
  options?: PredictOptions,
): Prediction {
  const { encoding } = model.info;
  const encoded = encodePatient(encoding, patient);
  const probabilities = Array.from(predictProbaRow(model.forest, encoded.x));
  const intervals = predictionInterval(
    treeProbabilities(model.forest, encoded.x),
    model.forest.nClasses,
  );
  let best = 0;
  for (let k = 1; k < probabilities.length; k++)
    if (probabilities[k] > probabilities[best]) best = k;
  const warnings: PatientWarning[] = rangeWarnings(encoding, encoded, patient);
  let familiarity = NaN;
  const index = familiarityOf(model);
  if (index) {
    const result = index.score(encoded.x);
    familiarity = result.familiarity;
    if (result.warning) warnings.unshift(result.warning);
  }
  const prediction: Prediction = {
    classes: encoding.classes,
    probabilities,
    intervals,
    predictedClass: encoding.classes[best],
    warnings,
    missingFields: encoded.missing,
    familiarity,
  };
  if (!options) return prediction;
  const withSet = { ...prediction, ...uncertaintyFields(model, encoded.x, probabilities, options) };
  const set = withSet.predictionSet;
  if (!set) return withSet;
  // An empty set alone does not say the patient is unusual; only the familiarity and range checks can.
  const unlikeCohort = warnings.some((w) => UNLIKE_COHORT.has(w.kind));
  return {
    ...withSet,
    setReading: readSet(set.length, encoding.classes.length, {
      unlikeCohort,
      familiarityKnown: Number.isFinite(familiarity),
    }),
  };
}

/** Warnings that say a patient is unlike the training cohort (not merely incomplete). */
const UNLIKE_COHORT = new Set<PatientWarning['kind']>([
  'unfamiliar',
  'out-of-range',
  'unseen-category',
]);

/** The familiarity index of a model's cohort, built once; null when the cohort is unknown. */
function familiarityOf(model: PatientModel): FamiliarityIndex | null {
  if (model.familiarity === undefined) {
    model.familiarity = model.cohort
      ? familiarityIndex(model.forest, model.cohort.X, model.cohort.nRows)
      : null;
  }
  return model.familiarity;
}

/** Partial dependence and ICE curves of one feature around one patient. */
export function modelDependence(
  model: PatientModel,
  patient: PatientInput,
  feature: string,
  classIndex: number,
): DependenceCurve {
  const { encoding } = model.info;
  const f = encoding.features.findIndex((e) => e.name === feature);
  if (f < 0) throw new Error(`The model has no feature "${feature}".`);
  const cohort = model.cohort;
  if (!cohort) {
    throw new Error(
      'The dependence plot needs the patients the model was trained on: load the training file, then open the model again.',
    );
  }
  const { x } = encodePatient(encoding, patient);
  return dependenceCurve(
    model.forest,
    cohort.X,
    cohort.nRows,
    x,
    f,
    encoding.features[f],
    classIndex,
  );
}
