/**
 * Simulated cohorts with known effects, after grf's designs (Wager & Athey 2018; Nie & Wager), scaled so every
 * probability stays in [0, 1]: X ~ N(0, 1)^p; P(Y = 1 | x, w) = b(x) + w·τ(x). Used by the tests and the bench.
 */
import { Rng } from '../forest/rng.ts';

export type Design = 'heterogeneous' | 'constant' | 'poorOverlap' | 'randomised' | 'strong';

/** A simulated cohort: X column-major, the true effect and propensity of every patient. */
export interface SimulatedCohort {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  y: Uint8Array;
  w: Uint8Array;
  tau: Float64Array;
  propensity: Float64Array;
  /** P(Y = 1 | x) without treatment: with tau and propensity, the true m(x) = baseline + propensity·tau. */
  baseline: Float64Array;
}

/** A logistic stand-in for the normal CDF (within 0.01 of it): the designs only need a smooth S-curve. */
export function phi(x: number): number {
  return 1 / (1 + Math.exp(-1.702 * x));
}

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Designs: 'heterogeneous' τ = 0.2·min(max(X1, 0), 2), confounded e = 0.2 + 0.6·Φ(X2) with baseline
 * b = 0.15 + 0.3·Φ(X2); 'constant' τ = 0.1, same confounding; 'poorOverlap' the heterogeneous effect with
 * e = logistic(6·X2) (about a fifth of patients beyond 0.01/0.99); 'randomised' heterogeneous, e = 0.5; 'strong'
 * a harmful-to-helpful effect τ = 0.1 + 0.3·tanh(2·X1) (−0.2 to 0.4) on baseline 0.25 + 0.3·Φ(X2), same confounding.
 */
export function simulateCohort(
  design: Design,
  nRows: number,
  nFeatures: number,
  seed: number,
): SimulatedCohort {
  if (nFeatures < 2) throw new Error('The designs need at least 2 columns');
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nFeatures);
  for (let i = 0; i < X.length; i++) X[i] = gaussian(rng);
  const y = new Uint8Array(nRows);
  const w = new Uint8Array(nRows);
  const tau = new Float64Array(nRows);
  const propensity = new Float64Array(nRows);
  const baseline = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const x1 = X[r];
    const x2 = X[nRows + r];
    const base = (design === 'strong' ? 0.25 : 0.15) + 0.3 * phi(x2);
    baseline[r] = base;
    tau[r] = effectAt(design, x1);
    propensity[r] =
      design === 'randomised'
        ? 0.5
        : design === 'poorOverlap'
          ? 1 / (1 + Math.exp(-6 * x2))
          : 0.2 + 0.6 * phi(x2);
    w[r] = rng.nextFloat() < propensity[r] ? 1 : 0;
    y[r] = rng.nextFloat() < base + w[r] * tau[r] ? 1 : 0;
  }
  return { X, nRows, nFeatures, y, w, tau, propensity, baseline };
}

/** The true effects of fresh patients X (column-major) under a design. */
export function trueEffect(design: Design, X: Float32Array, nRows: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) out[r] = effectAt(design, X[r]);
  return out;
}

function effectAt(design: Design, x1: number): number {
  if (design === 'constant') return 0.1;
  if (design === 'strong') return 0.1 + 0.3 * Math.tanh(2 * x1);
  return 0.2 * Math.min(Math.max(x1, 0), 2);
}

/** A simulated cohort of three arms: arm 0 the comparison, per-arm true effects and propensities. */
export interface SimulatedArms {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  y: Uint8Array;
  arm: Uint8Array;
  /** tau[r·2 + k]: patient r's true effect of arm k + 1 vs arm 0. */
  tau: Float64Array;
  /** propensity[r·3 + k]: patient r's true chance of arm k. */
  propensity: Float64Array;
}

/**
 * Three arms, confounded by X2: chances ∝ (1, exp(c·X2), exp(−c·X2)), c = `confounding` (0.6; 6 leaves many patients
 * beyond 0.01/0.99); baseline b = 0.15 + 0.3·Φ(X2); arm 1's effect the heterogeneous 0.2·min(max(X1, 0), 2), arm 2's
 * a constant −0.1 (every probability within [0.05, 0.85]).
 */
export function simulateArms(
  nRows: number,
  nFeatures: number,
  seed: number,
  confounding = 0.6,
): SimulatedArms {
  if (nFeatures < 2) throw new Error('The design needs at least 2 columns');
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nFeatures);
  for (let i = 0; i < X.length; i++) X[i] = gaussian(rng);
  const y = new Uint8Array(nRows);
  const arm = new Uint8Array(nRows);
  const tau = new Float64Array(nRows * 2);
  const propensity = new Float64Array(nRows * 3);
  for (let r = 0; r < nRows; r++) {
    const x1 = X[r];
    const x2 = X[nRows + r];
    const odds = [1, Math.exp(confounding * x2), Math.exp(-confounding * x2)];
    const sum = odds[0] + odds[1] + odds[2];
    for (let k = 0; k < 3; k++) propensity[r * 3 + k] = odds[k] / sum;
    tau[r * 2] = effectAt('heterogeneous', x1);
    tau[r * 2 + 1] = -0.1;
    const u = rng.nextFloat();
    arm[r] = u < propensity[r * 3] ? 0 : u < propensity[r * 3] + propensity[r * 3 + 1] ? 1 : 2;
    const p = 0.15 + 0.3 * phi(x2) + (arm[r] === 0 ? 0 : tau[r * 2 + arm[r] - 1]);
    y[r] = rng.nextFloat() < p ? 1 : 0;
  }
  return { X, nRows, nFeatures, y, arm, tau, propensity };
}
