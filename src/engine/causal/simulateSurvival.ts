/**
 * A simulated time-to-event cohort with a known effect of treatment on survival at a horizon, and censoring that
 * depends on the columns and the arm (so that leaving out the censored patients unweighted is biased):
 *   X ~ N(0, 1)^p; W ~ Bernoulli(0.2 + 0.6·Φ(X2)) (confounded by X2);
 *   event hazard λ(x, w) = 0.5·exp(0.6·X2 − w·min(1.2·max(X1, 0), 2.4)) (treatment helps patients with X1 > 0);
 *   censoring hazard 0.15·exp(0.4·X2 + 1.5·W), follow-up ending at 3 at the latest;
 *   true S(h | x, w) = exp(−λ(x, w)·h), and the effect τ(x) = S(h | x, 1) − S(h | x, 0).
 * Used by the tests and bench/survivalEffect.ts (which also writes it for R's grf).
 */
import { Rng } from '../forest/rng.ts';
import { gaussian, phi } from './simulate.ts';

/** A simulated cohort: X column-major, follow-up, arm and the true survival at the horizon in each arm. */
export interface SimulatedSurvivalCohort {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  time: Float64Array;
  event: Uint8Array;
  /** The event time T itself, censored or not (what an oracle without censoring would see). */
  eventTime: Float64Array;
  w: Uint8Array;
  horizon: number;
  /** True S(h | x, 1) and S(h | x, 0), and their difference τ(x). */
  survivalTreated: Float64Array;
  survivalUntreated: Float64Array;
  tau: Float64Array;
  propensity: Float64Array;
}

function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.nextFloat()) / rate;
}

/** Event hazard of the design at (x1, x2) in arm w. */
function hazard(x1: number, x2: number, w: number): number {
  return 0.5 * Math.exp(0.6 * x2 - w * Math.min(1.2 * Math.max(x1, 0), 2.4));
}

/** Simulate the design above with n patients, p >= 2 columns, horizon h (default 1). */
export function simulateSurvivalCohort(
  nRows: number,
  nFeatures: number,
  seed: number,
  horizon = 1,
): SimulatedSurvivalCohort {
  if (nFeatures < 2) throw new Error('The design needs at least 2 columns');
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nFeatures);
  for (let i = 0; i < X.length; i++) X[i] = gaussian(rng);
  const out: SimulatedSurvivalCohort = {
    X,
    nRows,
    nFeatures,
    time: new Float64Array(nRows),
    event: new Uint8Array(nRows),
    eventTime: new Float64Array(nRows),
    w: new Uint8Array(nRows),
    horizon,
    survivalTreated: new Float64Array(nRows),
    survivalUntreated: new Float64Array(nRows),
    tau: new Float64Array(nRows),
    propensity: new Float64Array(nRows),
  };
  for (let i = 0; i < nRows; i++) {
    // Float32 values, as the forest sees them.
    const x1 = X[i];
    const x2 = X[nRows + i];
    const e = 0.2 + 0.6 * phi(x2);
    const w = rng.nextFloat() < e ? 1 : 0;
    const t = exponential(rng, hazard(x1, x2, w));
    const c = Math.min(3, exponential(rng, 0.15 * Math.exp(0.4 * x2 + 1.5 * w)));
    out.w[i] = w;
    out.propensity[i] = e;
    out.eventTime[i] = t;
    out.time[i] = Math.min(t, c);
    out.event[i] = t <= c ? 1 : 0;
    out.survivalTreated[i] = Math.exp(-hazard(x1, x2, 1) * horizon);
    out.survivalUntreated[i] = Math.exp(-hazard(x1, x2, 0) * horizon);
    out.tau[i] = out.survivalTreated[i] - out.survivalUntreated[i];
  }
  return out;
}
