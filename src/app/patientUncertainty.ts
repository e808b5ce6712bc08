/**
 * What a single prediction says about its own uncertainty, as the data worker adds it to `predict`: the
 * conformal prediction set (calibrated on the model's out-of-bag probabilities of its training patients), the
 * jackknife standard error of each probability, whether the outcomes are tied, and an optional recalibration.
 * The in-bag counts and calibrations are computed once per model and kept on it.
 */
import {
  calibrateConformal,
  predictionSetNames,
  setCutoffs,
  type ConformalCalibration,
} from '../engine/evaluate/conformal';
import { replayOobProba } from '../engine/evaluate/oobReplay';
import { applyCalibrator } from '../engine/evaluate/recalibrate';
import { modelInBagCounts, patientJackknife } from '../engine/explain/jackknife';
import { detectTie, iconArray, iconDifference } from '../engine/explain/riskWords';
import type { InBagCounts } from '../engine/forest/inbag';
import type { PredictOptions, Prediction, PredictionWords, StandardError } from './types';
import type { PatientModel } from './patientModel';
import { NEEDS_LABELLED_COHORT_SET } from './onnxModel';

/** Per-model state built on first use. */
export interface UncertaintyCache {
  /** Out-of-bag probabilities of the training rows; null when there are none. */
  oob?: Float64Array | null;
  inbag?: InBagCounts | null;
  conformal: Map<number, ConformalCalibration>;
}

const caches = new WeakMap<PatientModel, UncertaintyCache>();

function cacheOf(model: PatientModel): UncertaintyCache {
  let c = caches.get(model);
  if (!c) {
    c = { conformal: new Map() };
    caches.set(model, c);
  }
  return c;
}

/**
 * The training cohort in training order, or null. A trained or opened model holds a cohort only when its fingerprint
 * confirmed it (app/trainingCohort.ts), so stored out-of-bag probabilities and replayed in-bag counts line up row for
 * row; an imported model's reference cohort is never its training cohort.
 */
function trainingCohort(model: PatientModel) {
  const c = model.cohort;
  if (!c || model.info.provenance?.origin === 'imported') return null;
  return c.nRows === model.info.nRows ? c : null;
}

function oobOf(model: PatientModel): Float64Array | null {
  const cache = cacheOf(model);
  if (cache.oob === undefined) {
    const cohort = trainingCohort(model);
    const stored = model.forest.oobProba;
    cache.oob =
      stored && cohort && stored.length === cohort.nRows * model.forest.nClasses
        ? stored
        : cohort
          ? replayOobProba(model.forest, model.forest.params, cohort.X, cohort.nRows)
          : null;
  }
  return cache.oob;
}

function trainingCalibration(model: PatientModel): { y: Uint8Array; proba: Float64Array } | null {
  const oob = oobOf(model);
  const cohort = trainingCohort(model);
  return oob && cohort ? { y: cohort.y, proba: oob } : null;
}

/**
 * The conformal calibration of a model at one confidence; null without out-of-bag probabilities or, for an
 * imported model, without a labelled reference cohort.
 */
export function conformalOf(model: PatientModel, confidence: number): ConformalCalibration | null {
  const cache = cacheOf(model);
  const hit = cache.conformal.get(confidence);
  if (hit) return hit;
  // An imported model has no out-of-bag rows: its labelled reference cohort (unseen by it) calibrates instead.
  const source = model.calibration ?? trainingCalibration(model);
  if (!source) return null;
  const cal = calibrateConformal(
    source.y,
    source.proba,
    model.forest.nClasses,
    confidence,
    model.info.encoding.classes,
  );
  cache.conformal.set(confidence, cal);
  return cal;
}

/** In-bag counts of the model (once); null without bootstrap, with smaller bootstraps, too few trees, or without its cohort. */
export function inBagOf(model: PatientModel): InBagCounts | null {
  const cache = cacheOf(model);
  if (cache.inbag === undefined) {
    const cohort = trainingCohort(model);
    cache.inbag =
      cohort &&
      model.forest.params.bootstrap &&
      // The jackknife's formula is for bootstraps as large as the cohort; smaller ones (maxSamples) would need
      // another scaling, so no standard error is given rather than a wrong one.
      (model.forest.params.maxSamples ?? null) === null &&
      model.forest.trees.length >= 2
        ? modelInBagCounts(model.forest, cohort.nRows)
        : null;
  }
  return cache.inbag;
}

/** Jackknife standard errors of each class probability of an encoded row; null when unavailable. */
export function standardErrorsOf(
  model: PatientModel,
  x: ArrayLike<number>,
): StandardError[] | null {
  const inbag = inBagOf(model);
  if (!inbag) return null;
  return patientJackknife(model.forest, inbag, x).map((e) => ({ se: e.se, stable: e.stable }));
}

/** The fields `predict` adds to a prediction: set, standard errors, tie, recalibration. */
export function uncertaintyFields(
  model: PatientModel,
  x: ArrayLike<number>,
  probabilities: number[],
  options: PredictOptions,
): Pick<
  Prediction,
  | 'predictionSet'
  | 'setConfidence'
  | 'setCutoffs'
  | 'setWarnings'
  | 'predictionSetNote'
  | 'standardErrors'
  | 'tie'
  | 'recalibrated'
  | 'rawProbabilities'
  | 'probabilities'
  | 'predictedClass'
  | 'words'
> {
  const classes = model.info.encoding.classes;
  const confidence = options.confidence ?? 0.9;
  // Why the training rows are missing, when they are (an opened model without its training cohort).
  const cohortNote = trainingCohort(model) ? null : (model.info.trainingCohort?.note ?? null);
  const cal = conformalOf(model, confidence);
  // The set is computed on the forest's own probabilities, the scale it was calibrated on.
  const predictionSet = cal ? predictionSetNames(cal, probabilities, classes) : null;
  const standardErrors = standardErrorsOf(model, x);
  let shown = probabilities;
  const map = options.recalibration ?? null;
  const recalibrated = map !== null && probabilities.length === 2;
  if (map && recalibrated) {
    // The map takes and gives the probability of the class it was fitted on; the other is its complement.
    const k = options.recalibrationClass === 0 ? 0 : 1;
    const pk = applyCalibrator(map, probabilities[k]);
    shown = k === 1 ? [1 - pk, pk] : [pk, 1 - pk];
  }
  // Standard errors are kept only when stable: an unstable one would make any gap look like a tie.
  const se =
    standardErrors && standardErrors.every((s) => s.stable)
      ? standardErrors.map((s) => s.se)
      : undefined;
  const tie = detectTie(shown, se);
  return {
    probabilities: shown,
    predictedClass: classes[tie.leader],
    predictionSet,
    setConfidence: confidence,
    ...(cal ? { setCutoffs: setCutoffs(cal) } : {}),
    setWarnings: cal?.warnings ?? [],
    ...(predictionSet === null && model.info.provenance?.origin === 'imported'
      ? {
          predictionSetNote: NEEDS_LABELLED_COHORT_SET(
            model.info.encoding.target,
            model.info.encoding.classes,
          ),
        }
      : predictionSet === null && cohortNote
        ? { predictionSetNote: cohortNote }
        : {}),
    standardErrors,
    ...(standardErrors === null && cohortNote ? { standardErrorNote: cohortNote } : {}),
    tie: { tie: tie.tie, tiedWith: tie.tiedWith.map((k) => classes[k]) },
    recalibrated,
    ...(recalibrated ? { rawProbabilities: probabilities } : {}),
    words: predictionWords(model, shown, options.compareWith),
  };
}

/** Probabilities scaled to add up to exactly 1 (float32 leaf fractions can miss by a few 1e-8). */
export function normalised(probabilities: ArrayLike<number>): number[] {
  const p = Array.from(probabilities, (v) => Math.max(0, v));
  const sum = p.reduce((a, b) => a + b, 0);
  return sum > 0 ? p.map((v) => v / sum) : p.map(() => 1 / p.length);
}

/**
 * Natural-frequency sentences and icons of a prediction, how it differs from the cohort overall and, for a
 * what-if, from the patient as entered.
 */
export function predictionWords(
  model: PatientModel,
  probabilities: number[],
  entered?: number[],
): PredictionWords {
  const classes = model.info.encoding.classes;
  const shown = normalised(probabilities);
  const icons = iconArray(shown, classes);
  const cohort = normalised(model.info.classCounts);
  return {
    ...icons,
    vsCohort: iconDifference(cohort, shown, classes),
    ...(entered && entered.length === classes.length
      ? {
          vsEntered: iconDifference(normalised(entered), shown, classes, {
            before: 'this patient as entered',
            after: 'the patient with the changes',
          }),
        }
      : {}),
  };
}
