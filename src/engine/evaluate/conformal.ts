/**
 * Conformal prediction sets: which outcomes the model cannot rule out for a patient. Class-conditional
 * ("Mondrian") split conformal (Vovk et al. 2005; Angelopoulos & Bates 2021, "A gentle introduction to
 * conformal prediction", §4.1) on out-of-bag probabilities: each class k has its own threshold from the
 * calibration patients whose true class is k, so the coverage aimed at holds within every outcome, not only
 * on average, and a rare outcome is not sacrificed to the common one.
 *
 * Score of a patient of class k: s = 1 − p̂_k. With n_k calibration scores of class k sorted
 * ascending, q_k is the ⌈(n_k + 1)(1 − α)⌉-th smallest (the finite-sample rule); when that rank
 * exceeds n_k, q_k = +∞ and class k is always in the set: the data cannot support the confidence
 * asked, which happens exactly when n_k < 1/α − 1, and a warning says so. The set of a new patient
 * is { k : 1 − p̂_k ≤ q_k }, i.e. every outcome whose probability reaches its own cut-off 1 − q_k.
 *
 * Reading a set. The cut-offs are per outcome, so a set is not "the likely outcomes": a rare outcome whose patients
 * were often given low probabilities has a low cut-off and is kept at 4 %, and two outcomes can be in the set while
 * both are unlikely. An empty set means no outcome reached its cut-off. With two outcomes and a familiar patient this
 * usually means the patient falls between them (p̂ above one outcome's cut-off fails by a little, the other's by a
 * lot), not that the patient is unusual; only the familiarity index and range checks (engine/explain/familiarity)
 * can say a patient is unlike the cohort, and readSet combines the two.
 *
 * What this promises, and what not. Split conformal with held-out calibration patients covers the true
 * outcome with probability at least 1 − α (per class, for Mondrian) marginally: on average over calibration
 * sets and new patients, when the new patients are exchangeable with the calibration ones (drawn alike from
 * one population). It says nothing of one given patient, nor of patients from another hospital or time.
 * And here the calibration is out-of-bag: a training patient's probability comes from the ~37 % of trees
 * that did not see it, a new patient's from all of them, so the two scores are not exactly exchangeable and
 * out-of-bag calibration only approximates split conformal, without its finite-sample bound.
 * conformalCoverage measures the coverage actually reached on cross-validation folds, which is what the app
 * reports.
 */

/** Confidence levels offered to the user (1 − α). */
export const CONFIDENCE_LEVELS = [0.8, 0.9, 0.95] as const;

/** Per-class thresholds fitted on calibration patients. */
export interface ConformalCalibration {
  confidence: number;
  /** q_k per class: class k is in the set when 1 − p̂_k ≤ q_k (+∞ when too few patients). */
  thresholds: number[];
  /** Calibration patients per class. */
  counts: number[];
  /** Plain-words warnings (too few patients of a class for this confidence). */
  warnings: string[];
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new Error(`Confidence must be between 0 and 1 (e.g. 0.9), got ${confidence}`);
  }
}

/**
 * ⌈(n + 1)(1 − α)⌉ as an integer rank; the tiny tolerance keeps e.g. 20 × 0.95 at 19 despite
 * 0.95 not being exact in binary.
 */
export function conformalRank(n: number, confidence: number): number {
  return Math.ceil((n + 1) * confidence - 1e-9);
}

/**
 * Fit per-class thresholds from calibration patients' true classes `y` and their probabilities
 * `proba` (row-major n×K, e.g. the forest's out-of-bag probabilities). Rows whose probabilities are
 * not all finite (never out of bag, or not calibration rows) are skipped.
 */
export function calibrateConformal(
  y: ArrayLike<number>,
  proba: ArrayLike<number>,
  nClasses: number,
  confidence: number,
  classNames?: readonly string[],
): ConformalCalibration {
  checkConfidence(confidence);
  const K = nClasses;
  if (proba.length !== y.length * K) {
    throw new Error(`calibrateConformal: ${proba.length} probabilities are not ${y.length} × ${K}`);
  }
  const scores: number[][] = Array.from({ length: K }, () => []);
  for (let r = 0; r < y.length; r++) {
    let finite = true;
    for (let k = 0; k < K; k++) if (!Number.isFinite(proba[r * K + k])) finite = false;
    if (!finite) continue;
    const c = y[r];
    if (!(Number.isInteger(c) && c >= 0 && c < K)) {
      throw new Error(`calibrateConformal: row ${r + 1} has class ${c}, outside 0..${K - 1}`);
    }
    scores[c].push(1 - proba[r * K + c]);
  }
  const alpha = 1 - confidence;
  const minCount = Math.ceil(1 / alpha - 1 - 1e-9);
  const thresholds: number[] = [];
  const warnings: string[] = [];
  const pct = Math.round(confidence * 1000) / 10;
  for (let k = 0; k < K; k++) {
    const s = scores[k].sort((a, b) => a - b);
    const rank = conformalRank(s.length, confidence);
    thresholds.push(rank > s.length ? Infinity : s[rank - 1]);
    if (s.length < minCount) {
      const name = classNames?.[k] ?? String(k);
      warnings.push(
        `Only ${s.length} patient${s.length === 1 ? '' : 's'} with the outcome “${name}” can calibrate the prediction sets; ` +
          `${pct} % confidence needs at least ${minCount}, so “${name}” can never be ruled out at this confidence.`,
      );
    }
  }
  return { confidence, thresholds, counts: scores.map((s) => s.length), warnings };
}

/** The prediction set of one patient: class indices (ascending) whose probability passes their threshold. */
export function predictionSet(cal: ConformalCalibration, proba: ArrayLike<number>): number[] {
  const K = cal.thresholds.length;
  if (proba.length !== K)
    throw new Error(`predictionSet: ${proba.length} probabilities for ${K} classes`);
  const set: number[] = [];
  for (let k = 0; k < K; k++) {
    const p = proba[k];
    if (Number.isNaN(p)) throw new Error(`predictionSet: the probability of class ${k} is NaN`);
    if (1 - p <= cal.thresholds[k]) set.push(k);
  }
  return set;
}

/**
 * Per class, the least probability that puts it in a set (1 − q_k, clipped to 0..1): 0 means the class can never
 * be ruled out at this confidence.
 */
export function setCutoffs(cal: ConformalCalibration): number[] {
  return cal.thresholds.map((q) => Math.min(1, Math.max(0, 1 - q)));
}

/**
 * What a prediction set says, for the words beside it: 'empty-between' (no outcome reached its cut-off for a patient
 * who looks like the cohort: between the outcomes at this confidence), 'empty-unlike' (empty, and the patient is
 * flagged unfamiliar or has values outside the training range), 'empty-unjudged' (empty, and familiarity cannot be
 * judged), 'single', 'several' (some outcomes ruled out, more than one left) or 'all' (none ruled out).
 */
export type SetReading =
  'empty-between' | 'empty-unlike' | 'empty-unjudged' | 'single' | 'several' | 'all';

/** Read a set of `setSize` outcomes out of `nClasses`, given whether the patient was flagged unlike the cohort. */
export function readSet(
  setSize: number,
  nClasses: number,
  patient: { unlikeCohort: boolean; familiarityKnown: boolean },
): SetReading {
  if (setSize === 0) {
    if (patient.unlikeCohort) return 'empty-unlike';
    return patient.familiarityKnown ? 'empty-between' : 'empty-unjudged';
  }
  if (setSize === 1) return 'single';
  return setSize >= nClasses ? 'all' : 'several';
}

/** The prediction set as outcome names (for `predictionSet` in the CLI's explain --json). */
export function predictionSetNames(
  cal: ConformalCalibration,
  proba: ArrayLike<number>,
  classNames: readonly string[],
): string[] {
  return predictionSet(cal, proba).map((k) => classNames[k] ?? String(k));
}

/** One cross-validation fold, as the evaluation has it. */
export interface ConformalFold {
  /** Rows of the table tested in this fold. */
  testRows: ArrayLike<number>;
  /** Their probabilities from the fold's model, row-major testRows.length×K, in testRows order. */
  testProba: ArrayLike<number>;
  /**
   * Calibration probabilities for every row of the table (nRows×K): the fold model's out-of-bag
   * probabilities on its training rows, NaN elsewhere (ForestModel.oobProba of a model grown with
   * `rows` is exactly this). Test rows must be NaN here: each fold calibrates on its training part only.
   */
  calibrationProba: ArrayLike<number>;
}

/** Coverage of the prediction sets measured on cross-validation folds. */
export interface ConformalCoverage {
  confidence: number;
  /** Fraction of test patients whose true outcome was in their set. */
  coverage: number;
  /** The same per true outcome (NaN when a class has no test patients). */
  coverageByClass: Record<string, number>;
  /** Mean number of outcomes per set. */
  meanSetSize: number;
  /** Fraction of empty sets (no outcome reached its cut-off: most often between the outcomes, see readSet). */
  emptyRate: number;
  /** Fraction of sets holding exactly one outcome: how informative the sets are (absent in older reports). */
  singleRate?: number;
  /** The same per true outcome (NaN when a class has no test patients). */
  singleRateByClass?: Record<string, number>;
  /** Test patients scored. */
  n: number;
  /** Calibration warnings from any fold, without repeats. */
  warnings: string[];
}

/**
 * Empirical coverage of the conformal sets over cross-validation folds: each fold is calibrated on
 * its own training part (calibrationProba) and its sets are scored on its test rows. `y` holds the
 * classes of all nRows rows.
 */
export function conformalCoverage(
  y: ArrayLike<number>,
  nClasses: number,
  folds: readonly ConformalFold[],
  confidence: number,
  classNames?: readonly string[],
): ConformalCoverage {
  checkConfidence(confidence);
  const K = nClasses;
  const nRows = y.length;
  const hit = new Float64Array(K);
  const total = new Float64Array(K);
  const single = new Float64Array(K);
  let setSizes = 0;
  let empty = 0;
  const warnings = new Set<string>();
  for (const [f, fold] of folds.entries()) {
    if (fold.calibrationProba.length !== nRows * K) {
      throw new Error(`Fold ${f + 1}: calibration probabilities are not ${nRows} rows × ${K}`);
    }
    if (fold.testProba.length !== fold.testRows.length * K) {
      throw new Error(
        `Fold ${f + 1}: test probabilities are not ${fold.testRows.length} rows × ${K}`,
      );
    }
    for (let i = 0; i < fold.testRows.length; i++) {
      const r = fold.testRows[i];
      if (Number.isFinite(fold.calibrationProba[r * K])) {
        throw new Error(
          `Fold ${f + 1}: test row ${r + 1} has a calibration probability; a fold must be calibrated on its training rows only`,
        );
      }
    }
    const cal = calibrateConformal(y, fold.calibrationProba, K, confidence, classNames);
    for (const w of cal.warnings) warnings.add(w);
    for (let i = 0; i < fold.testRows.length; i++) {
      const c = y[fold.testRows[i]];
      const p = Array.from({ length: K }, (_, k) => fold.testProba[i * K + k]);
      if (!p.every(Number.isFinite)) continue;
      const set = predictionSet(cal, p);
      total[c]++;
      if (set.includes(c)) hit[c]++;
      setSizes += set.length;
      if (set.length === 0) empty++;
      if (set.length === 1) single[c]++;
    }
  }
  let n = 0;
  let hits = 0;
  let singles = 0;
  const coverageByClass: Record<string, number> = {};
  const singleRateByClass: Record<string, number> = {};
  for (let k = 0; k < K; k++) {
    n += total[k];
    hits += hit[k];
    singles += single[k];
    const name = classNames?.[k] ?? String(k);
    coverageByClass[name] = total[k] > 0 ? hit[k] / total[k] : NaN;
    singleRateByClass[name] = total[k] > 0 ? single[k] / total[k] : NaN;
  }
  return {
    confidence,
    coverage: n > 0 ? hits / n : NaN,
    coverageByClass,
    meanSetSize: n > 0 ? setSizes / n : NaN,
    emptyRate: n > 0 ? empty / n : NaN,
    singleRate: n > 0 ? singles / n : NaN,
    singleRateByClass,
    n,
    warnings: [...warnings],
  };
}
