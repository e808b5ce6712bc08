/**
 * Decision curve analysis (Vickers & Elkin 2006) for a two-class outcome: is acting on the model at
 * a threshold probability t better than treating everyone or no one? Acting when p̂ ≥ t,
 *   NB(t) = TP/n − FP/n · t/(1 − t),
 * the true positives gained, less the false positives weighted by the odds at which a clinician
 * choosing t considers a false positive worth a true one. Treat-all: prevalence − (1 − prevalence)·t/(1 − t);
 * treat-none: 0. Computed from cross-validated (out-of-sample) probabilities, never training fits.
 */

/** Net benefit of the model and of the two default strategies at one threshold. */
export interface NetBenefitPoint {
  threshold: number;
  model: number;
  treatAll: number;
  treatNone: number;
  /** Patients with p̂ ≥ threshold who had the outcome / who did not. */
  tp: number;
  fp: number;
}

/** A decision curve over thresholds. */
export interface DecisionCurve {
  n: number;
  prevalence: number;
  points: NetBenefitPoint[];
}

/** Thresholds 0.01, 0.02, …, 0.99 (or from..to by step), rounded so they print cleanly. */
export function defaultThresholds(from = 0.01, to = 0.99, step = 0.01): number[] {
  const out: number[] = [];
  const count = Math.floor((to - from) / step + 1e-9);
  for (let i = 0; i <= count; i++) out.push(Math.round((from + i * step) * 1e9) / 1e9);
  return out;
}

function check(y: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (y.length !== scores.length) {
    throw new Error(`Net benefit: ${y.length} outcomes but ${scores.length} probabilities`);
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1)
      throw new Error(`Net benefit: row ${i + 1} has outcome ${y[i]}, not 0 or 1`);
    if (Number.isNaN(scores[i]))
      throw new Error(`Net benefit: the probability of row ${i + 1} is NaN`);
  }
}

function point(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  t: number,
  pos: number,
): NetBenefitPoint {
  if (!(t > 0 && t < 1))
    throw new Error(`Net benefit: a threshold must lie strictly between 0 and 1, got ${t}`);
  const n = y.length;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i] >= t) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  const odds = t / (1 - t);
  return {
    threshold: t,
    model: tp / n - (fp / n) * odds,
    treatAll: pos / n - ((n - pos) / n) * odds,
    treatNone: 0,
    tp,
    fp,
  };
}

/** Net benefit at one threshold (e.g. the Decision threshold slider's), `y` 1 for the outcome. */
export function netBenefitAt(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): NetBenefitPoint {
  check(y, scores);
  if (y.length === 0) throw new Error('Net benefit: there are no patients');
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  return point(y, scores, threshold, pos);
}

/** Decision curve of the model vs treat-all and treat-none over `thresholds` (default 0.01..0.99). */
export function decisionCurve(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  thresholds: readonly number[] = defaultThresholds(),
): DecisionCurve {
  check(y, scores);
  const n = y.length;
  if (n === 0) throw new Error('Net benefit: there are no patients');
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  return { n, prevalence: pos / n, points: thresholds.map((t) => point(y, scores, t, pos)) };
}

/**
 * Thresholds where the model beats both treat-all and treat-none by more than `margin`
 * (in net benefit units, i.e. true positives per patient), as [from, to] runs.
 */
export function usefulRanges(curve: DecisionCurve, margin = 0): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  let last = 0;
  for (const p of curve.points) {
    const better = p.model > Math.max(p.treatAll, p.treatNone) + margin;
    if (better && start === null) start = p.threshold;
    if (!better && start !== null) {
      out.push([start, last]);
      start = null;
    }
    last = p.threshold;
  }
  if (start !== null) out.push([start, last]);
  return out;
}
