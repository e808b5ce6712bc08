/**
 * Cross-validation of a survival forest: k folds stratified by event (so every fold has its share of events and of
 * censored patients), a forest per fold on the other folds, and figures over the pooled out-of-fold predictions:
 * - Harrell's C of the pooled out-of-fold risk scores (each fold's C too), with a 95 % percentile bootstrap interval
 *   over patients (the risks held fixed: the spread of the figure over cohorts like this one, not of the forest);
 * - the integrated IPCW Brier score of the out-of-fold survival curves over the 10th to 90th percentiles of the
 *   event times (81 steps, as scikit-survival's examples integrate between inner percentiles so that enough
 *   patients remain at risk), the censoring distribution estimated on the whole cohort (it is not part of the model,
 *   and every held-out patient's time then lies within it).
 */
import { stratifiedKFold, trainingRows } from '../evaluate/crossValidation.ts';
import { Rng } from '../forest/rng.ts';
import {
  curvesAt,
  fitSurvivalForest,
  predictCumHazard,
  riskFromCumHazard,
  survivalFromCumHazard,
} from '../forest/survivalForest.ts';
import type { SurvivalParams } from '../forest/survivalParams.ts';
import { integratedBrierScore } from './brier.ts';
import { harrellC } from './concordance.ts';

/** What a survival cross-validation needs of a dataset. */
export interface SurvivalCvData {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  time: Float64Array;
  event: Uint8Array;
}

/** Pooled out-of-fold figures of a survival cross-validation. */
export interface SurvivalCvReport {
  folds: number;
  /** Plain words when fewer folds than asked were used, else null. */
  foldNote: string | null;
  cindex: number;
  cindexInterval: [number, number];
  cindexFolds: number[];
  integratedBrier: number;
  /** The times the Brier score was integrated over. */
  brierTimes: Float64Array;
  /** Out-of-fold risk score of each row. */
  risk: Float64Array;
  fitSeconds: number;
}

/** Bootstrap resamples behind the C-index interval. */
const BOOTSTRAP = 200;

/** The times of the integrated Brier score: the 10th..90th percentiles of the event times, distinct. */
export function brierTimes(time: ArrayLike<number>, event: ArrayLike<number>): Float64Array {
  const ev: number[] = [];
  for (let i = 0; i < time.length; i++) if (event[i] === 1) ev.push(time[i]);
  ev.sort((a, b) => a - b);
  let maxTime = -Infinity;
  for (let i = 0; i < time.length; i++) maxTime = Math.max(maxTime, time[i]);
  const out: number[] = [];
  for (let p = 10; p <= 90; p++) {
    const t = ev[Math.min(ev.length - 1, Math.floor((p / 100) * (ev.length - 1)))];
    if (t < maxTime && (out.length === 0 || t > out[out.length - 1])) out.push(t);
  }
  if (out.length < 2) {
    throw new Error(
      'The event times are too few or too alike to integrate the Brier score over (needs two)',
    );
  }
  return Float64Array.from(out);
}

/** Stratified k-fold cross-validation of a survival forest (see the file comment). */
export function crossValidateSurvival(
  data: SurvivalCvData,
  options: { folds: number; params: Partial<SurvivalParams>; seed: number },
): SurvivalCvReport {
  const { nRows: n, nFeatures: p } = data;
  const split = stratifiedKFold(data.event, 2, options.folds, options.seed, ['censored', 'event']);
  const times = brierTimes(data.time, data.event);
  const nt = times.length;
  const risk = new Float64Array(n);
  const surv = new Float64Array(n * nt);
  const cindexFolds: number[] = [];
  let fitSeconds = 0;
  for (let f = 0; f < split.k; f++) {
    const test = split.folds[f];
    const train = trainingRows(split, f, n);
    const start = performance.now();
    const model = fitSurvivalForest(
      data.X,
      n,
      p,
      data.isCategorical,
      data.time,
      data.event,
      { ...options.params, oobScore: false },
      { rows: train },
    );
    fitSeconds += (performance.now() - start) / 1000;
    const m = test.length;
    const Xt = new Float32Array(m * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) Xt[j * m + i] = data.X[j * n + test[i]];
    const H = predictCumHazard(model, Xt, m);
    const r = riskFromCumHazard(H, model.timeGrid.length);
    const s = curvesAt(survivalFromCumHazard(H), model.timeGrid, times, 1);
    for (let i = 0; i < m; i++) {
      risk[test[i]] = r[i];
      for (let k = 0; k < nt; k++) surv[test[i] * nt + k] = s[i * nt + k];
    }
    try {
      cindexFolds.push(
        harrellC(
          {
            time: Array.from(test, (i) => data.time[i]),
            event: Array.from(test, (i) => data.event[i]),
          },
          r,
        ).cindex,
      );
    } catch {
      cindexFolds.push(NaN);
    }
  }
  const outcome = { time: data.time, event: data.event };
  const cindex = harrellC(outcome, risk).cindex;
  return {
    folds: split.k,
    foldNote: split.note,
    cindex,
    cindexInterval: bootstrapInterval(data.time, data.event, risk, options.seed),
    cindexFolds,
    integratedBrier: integratedBrierScore(outcome, outcome, surv, times),
    brierTimes: times,
    risk,
    fitSeconds,
  };
}

/** 95 % percentile interval of Harrell's C over patients resampled with replacement (resamples without a pair skipped). */
export function bootstrapInterval(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  seed: number,
): [number, number] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const n = time.length;
  const bt = new Float64Array(n);
  const be = new Uint8Array(n);
  const br = new Float64Array(n);
  const values: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    for (let i = 0; i < n; i++) {
      const j = rng.nextInt(n);
      bt[i] = time[j];
      be[i] = event[j];
      br[i] = risk[j];
    }
    try {
      values.push(harrellC({ time: bt, event: be }, br).cindex);
    } catch {
      // No comparable pair in this resample: it says nothing about the spread.
    }
  }
  if (values.length < 20) return [NaN, NaN];
  values.sort((a, b) => a - b);
  const q = (x: number): number =>
    values[Math.min(values.length - 1, Math.floor(x * values.length))];
  return [q(0.025), q(0.975)];
}
