import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import {
  aucInterval,
  delong,
  figuresAtThreshold,
  metricIntervals,
  pairedAucDifference,
  percentileInterval,
  wilsonInterval,
  withIntervals,
  Z95,
} from './intervals';
import { argmaxRows, brierScore, computeMetrics, rocAuc, sensitivitySpecificity } from './metrics';
import { netBenefitAt } from './netBenefit';

const expit = (x: number): number => 1 / (1 + Math.exp(-x));

/** A standard normal draw (Box–Muller) from the seeded generator. */
function normal(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** m positives ~ N(d, 1) and n negatives ~ N(0, 1): a binormal model with AUC Φ(d/√2). */
function binormal(rng: Rng, d: number, m: number, n: number): { y: number[]; s: number[] } {
  const y: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < m; i++) {
    y.push(1);
    s.push(d + normal(rng));
  }
  for (let j = 0; j < n; j++) {
    y.push(0);
    s.push(normal(rng));
  }
  return { y, s };
}

describe('DeLong', () => {
  it('matches a hand-worked example with a tie (3 positives, 3 negatives)', () => {
    // Positives 0.8, 0.6, 0.4; negatives 0.6, 0.3, 0.2. ψ = 1 when the positive is higher, ½ when tied.
    //   V10 (per positive, share of negatives below): 0.8 → 3/3 = 1; 0.6 → (½ + 1 + 1)/3 = 5/6; 0.4 → 2/3.
    //   V01 (per negative, share of positives above): 0.6 → (1 + ½ + 0)/3 = ½; 0.3 → 1; 0.2 → 1.
    //   AUC = mean V10 = (1 + 5/6 + 2/3)/3 = 5/6 = mean V01.
    //   S10 = [(1/6)² + 0 + (1/6)²]/2 = 1/36;  S01 = [(1/3)² + (1/6)² + (1/6)²]/2 = 1/12.
    //   Var = S10/3 + S01/3 = (1/36 + 3/36)/3 = 1/27, SE = 0.19245.
    //   On the logit scale: logit(5/6) = ln 5; SE/(A(1 − A)) = √(1/27) · 36/5;
    //   interval = expit(ln 5 ∓ 1.96 · √(1/27) · 36/5) = 0.2485 … 0.9870.
    const y = [1, 1, 1, 0, 0, 0];
    const s = [0.8, 0.6, 0.4, 0.6, 0.3, 0.2];
    const d = delong(y, s);
    expect(d.auc).toBeCloseTo(5 / 6, 12);
    expect(Array.from(d.v10)).toEqual([1, 5 / 6, 2 / 3].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(d.v01)).toEqual([0.5, 1, 1].map((v) => expect.closeTo(v, 12)));
    expect(d.s10).toBeCloseTo(1 / 36, 12);
    expect(d.s01).toBeCloseTo(1 / 12, 12);
    expect(d.variance).toBeCloseTo(1 / 27, 12);
    const half = Z95 * Math.sqrt(1 / 27) * (36 / 5);
    const ci = aucInterval(y, s);
    expect(ci.method).toBe('delong');
    expect(ci.interval[0]).toBeCloseTo(expit(Math.log(5) - half), 10);
    expect(ci.interval[1]).toBeCloseTo(expit(Math.log(5) + half), 10);
    expect(ci.interval[0]).toBeCloseTo(0.2485, 4);
    expect(ci.interval[1]).toBeCloseTo(0.987, 3);
  });

  it('agrees with the pairwise definition on tied data, whatever the row order', () => {
    const rng = new Rng(11);
    const y: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < 40; i++) {
      y.push(rng.nextFloat() < 0.4 ? 1 : 0);
      s.push(Math.round((rng.nextFloat() + 0.3 * y[i]) * 8) / 8); // few distinct values: many ties
    }
    const pos = s.filter((_, i) => y[i] === 1);
    const neg = s.filter((_, i) => y[i] === 0);
    const psi = (a: number, b: number): number => (a > b ? 1 : a === b ? 0.5 : 0);
    const v10 = pos.map((a) => neg.reduce((t, b) => t + psi(a, b), 0) / neg.length);
    const v01 = neg.map((b) => pos.reduce((t, a) => t + psi(a, b), 0) / pos.length);
    const auc = v10.reduce((a, b) => a + b, 0) / v10.length;
    const sv = (v: number[]): number => v.reduce((t, x) => t + (x - auc) ** 2, 0) / (v.length - 1);
    const d = delong(y, s);
    expect(d.auc).toBeCloseTo(rocAuc(y, s), 12);
    expect(d.auc).toBeCloseTo(auc, 12);
    expect(d.variance).toBeCloseTo(sv(v10) / pos.length + sv(v01) / neg.length, 12);
  });

  it('gives the standard error a brute-force stratified bootstrap gives', () => {
    const rng = new Rng(5);
    const { y, s } = binormal(rng, 1.2, 60, 90);
    const d = delong(y, s);
    const pos = s.filter((_, i) => y[i] === 1);
    const neg = s.filter((_, i) => y[i] === 0);
    const aucs: number[] = [];
    const yy = [...pos.map(() => 1), ...neg.map(() => 0)];
    for (let b = 0; b < 2000; b++) {
      const draw = [
        ...pos.map(() => pos[rng.nextInt(pos.length)]),
        ...neg.map(() => neg[rng.nextInt(neg.length)]),
      ];
      aucs.push(rocAuc(yy, draw));
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((t, a) => t + (a - mean) ** 2, 0) / (aucs.length - 1));
    expect(d.se / sd).toBeGreaterThan(0.9);
    expect(d.se / sd).toBeLessThan(1.1);
  });

  it('covers the true AUC of a binormal model about 95 % of the time, also near 1 on small cohorts', () => {
    // Φ(1.19/√2) = 0.80 and Φ(2.33/√2) = 0.95. A plain DeLong interval (AUC ± 1.96 SE) covers the second only about
    // 83 % of the time on 20 + 20 patients; the logit scale keeps it near 95 %.
    const rng = new Rng(2024);
    const cases = [
      { d: 1.19, m: 30, n: 30, auc: 0.8 },
      { d: 2.33, m: 20, n: 20, auc: 0.95 },
      { d: 1.19, m: 12, n: 48, auc: 0.8 },
    ];
    for (const c of cases) {
      let covered = 0;
      const reps = 400;
      for (let r = 0; r < reps; r++) {
        const { y, s } = binormal(rng, c.d, c.m, c.n);
        const [lo, hi] = aucInterval(y, s).interval;
        if (lo <= c.auc && c.auc <= hi) covered++;
      }
      expect(covered / reps, `AUC ${c.auc}, ${c.m} + ${c.n}`).toBeGreaterThan(0.92);
      expect(covered / reps, `AUC ${c.auc}, ${c.m} + ${c.n}`).toBeLessThan(0.985);
    }
  });

  it('never claims certainty: perfect separation on 19 + 19 patients reaches down to 0.83', () => {
    const y = [...Array<number>(19).fill(1), ...Array<number>(19).fill(0)];
    const s = y.map((c, i) => c + i / 100);
    expect(delong(y, s).variance).toBe(0);
    const ci = aucInterval(y, s);
    expect(ci.method).toBe('variance-bound');
    // Wilson at n = min(19, 19) with 19 of 19: lower bound 19/(19 + z²).
    expect(ci.interval[0]).toBeCloseTo(19 / (19 + Z95 * Z95), 10);
    expect(ci.interval[1]).toBe(1);
  });

  it('has no interval with fewer than 2 patients of a class', () => {
    expect(aucInterval([1, 0, 0], [0.9, 0.1, 0.2]).interval.every(Number.isNaN)).toBe(true);
    expect(aucInterval([0, 0], [0.9, 0.1]).interval.every(Number.isNaN)).toBe(true);
  });
});

describe('pairedAucDifference', () => {
  it('matches a hand-worked example (3 positives, 3 negatives)', () => {
    // a: the DeLong example above, V10 = [1, 5/6, 2/3], V01 = [1/2, 1, 1], AUC 5/6.
    // b: positives 0.9, 0.1, 0.5, negatives 0.2, 0.4, 0.3: V10 = [1, 0, 1], V01 = [2/3, 2/3, 2/3], AUC 2/3.
    //   Differences: V10 [0, 5/6, −1/3] (mean 1/6, sample variance 13/36); V01 [−1/6, 1/3, 1/3] (mean 1/6,
    //   sample variance 1/12). Var = (13/36)/3 + (1/12)/3 = 4/27, SE = 2/√27.
    const y = [1, 1, 1, 0, 0, 0];
    const a = [0.8, 0.6, 0.4, 0.6, 0.3, 0.2];
    const b = [0.9, 0.1, 0.5, 0.2, 0.4, 0.3];
    const d = pairedAucDifference(y, a, b);
    expect(d.difference).toBeCloseTo(1 / 6, 12);
    expect(d.se).toBeCloseTo(2 / Math.sqrt(27), 12);
  });

  it('is far narrower than the unpaired errors when the two scores nearly agree', () => {
    const rng = new Rng(3);
    const { y, s } = binormal(rng, 1, 200, 200);
    const t = s.map((v) => v + 0.1 * normal(rng));
    const d = pairedAucDifference(y, s, t);
    const unpaired = Math.sqrt(delong(y, s).variance + delong(y, t).variance);
    expect(d.se).toBeGreaterThan(0);
    expect(d.se).toBeLessThan(unpaired / 4);
    expect(pairedAucDifference(y, s, s)).toEqual({ difference: 0, se: 0 });
  });
});

describe('Wilson and percentile intervals', () => {
  it('matches the published Wilson interval of 8 of 10 and stays inside 0–1', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(0, 0).every(Number.isNaN)).toBe(true);
  });

  it('takes numpy-style linear percentiles and skips NaN replicates', () => {
    const v = Array.from({ length: 101 }, (_, i) => i);
    const [lo, hi] = percentileInterval(v);
    expect(lo).toBeCloseTo(2.5, 12);
    expect(hi).toBeCloseTo(97.5, 12);
    expect(percentileInterval([NaN, 1, 1])).toEqual([1, 1]);
    expect(percentileInterval([NaN]).every(Number.isNaN)).toBe(true);
  });
});

/** Two-column probabilities of the positive scores. */
function binaryProba(s: number[]): Float64Array {
  const p = new Float64Array(s.length * 2);
  s.forEach((v, i) => {
    p[i * 2 + 1] = v;
    p[i * 2] = 1 - v;
  });
  return p;
}

describe('metricIntervals', () => {
  const rng = new Rng(9);
  const raw = binormal(rng, 1, 70, 130);
  const y = Uint8Array.from(raw.y);
  const s = raw.s.map((v) => 1 / (1 + Math.exp(-v + 0.5)));
  const proba = binaryProba(s);

  it('brackets every binary figure with the right kind of interval', () => {
    const ci = metricIntervals(y, proba, 2, { seed: 1, resamples: 500 });
    const m = computeMetrics(y, proba, 2, ['no', 'yes']);
    expect(ci.aucMethod).toBe('delong');
    expect(ci.auc).toEqual(aucInterval(y, s).interval);
    const correct = argmaxRows(proba, 2).reduce((a, p, i) => a + (p === y[i] ? 1 : 0), 0);
    expect(ci.accuracy).toEqual(wilsonInterval(correct, 200));
    for (const [name, value, [lo, hi]] of [
      ['balanced accuracy', m.balancedAccuracy, ci.balancedAccuracy],
      ['brier', brierScore(y, proba, 2), ci.brier],
    ] as const) {
      expect(lo, name).toBeLessThan(value);
      expect(hi, name).toBeGreaterThan(value);
      expect(hi - lo, name).toBeLessThan(0.2);
    }
    expect(ci.thresholds.map((t) => t.threshold)).toEqual(
      Array.from({ length: 99 }, (_, i) => Math.round((i + 1) * 1e7) / 1e9),
    );
    const at = ci.thresholds[49];
    expect(at.threshold).toBe(0.5);
    const ss = sensitivitySpecificity(y, s, 0.5);
    expect(at.sensitivity).toEqual(wilsonInterval(ss.tp, 70));
    expect(at.specificity).toEqual(wilsonInterval(ss.tn, 130));
    expect(at.accuracy).toEqual(wilsonInterval(ss.tp + ss.tn, 200));
    const nb = netBenefitAt(y, s, 0.5).model;
    expect(at.netBenefit[0]).toBeLessThan(nb);
    expect(at.netBenefit[1]).toBeGreaterThan(nb);
    const bal = (ss.sensitivity + ss.specificity) / 2;
    expect(at.balancedAccuracy[0]).toBeLessThan(bal);
    expect(at.balancedAccuracy[1]).toBeGreaterThan(bal);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = metricIntervals(y, proba, 2, { seed: 3, resamples: 200 });
    const b = metricIntervals(y, proba, 2, { seed: 3, resamples: 200 });
    const c = metricIntervals(y, proba, 2, { seed: 4, resamples: 200 });
    expect(b).toEqual(a);
    expect(c.brier).not.toEqual(a.brier);
  });

  it('reads sensitivity of the chosen positive class', () => {
    const flipped = metricIntervals(y, proba, 2, { seed: 1, resamples: 50, positive: 0 });
    const ss = sensitivitySpecificity(
      Uint8Array.from(y, (c) => 1 - c),
      s.map((v) => 1 - v),
      0.3,
    );
    expect(flipped.thresholds[29].sensitivity).toEqual(wilsonInterval(ss.tp, 130));
    // The AUC of the other class scored by its own probability is the same AUC.
    expect(flipped.auc[0]).toBeCloseTo(aucInterval(y, s).interval[0], 10);
  });

  it('bootstraps the macro AUC of three classes and skips rows without probabilities', () => {
    const r = new Rng(4);
    const n = 150;
    const yy = new Uint8Array(n);
    const pp = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      yy[i] = i % 3;
      const e = [0, 1, 2].map((k) => Math.exp((k === yy[i] ? 1 : 0) + normal(r)));
      const sum = e[0] + e[1] + e[2];
      for (let k = 0; k < 3; k++) pp[i * 3 + k] = e[k] / sum;
    }
    const withNaN = Float64Array.from([...pp, NaN, NaN, NaN]);
    const ci = metricIntervals(Uint8Array.from([...yy, 0]), withNaN, 3, {
      seed: 1,
      resamples: 300,
    });
    const m = computeMetrics(yy, pp, 3, ['a', 'b', 'c']);
    expect(ci.aucMethod).toBe('bootstrap');
    expect(ci.thresholds).toEqual([]);
    expect(ci.auc[0]).toBeLessThan(m.auc);
    expect(ci.auc[1]).toBeGreaterThan(m.auc);
    const correct = Math.round(m.accuracy * n);
    expect(ci.accuracy).toEqual(wilsonInterval(correct, n));
  });
});

describe('figuresAtThreshold', () => {
  it('reads sensitivity, specificity and net benefit at a threshold with their intervals', () => {
    const rng = new Rng(21);
    const raw = binormal(rng, 1, 40, 60);
    const y = Uint8Array.from(raw.y);
    const s = raw.s.map((v) => 1 / (1 + Math.exp(-v + 0.5)));
    const proba = binaryProba(s);
    const m = withIntervals(computeMetrics(y, proba, 2, ['no', 'yes']), y, proba, 2, {
      seed: 1,
      resamples: 100,
    });
    const at = figuresAtThreshold(m, 0.3)!;
    const ss = sensitivitySpecificity(y, s, 0.3);
    expect(at.sensitivity).toBe(ss.sensitivity);
    expect(at.specificity).toBe(ss.specificity);
    expect(at.netBenefit).toBeCloseTo(netBenefitAt(y, s, 0.3).model, 12);
    expect(at.intervals).toBe(m.intervals!.thresholds[29]);
    // Above every score nothing is called positive.
    expect(figuresAtThreshold(m, 0.999)?.sensitivity).toBe(0);
    expect(figuresAtThreshold(m, 0.999)?.intervals).toBeNull();
    expect(figuresAtThreshold({ ...m, curves: [m.curves[0], m.curves[0]] }, 0.5)).toBeNull();
  });
});
