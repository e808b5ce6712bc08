/**
 * The checks grf users rely on, from the out-of-bag nuisance estimates and effects:
 * - average effects by augmented inverse-propensity weighting (all patients, the treated) and the
 *   overlap-weighted average (the residual-on-residual regression), each with a standard error;
 * - the overlap warning (estimated propensities at or beyond 0.01 / 0.99) with the share affected;
 * - the best-linear-predictor calibration test: regress y − m on ⟨τ⟩(w − e) and (τ − ⟨τ⟩)(w − e); a differential
 *   coefficient clearly above 0 says the forest finds real heterogeneity, near 1 that it is well calibrated.
 * Standard errors of the regressions are heteroskedasticity-robust (HC3); p-values one-sided (coefficient > 0),
 * normal approximation to the t distribution (off by under 0.001 beyond 200 patients).
 *
 * With sample weights G (e.g. censoring weights) every average is G-weighted as in grf: the AIPW average is
 * Σ G·Γ / Σ G with variance Σ G²(Γ − τ)² / (Σ G)² · n/(n − 1), and the regressions are weighted least squares (HC3 on
 * the √G-scaled rows, as R's sandwich does for a weighted lm). Without weights the figures are unchanged.
 */
import { normalSf } from './normal.ts';

/** An estimate with its standard error and 95 % interval. */
export interface Estimate {
  estimate: number;
  standardError: number;
  lower: number;
  upper: number;
}

const Z95 = 1.959963984540054;

function estimate(value: number, se: number): Estimate {
  return { estimate: value, standardError: se, lower: value - Z95 * se, upper: value + Z95 * se };
}

/** What the effect checks need per training patient (all out of bag). */
export interface EffectInputs {
  /** Outcome, 0/1 (positive class = 1). */
  y: Uint8Array;
  /** Treatment, 0/1 (treated = 1). */
  w: Uint8Array;
  m: Float64Array;
  e: Float64Array;
  tau: Float64Array;
  /** Positive sample weights; absent: every patient weighs 1. */
  weights?: Float64Array;
}

/** Doubly robust scores Γ: their mean is the AIPW average effect. */
export function aipwScores(inp: EffectInputs): Float64Array {
  const { y, w, m, e, tau } = inp;
  const n = y.length;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const resid = y[i] - m[i] - (w[i] - e[i]) * tau[i];
    g[i] = tau[i] + ((w[i] - e[i]) / (e[i] * (1 - e[i]))) * resid;
  }
  return g;
}

const UNDEFINED: Estimate = { estimate: NaN, standardError: NaN, lower: NaN, upper: NaN };

/** Patients whose propensity is exactly 0 or 1: inverse-propensity weights are infinite there. */
export function countDegeneratePropensities(e: Float64Array): number {
  let k = 0;
  for (let i = 0; i < e.length; i++) if (!(e[i] > 0 && e[i] < 1)) k++;
  return k;
}

/** Average effect over all patients (AIPW) and its standard error; NaN when a propensity is 0 or 1. */
export function averageEffect(inp: EffectInputs): Estimate {
  if (countDegeneratePropensities(inp.e) > 0) return UNDEFINED;
  const g = aipwScores(inp);
  const n = g.length;
  const sw = inp.weights;
  if (sw) {
    let total = 0;
    let wmean = 0;
    for (let i = 0; i < n; i++) {
      total += sw[i];
      wmean += sw[i] * g[i];
    }
    wmean /= total;
    let wss = 0;
    for (let i = 0; i < n; i++) wss += (sw[i] * (g[i] - wmean)) ** 2;
    return estimate(wmean, Math.sqrt(((wss / (total * total)) * n) / (n - 1)));
  }
  return meanEstimate(g);
}

/** The mean of doubly robust scores with its standard error (the AIPW average of unweighted patients). */
export function meanEstimate(g: Float64Array): Estimate {
  const n = g.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += g[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (g[i] - mean) ** 2;
  return estimate(mean, Math.sqrt(ss / (n * (n - 1))));
}

/**
 * Doubly robust scores of a multi-arm fit (grf's get_scores for multi_arm_causal_forest): with μ₀ = m − Σ_k e_k τ_k
 * and μ_k = μ₀ + τ_k, Γ_k = τ_k + (1{W = k}/e_k − 1{W = 0}/e₀)(Y − μ_W); arm 0 is the comparison. Returns n × (K − 1),
 * patient after patient; NaN where a propensity that enters is 0.
 */
export function multiArmScores(
  y: Uint8Array,
  arm: Uint8Array,
  arms: number,
  m: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): Float64Array {
  const n = y.length;
  const A = arms - 1;
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    let mu0 = m[i];
    for (let k = 0; k < A; k++) mu0 -= e[i * arms + k + 1] * tau[i * A + k];
    const wi = arm[i];
    const resid = y[i] - (wi === 0 ? mu0 : mu0 + tau[i * A + wi - 1]);
    for (let k = 0; k < A; k++) {
      const ipw = (wi === k + 1 ? 1 / e[i * arms + k + 1] : 0) - (wi === 0 ? 1 / e[i * arms] : 0);
      out[i * A + k] = tau[i * A + k] + ipw * resid;
    }
  }
  return out;
}

/**
 * Average effect on the treated (doubly robust, controls weighted by e/(1 − e)), with its influence-function SE;
 * NaN when a comparison patient's propensity is 1.
 */
export function averageEffectOnTreated(inp: EffectInputs): Estimate {
  const { y, w, m, e, tau } = inp;
  const n = y.length;
  for (let i = 0; i < n; i++) if (w[i] === 0 && !(e[i] < 1)) return UNDEFINED;
  const contrib = new Float64Array(n);
  let nTreated = 0;
  let sum = 0;
  const sw = inp.weights;
  for (let i = 0; i < n; i++) {
    const mu0 = m[i] - e[i] * tau[i];
    const r = y[i] - mu0;
    contrib[i] = w[i] === 1 ? r : (-e[i] / (1 - e[i])) * r;
    // Weighted: each patient's contribution and treated count scaled by its weight.
    if (sw) contrib[i] *= sw[i];
    sum += contrib[i];
    nTreated += sw ? sw[i] * w[i] : w[i];
  }
  const att = sum / nTreated;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const psi = contrib[i] - (sw ? sw[i] : 1) * w[i] * att;
    ss += psi * psi;
  }
  return estimate(att, Math.sqrt(ss) / nTreated);
}

/** Overlap-weighted average effect: slope of y − m on w − e (weights e(1 − e)), HC3 standard error. */
export function overlapWeightedEffect(inp: EffectInputs): Estimate {
  const n = inp.y.length;
  const yr = new Float64Array(n);
  const one = new Float64Array(n).fill(1);
  const wr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yr[i] = inp.y[i] - inp.m[i];
    wr[i] = inp.w[i] - inp.e[i];
  }
  const fit = olsHc3(yr, [one, wr], inp.weights);
  return estimate(fit.coef[1], fit.se[1]);
}

/** Propensity overlap: range, the share at or beyond grf's 0.01 / 0.99 bounds, and a histogram per arm. */
export interface Overlap {
  min: number;
  max: number;
  /** Patients with an estimated propensity <= 0.01 or >= 0.99. */
  extremeCount: number;
  extremeShare: number;
  /** True when any patient's propensity is that extreme: effects there rest on extrapolation. */
  warning: boolean;
  /** Counts in 10 bins of width 0.1 over [0, 1], for the comparison arm and the treated arm. */
  histogram: { comparison: number[]; treated: number[] };
}

/** Overlap check of the out-of-bag propensities. */
export function overlapCheck(e: Float64Array, w: Uint8Array, bound = 0.01): Overlap {
  let min = Infinity;
  let max = -Infinity;
  let extreme = 0;
  const comparison = new Array<number>(10).fill(0);
  const treated = new Array<number>(10).fill(0);
  for (let i = 0; i < e.length; i++) {
    const v = e[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v <= bound || v >= 1 - bound) extreme++;
    const bin = Math.min(9, Math.floor(v * 10));
    (w[i] === 1 ? treated : comparison)[bin]++;
  }
  return {
    min,
    max,
    extremeCount: extreme,
    extremeShare: extreme / e.length,
    warning: extreme > 0,
    histogram: { comparison, treated },
  };
}

/** The best-linear-predictor calibration test's two coefficients. */
export interface Calibration {
  /** Coefficient of the mean forest prediction (1 when the average effect is right). */
  mean: number;
  meanSe: number;
  meanP: number;
  /** Coefficient of the differential forest prediction (1 when the heterogeneity is right, 0 when none). */
  differential: number;
  differentialSe: number;
  /** One-sided p-value of "no heterogeneity the forest can find". */
  differentialP: number;
}

/** grf's test_calibration on out-of-bag effects. */
export function calibrationTest(inp: EffectInputs): Calibration {
  const { y, w, m, e, tau, weights } = inp;
  const n = y.length;
  let tbar = 0;
  if (weights) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      tbar += weights[i] * tau[i];
      total += weights[i];
    }
    tbar /= total;
  } else {
    for (let i = 0; i < n; i++) tbar += tau[i];
    tbar /= n;
  }
  const yr = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wr = w[i] - e[i];
    yr[i] = y[i] - m[i];
    c[i] = tbar * wr;
    d[i] = (tau[i] - tbar) * wr;
  }
  return calibrationOf(olsHc3(yr, [c, d], weights));
}

/**
 * The same test on doubly robust scores Γ (a multi-arm forest's, where no single w − e exists): regress Γ on τ̄ and
 * τ − τ̄ (τ̄ the mean of `tau`), as in Chernozhukov et al.'s best linear predictor; E[Γ | x] is the true effect, so
 * the coefficients read as grf's: 1 and 1 when the average and the differences are right, differential 0 when the
 * forest's differences are noise.
 */
export function scoreCalibrationTest(scores: Float64Array, tau: Float64Array): Calibration {
  const n = scores.length;
  if (tau.length !== n) throw new Error('Scores and effects differ in length');
  let tbar = 0;
  for (let i = 0; i < n; i++) tbar += tau[i];
  tbar /= n;
  const c = new Float64Array(n).fill(tbar);
  const d = Float64Array.from(tau, (t) => t - tbar);
  return calibrationOf(olsHc3(scores, [c, d]));
}

/** The calibration coefficients of a fit on [mean prediction, differential prediction], p-values one-sided. */
function calibrationOf(fit: { coef: number[]; se: number[] }): Calibration {
  return {
    mean: fit.coef[0],
    meanSe: fit.se[0],
    meanP: normalSf(fit.coef[0] / fit.se[0]),
    differential: fit.coef[1],
    differentialSe: fit.se[1],
    differentialP: normalSf(fit.coef[1] / fit.se[1]),
  };
}

/**
 * Least squares of y on the given columns (no implicit intercept) with HC3 standard errors; with weights, weighted
 * least squares (the same on rows scaled by √weight).
 */
export function olsHc3(
  yIn: Float64Array,
  colsIn: Float64Array[],
  weights?: Float64Array,
): { coef: number[]; se: number[] } {
  const root = weights && weights.map(Math.sqrt);
  const y = root ? yIn.map((v, i) => v * root[i]) : yIn;
  const cols = root ? colsIn.map((c) => c.map((v, i) => v * root[i])) : colsIn;
  const k = cols.length;
  const n = y.length;
  const xtx: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      xty[a] += cols[a][i] * y[i];
      for (let b = 0; b < k; b++) xtx[a][b] += cols[a][i] * cols[b][i];
    }
  }
  const inv = invert(xtx);
  if (!inv) {
    const nan = new Array<number>(k).fill(NaN);
    return { coef: nan, se: nan };
  }
  const coef = inv.map((row) => row.reduce((s, v, b) => s + v * xty[b], 0));
  const meat: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const x = new Array<number>(k);
  const ix = new Array<number>(k);
  for (let i = 0; i < n; i++) {
    let fitted = 0;
    for (let a = 0; a < k; a++) {
      x[a] = cols[a][i];
      fitted += coef[a] * x[a];
    }
    let h = 0;
    for (let a = 0; a < k; a++) {
      ix[a] = 0;
      for (let b = 0; b < k; b++) ix[a] += inv[a][b] * x[b];
      h += x[a] * ix[a];
    }
    const r = y[i] - fitted;
    const wgt = (r * r) / Math.max(1e-12, (1 - h) ** 2);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a][b] += x[a] * x[b] * wgt;
  }
  const se = new Array<number>(k);
  for (let a = 0; a < k; a++) {
    let v = 0;
    for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) v += inv[a][b] * meat[b][c] * inv[c][a];
    se[a] = Math.sqrt(v);
  }
  return { coef, se };
}

/** Inverse of a small symmetric matrix by Gauss–Jordan with partial pivoting; null when singular. */
function invert(m: number[][]): number[][] | null {
  const k = m.length;
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(m[i][i]));
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    if (!(Math.abs(a[piv][col]) > 1e-12 * scale)) return null;
    [a[col], a[piv]] = [a[piv], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * k; j++) a[col][j] /= p;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r][col];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(k));
}
