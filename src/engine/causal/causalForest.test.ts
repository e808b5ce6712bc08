import { describe, expect, it } from 'vitest';
import { binFeatures } from '../forest/binning.ts';
import { fitForest } from '../forest/forest.ts';
import { predictProba } from '../forest/predict.ts';
import {
  CI_GROUP_SIZE,
  fitCausalForest,
  growCausalBags,
  packCausalTrees,
  unpackCausalTrees,
  type CausalTree,
  objectiveBayesDebias,
  predictCausal,
  predictCausalOob,
  predictMean,
  predictMeanOob,
  validateCausalParams,
} from './causalForest.ts';
import { nuisanceParams } from './nuisance.ts';
import {
  averageEffect,
  averageEffectOnTreated,
  calibrationTest,
  olsHc3,
  overlapWeightedEffect,
} from './checks.ts';
import { fitEffects, predictEffects } from './effects.ts';
import { normalSf } from './normal.ts';
import { simulateCohort, type SimulatedCohort } from './simulate.ts';

const P = 10;
const CAT = new Uint8Array(P);

function coverage(lower: Float64Array, upper: Float64Array, truth: Float64Array): number {
  let c = 0;
  for (let i = 0; i < truth.length; i++) if (lower[i] <= truth[i] && truth[i] <= upper[i]) c++;
  return c / truth.length;
}

function rmse(est: ArrayLike<number>, truth: Float64Array): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (est[i] - truth[i]) ** 2;
  return Math.sqrt(s / truth.length);
}

function mean(v: Float64Array): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** T-learner: one GenoForest forest per arm, effect = P(Y | treated) − P(Y | comparison). */
function tLearner(c: SimulatedCohort, test: SimulatedCohort, trees: number): Float64Array {
  const probs = [0, 1].map((arm) => {
    const keep: number[] = [];
    for (let i = 0; i < c.nRows; i++) if (c.w[i] === arm) keep.push(i);
    const X = new Float32Array(keep.length * P);
    for (let f = 0; f < P; f++)
      for (let i = 0; i < keep.length; i++) X[f * keep.length + i] = c.X[f * c.nRows + keep[i]];
    const y = Uint8Array.from(keep.map((i) => c.y[i]));
    const model = fitForest(X, keep.length, P, CAT, y, 2, { nEstimators: trees, randomState: 3 });
    return predictProba(model, test.X, test.nRows);
  });
  return Float64Array.from(
    { length: test.nRows },
    (_, i) => probs[1][i * 2 + 1] - probs[0][i * 2 + 1],
  );
}

describe('causal forest growth', () => {
  const c = simulateCohort('heterogeneous', 400, P, 7);
  const binned = binFeatures(c.X, c.nRows, P, CAT);
  const yr = Float64Array.from(c.y, (v) => v - 0.4);
  const wr = Float64Array.from(c.w, (v) => v - 0.5);

  it('is the same forest whether its bags are grown together or in shards', () => {
    const params = validateCausalParams({ numTrees: 20, randomState: 11 }, P);
    const whole = fitCausalForest(binned, yr, wr, params);
    const shards = [
      ...growCausalBags(binned, yr, wr, params, [0, 1, 2, 3]),
      ...growCausalBags(binned, yr, wr, params, [4, 5, 6, 7, 8, 9]),
    ];
    expect(shards.map((t) => Array.from(t.leafStats))).toEqual(
      whole.trees.map((t) => Array.from(t.leafStats)),
    );
    const again = fitCausalForest(binned, yr, wr, params);
    expect(Array.from(predictCausalOob(again, binned).effect)).toEqual(
      Array.from(predictCausalOob(whole, binned).effect),
    );
    const other = fitCausalForest(binned, yr, wr, { ...params, randomState: 12 });
    expect(Array.from(predictCausalOob(other, binned).effect)).not.toEqual(
      Array.from(predictCausalOob(whole, binned).effect),
    );
  });

  it('packs trees into flat arrays and back unchanged (how they cross threads)', () => {
    const forest = fitCausalForest(binned, yr, wr, { numTrees: 6, randomState: 3 });
    const back = unpackCausalTrees(packCausalTrees(forest.trees));
    expect(back).toHaveLength(6);
    const plain = (t: CausalTree) => Object.values(t).map((v: ArrayLike<number>) => Array.from(v));
    expect(back.map(plain)).toEqual(forest.trees.map(plain));
    expect(unpackCausalTrees(packCausalTrees([]))).toEqual([]);
  });

  it('draws half the patients per bag, fills leaves with the honest half only', () => {
    const forest = fitCausalForest(binned, yr, wr, { numTrees: 10, randomState: 5 });
    for (let b = 0; b < 5; b++) {
      const [t1, t2] = forest.trees.slice(b * CI_GROUP_SIZE, (b + 1) * CI_GROUP_SIZE);
      let drawn = 0;
      for (let r = 0; r < 400; r++) {
        const d1 = (t1.drawn[r >>> 5] >>> (r & 31)) & 1;
        const d2 = (t2.drawn[r >>> 5] >>> (r & 31)) & 1;
        // sampleFraction 0.5: both trees of a bag take the bag's whole half.
        expect(d1).toBe(d2);
        drawn += d1;
      }
      expect(drawn).toBe(200);
      for (const t of [t1, t2]) {
        let filled = 0;
        for (let i = 0; i < t.left.length; i++) if (t.left[i] === -1) filled += t.leafCount[i];
        // Leaves reachable from the root hold exactly the 100 leaf-filling patients.
        expect(countReachable(t)).toBe(100);
        expect(filled).toBeGreaterThanOrEqual(100);
      }
    }
  });

  it('routes new raw rows as their training bins', () => {
    const forest = fitCausalForest(binned, yr, wr, { numTrees: 10, randomState: 5 });
    // Rows drawn by no tree would be out of bag everywhere; compare on all trees instead.
    const raw = predictCausal(forest, c.X, c.nRows);
    const viaBins = predictCausalOob({ ...forest, trees: forest.trees.map(undrawn) }, binned);
    expect(Array.from(raw.effect)).toEqual(Array.from(viaBins.effect));
  });

  it('refuses settings without valid intervals', async () => {
    expect(() => validateCausalParams({ numTrees: 11 }, P)).toThrow(/even/);
    expect(() => validateCausalParams({ sampleFraction: 0.6 }, P)).toThrow(/0\.5/);
    const w = new Uint8Array(400).fill(1);
    await expect(fitEffects(c.X, 400, P, CAT, c.y, w, { numTrees: 10 })).rejects.toThrow(
      /same treatment/,
    );
  });
});

function countReachable(t: {
  left: Int32Array;
  right: Int32Array;
  leafCount: Uint32Array;
}): number {
  let total = 0;
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (t.left[i] === -1) total += t.leafCount[i];
    else stack.push(t.left[i], t.right[i]);
  }
  return total;
}

function undrawn<T extends { drawn: Uint32Array }>(t: T): T {
  return { ...t, drawn: new Uint32Array(t.drawn.length) };
}

describe('statistics helpers', () => {
  it('gives the normal tail and grf-style debiased variances', () => {
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 6);
    expect(normalSf(-1)).toBeCloseTo(0.8413447, 6);
    // A clear signal is left alone; pure noise still gives a small positive variance.
    expect(objectiveBayesDebias(1, 0.01, 1000)).toBeCloseTo(0.99, 6);
    const noisy = objectiveBayesDebias(0.01, 0.011, 1000);
    expect(noisy).toBeGreaterThan(0);
    expect(noisy).toBeLessThan(0.002);
  });

  it('fits least squares with HC3 errors', () => {
    // Intercept 2.3 and slope 2.8 by hand, then HC3 against a hand computation.
    const a = Float64Array.from([1, 1, 1, 1]);
    const b = Float64Array.from([0, 1, 2, 3]);
    const y = Float64Array.from([2.5, 4.5, 8.5, 10.5]);
    const fit = olsHc3(y, [a, b]);
    expect(fit.coef[0]).toBeCloseTo(2.3, 10);
    expect(fit.coef[1]).toBeCloseTo(2.8, 10);
    // Residuals 0.2, -0.6, 0.6, -0.2 with leverages 0.7, 0.3, 0.3, 0.7.
    const r = [0.2, -0.6, 0.6, -0.2];
    const h = [0.7, 0.3, 0.3, 0.7];
    const u = r.map((v, i) => (v * v) / (1 - h[i]) ** 2);
    // (X'X)^-1 rows for slope: [-0.3, 0.2]; slope variance = Σ (−0.3 + 0.2 b_i)² u_i.
    const slopeVar = u.reduce((s, v, i) => s + (-0.3 + 0.2 * b[i]) ** 2 * v, 0);
    expect(fit.se[1]).toBeCloseTo(Math.sqrt(slopeVar), 10);
  });
});

describe('nuisance forests (honest regression forests, as grf)', () => {
  it('draw half the patients per tree independently, fill leaves with half of those, and estimate e(x) out of bag', () => {
    const n = 600;
    const c = simulateCohort('heterogeneous', n, P, 4);
    const binned = binFeatures(c.X, n, P, CAT);
    const params = nuisanceParams(400, P, 9);
    expect(params.numTrees).toBe(100);
    expect(params.target).toBe('mean');
    const forest = fitCausalForest(binned, Float64Array.from(c.w), new Float64Array(n), {
      ...params,
      keepFilled: true,
    });
    const count = (bits: Uint32Array): number =>
      Array.from(bits).reduce((a, v) => a + (v.toString(2).match(/1/g)?.length ?? 0), 0);
    for (const t of forest.trees) {
      expect(count(t.drawn)).toBe(300);
      expect(count(t.filled)).toBe(150);
    }
    // No shared half between a pair's two trees (grf's ci.group.size 1): their draws overlap by about a half.
    const [a, b] = forest.trees;
    let both = 0;
    for (let r = 0; r < n; r++)
      if ((a.drawn[r >>> 5] >>> (r & 31)) & (b.drawn[r >>> 5] >>> (r & 31)) & 1) both++;
    expect(both).toBeGreaterThan(100);
    expect(both).toBeLessThan(200);
    const e = predictMeanOob(forest, binned);
    expect(e.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The propensity varies with x2 from 0.2 to 0.8; the constant guess (the treated share) errs by about 0.15.
    const share = mean(Float64Array.from(c.w));
    expect(rmse(e, c.propensity)).toBeLessThan(
      0.6 * rmse(new Float64Array(n).fill(share), c.propensity),
    );
    // Routed by raw values as new patients are (every tree used, so in sample here).
    const fresh = predictMean(forest, c.X.subarray(0, n * P), n);
    expect(rmse(fresh, c.propensity)).toBeLessThan(0.1);
  });
});

describe('simulations (grf designs, n = 1,500, p = 10)', () => {
  const n = 1500;
  const trees = 1000;

  it('heterogeneous effect, confounded: intervals cover, beats a T-learner, finds heterogeneity', async () => {
    const c = simulateCohort('heterogeneous', n, P, 1);
    const fit = await fitEffects(c.X, n, P, CAT, c.y, c.w, { numTrees: trees, randomState: 1 });
    const trueAte = mean(c.tau);
    expect(fit.ate.lower).toBeLessThanOrEqual(trueAte);
    expect(fit.ate.upper).toBeGreaterThanOrEqual(trueAte);
    const cov = coverage(fit.cohort.lower, fit.cohort.upper, c.tau);
    // 0.819 on this seed since the nuisance forests are grf's honest regression forests (0.86 with the earlier
    // probability forests); over 12 seeds of n = 2,000 coverage is 0.66–0.99 (bench/CAUSAL.md): the forest's bias.
    expect(cov).toBeGreaterThan(0.8);
    expect(cov).toBeLessThan(0.995);
    expect(fit.overlap.warning).toBe(false);
    expect(fit.calibration.differentialP).toBeLessThan(0.05);
    const test = simulateCohort('heterogeneous', 1000, P, 1001);
    const pe = predictEffects(fit, test.X, 1000);
    const ratio = rmse(pe.effect, test.tau) / rmse(tLearner(c, test, 500), test.tau);
    expect(ratio).toBeLessThan(0.8);
    console.log(
      `heterogeneous: coverage ${cov.toFixed(3)}, test coverage ${coverage(pe.lower, pe.upper, test.tau).toFixed(3)}, RMSE ratio vs T-learner ${ratio.toFixed(3)}, ATE ${fit.ate.estimate.toFixed(3)} ± ${fit.ate.standardError.toFixed(3)} (truth ${trueAte.toFixed(3)}), differential p ${fit.calibration.differentialP.toExponential(2)}`,
    );
  });

  it('constant effect: the calibration test finds no heterogeneity, the ATE covers it', async () => {
    const c = simulateCohort('constant', n, P, 2);
    const fit = await fitEffects(c.X, n, P, CAT, c.y, c.w, { numTrees: trees, randomState: 2 });
    expect(fit.calibration.differentialP).toBeGreaterThan(0.05);
    expect(fit.ate.lower).toBeLessThanOrEqual(0.1);
    expect(fit.ate.upper).toBeGreaterThanOrEqual(0.1);
    expect(fit.overlapWeighted.lower).toBeLessThanOrEqual(0.1);
    expect(fit.overlapWeighted.upper).toBeGreaterThanOrEqual(0.1);
    expect(fit.overlap.warning).toBe(false);
    const cov = coverage(fit.cohort.lower, fit.cohort.upper, c.tau);
    expect(cov).toBeGreaterThan(0.85);
    console.log(
      `constant: coverage ${cov.toFixed(3)}, ATE ${fit.ate.estimate.toFixed(3)} ± ${fit.ate.standardError.toFixed(3)}, differential ${fit.calibration.differential.toFixed(2)} (p ${fit.calibration.differentialP.toFixed(3)})`,
    );
  });

  it('warns on poor overlap and not on a randomised design', async () => {
    const poor = simulateCohort('poorOverlap', n, P, 3);
    const fitPoor = await fitEffects(poor.X, n, P, CAT, poor.y, poor.w, { numTrees: 200 });
    expect(fitPoor.overlap.warning).toBe(true);
    expect(fitPoor.overlap.extremeShare).toBeGreaterThan(0.05);
    const rand = simulateCohort('randomised', n, P, 4);
    const fitRand = await fitEffects(rand.X, n, P, CAT, rand.y, rand.w, { numTrees: 200 });
    expect(fitRand.overlap.warning).toBe(false);
    expect(fitRand.overlap.extremeCount).toBe(0);
    console.log(
      `overlap: poor design ${(fitPoor.overlap.extremeShare * 100).toFixed(1)} % beyond 0.01/0.99; randomised range ${fitRand.overlap.min.toFixed(2)}–${fitRand.overlap.max.toFixed(2)}`,
    );
  });

  it('gives no AIPW average where a propensity is 0 or 1, and the overlap-weighted one still', () => {
    const c = simulateCohort('constant', 200, P, 4);
    const m = new Float64Array(200).fill(0.4);
    const e = new Float64Array(200).fill(0.5);
    const tau = new Float64Array(200).fill(0.1);
    const control = c.w.indexOf(0);
    e[control] = 1;
    const inp = { y: c.y, w: c.w, m, e, tau };
    expect(averageEffect(inp).estimate).toBeNaN();
    expect(averageEffectOnTreated(inp).estimate).toBeNaN();
    expect(Number.isFinite(overlapWeightedEffect(inp).estimate)).toBe(true);
    e[control] = 0.99;
    expect(Number.isFinite(averageEffect(inp).estimate)).toBe(true);
  });

  it('calibration test on effects that carry no signal', () => {
    const c = simulateCohort('constant', 600, P, 9);
    const m = new Float64Array(600).fill(mean(Float64Array.from(c.y)));
    const e = new Float64Array(600).fill(mean(Float64Array.from(c.w)));
    const tau = Float64Array.from({ length: 600 }, (_, i) => 0.1 + 0.05 * Math.sin(i));
    const cal = calibrationTest({ y: c.y, w: c.w, m, e, tau });
    expect(cal.differentialP).toBeGreaterThan(0.05);
  });
});
