import { describe, expect, it } from 'vitest';
import { assembleForest } from './forest.ts';
import { binFeatures } from './binning.ts';
import { growTrees } from './grow.ts';
import { screenWeights } from './featureWeights.ts';
import { Rng, deriveSeed } from './rng.ts';
import {
  depthLadder,
  leafSizesFor,
  pairedGain,
  scoreGroups,
  settingWork,
  tuneForest,
  tuningPlan,
  type GrowOutOfBag,
  type TuningTask,
} from './tune.ts';
import { DEFAULT_PARAMS, type ForestParams } from './types.ts';

/** n patients × p uniform features; the outcome is pure noise or the noiseless threshold x0 > 0.5. */
function table(n: number, p: number, seed: number, outcome: 'noise' | 'threshold') {
  const rng = new Rng(seed);
  const X = new Float32Array(n * p);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextFloat();
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) y[r] = outcome === 'noise' ? rng.nextInt(2) : X[r] > 0.5 ? 1 : 0;
  return { X, y, n, p };
}

/** Grows each candidate in this thread, as the command line does with --threads 1. */
function inProcess(t: ReturnType<typeof table>, rows?: Int32Array): GrowOutOfBag {
  const binned = binFeatures(t.X, t.n, t.p, new Uint8Array(t.p));
  return (params: ForestParams, firstTree: number) => {
    const indices = Array.from({ length: params.nEstimators }, (_, i) => firstTree + i);
    const shard = growTrees(binned, t.y, 2, params, indices, rows ? { rows } : {});
    return Promise.resolve(assembleForest([shard], params, t.n, 2, t.p, t.y).oobProba);
  };
}

const task = (t: ReturnType<typeof table>, rows?: Int32Array): TuningTask => ({
  y: t.y,
  nClasses: 2,
  nFeatures: t.p,
  ...(rows ? { rows } : {}),
});

describe('the plan', () => {
  it('scales the leaf sizes with the cohort', () => {
    expect(leafSizesFor(569)).toEqual([1, 3, 5, 10, 20, 40]);
    // Small cohorts: no leaf above a tenth of the patients.
    expect(leafSizesFor(100)).toEqual([1, 3, 5, 10]);
    expect(leafSizesFor(12)).toEqual([1]);
    // Large cohorts: doubled on up to a hundredth of the patients.
    expect(leafSizesFor(20000)).toEqual([1, 3, 5, 10, 20, 40, 80, 160]);
  });

  it('keeps the search within twice the final forest, in trees', () => {
    const plan = tuningPlan(DEFAULT_PARAMS, 569, 30);
    expect(plan.baseFeatures).toBe(5);
    // Half, twice and four times sqrt(30) = 5 features per split, always; then doubled on up to all 30.
    expect(plan.featureCounts).toEqual([3, 10, 20, 30]);
    expect(plan.featureCountsAlways).toBe(3);
    // Four groups of floor(200 / (4 × 9 candidates always tried)) = 5 trees.
    expect(plan.treesPerCandidate).toBe(20);
    expect(plan.treesPerCandidate * (6 + 3)).toBeLessThanOrEqual(2 * DEFAULT_PARAMS.nEstimators);
    // More features per split than sqrt(30) at depth 6 (XGBoost's; log2(569 / 16) is less), then 9 and no limit.
    expect(plan.depthLimit).toBe(6);
    expect(plan.deeperDepths).toEqual([9, null]);
    // At most: the 6 leaves, the 4 feature counts, the 5 other leaves again at new features per split and the 2
    // deeper depths; then 20 more trees each for the base, the 2 finalists and the cheapest setting within one
    // standard error of the best.
    expect(plan.refinedTreesPerCandidate).toBe(40);
    expect(plan.tuningTrees).toBe(20 * 17 + 20 * 4);
    // At least: the 9 settings always tried and one step deeper, then 20 more trees each for the base and the
    // lowest-scoring finalist (the other one not when it scored above it and costs more per tree).
    expect(plan.candidatesAlways).toBe(10);
    expect(plan.fewestTuningTrees).toBe(20 * 10 + 20 * 2);
    // Per final tree at most, above the floor: 2 × (4 × 17 + 4 × 4) / (4 × 9) = 42 / 9, 467 tuning trees for 100.
    expect(plan.mostTreesPerFinalTree).toBeCloseTo(42 / 9, 12);
    expect(plan.tuningTrees).toBeLessThanOrEqual(plan.mostTreesPerFinalTree * 100);
    // Few trees: each group keeps 4 trees, over the budget (said by tuningTrees).
    const small = tuningPlan({ ...DEFAULT_PARAMS, nEstimators: 10 }, 569, 30);
    expect(small.treesPerCandidate).toBe(16);
    expect(small.tuningTrees).toBe(16 * 17 + 16 * 4);
    expect(small.fewestTuningTrees).toBe(16 * 10 + 16 * 2);
    // A wide table: doublings below every feature (sqrt(1000) = 31 → 16, 62, 124, then 248, 496, 992), and not
    // all 1000 as well, so close to 992.
    expect(tuningPlan(DEFAULT_PARAMS, 1500, 1000).featureCounts).toEqual([
      16, 62, 124, 248, 496, 992,
    ]);
    // Features per split stay within the table.
    expect(tuningPlan(DEFAULT_PARAMS, 569, 4).featureCounts).toEqual([1, 4]);
  });

  it('limits the depth of more features per split by the cohort, unless the base settings limit it', () => {
    // 1,500 patients: log2(1500 / 16) rounds to 7; then 10 (below log2(1500) = 10.6) and no limit.
    expect(depthLadder(DEFAULT_PARAMS, 1500)).toEqual({ depthLimit: 7, deeperDepths: [10, null] });
    // 15,000: log2(938) rounds to 10; 13 (below 13.9), then no limit.
    expect(depthLadder(DEFAULT_PARAMS, 15000)).toEqual({
      depthLimit: 10,
      deeperDepths: [13, null],
    });
    // A small cohort: at least XGBoost's 6, and straight to no limit.
    expect(depthLadder(DEFAULT_PARAMS, 100)).toEqual({ depthLimit: 6, deeperDepths: [null] });
    // The user's own depth is every candidate's.
    expect(depthLadder({ ...DEFAULT_PARAMS, maxDepth: 4 }, 1500)).toEqual({
      depthLimit: null,
      deeperDepths: [],
    });
    const own = tuningPlan({ ...DEFAULT_PARAMS, maxDepth: 4 }, 569, 30);
    expect(own.depthLimit).toBeNull();
    expect(own.tuningTrees).toBe(20 * 15 + 20 * 4);
    expect(own.fewestTuningTrees).toBe(20 * 9 + 20 * 2);
    // A depth limit makes a tree cheaper, never dearer.
    const c = { minSamplesLeaf: 1, maxFeatures: 100 };
    expect(settingWork({ ...c, maxDepth: 6 }, 1500)).toBeLessThan(
      settingWork({ ...c, maxDepth: null }, 1500),
    );
    expect(settingWork({ ...c, maxDepth: 20 }, 1500)).toBe(
      settingWork({ ...c, maxDepth: null }, 1500),
    );
  });

  it('refuses a forest without bootstrap: no patient is out of bag', () => {
    expect(() => tuningPlan({ ...DEFAULT_PARAMS, bootstrap: false }, 100, 5)).toThrow(
      'needs bootstrap',
    );
  });
});

describe('the score', () => {
  it('is two groups’ cross product plus the tree variance over the final trees (worked example)', () => {
    // Two patients, y = [1, 0]; row-major two-class probabilities of halves A and B.
    const y = Uint8Array.from([1, 0]);
    const train = Int32Array.from([0, 1]);
    const probaA = Float64Array.from([0.2, 0.8, 0.6, 0.4]);
    const probaB = Float64Array.from([0.4, 0.6, 0.9, 0.1]);
    const countA = Uint32Array.from([2, 1]);
    const countB = Uint32Array.from([2, 3]);
    const s = scoreGroups(y, 2, train, [probaA, probaB], [countA, countB], 10);
    // Row 0: (0.8−1)(0.6−1) = 0.08; variance (0.2)² / (1/2 + 1/2) = 0.04 → 0.08 + 0.004.
    // Row 1: 0.4 × 0.1 = 0.04; variance (0.3)² / (1 + 1/3) = 0.0675 → 0.04 + 0.00675.
    expect(s.brier).toBeCloseTo((0.084 + 0.04675) / 2, 12);
    // Pooled: row 0 (2·0.8 + 2·0.6)/4 = 0.7; row 1 (0.4 + 3·0.1)/4 = 0.175.
    expect(s.oobBrier).toBeCloseTo((0.3 ** 2 + 0.175 ** 2) / 2, 12);
    expect(s.rowsScored).toBe(2);
  });

  it('weighs every pair of groups by their trees (worked example, three groups)', () => {
    // One patient, y = 1; P(class 1) 0.8 from 1 tree of A, 0.6 from 2 of B, 0.5 from 1 of C.
    const proba = (p: number) => Float64Array.from([1 - p, p]);
    const s = scoreGroups(
      Uint8Array.from([1]),
      2,
      Int32Array.from([0]),
      [proba(0.8), proba(0.6), proba(0.5)],
      [Uint32Array.from([1]), Uint32Array.from([2]), Uint32Array.from([1])],
      10,
    );
    // Cross: (2·0.08 + 1·0.10 + 2·0.20) / 5 = 0.132; spread (0.04 + 0.09 + 0.01) / (1.5 + 2 + 1.5) = 0.028.
    expect(s.brier).toBeCloseTo(0.132 + 0.028 / 10, 12);
    // Pooled over the 4 trees: (0.8 + 1.2 + 0.5) / 4 = 0.625.
    expect(s.oobBrier).toBeCloseTo(0.375 ** 2, 12);
  });

  it('skips patients left out by one group only', () => {
    const y = Uint8Array.from([1, 0]);
    const s = scoreGroups(
      y,
      2,
      Int32Array.from([0, 1]),
      [Float64Array.from([0.2, 0.8, NaN, NaN]), Float64Array.from([0.4, 0.6, 0.9, 0.1])],
      [Uint32Array.from([1, 0]), Uint32Array.from([1, 1])],
      100,
    );
    expect(s.rowsScored).toBe(1);
    expect(s.brier).toBeCloseTo(0.2 * 0.4 + 0.04 / 2 / 100, 12);
  });
});

describe('the gain over the base settings', () => {
  it('is the paired mean difference with its standard error, over rows both scored', () => {
    const ref = Float64Array.from([0.3, 0.2, NaN, 0.4]);
    const other = Float64Array.from([0.1, 0.1, 0.5, 0.1]);
    // Differences 0.2, 0.1, 0.3: mean 0.2, sd 0.1, standard error 0.1 / sqrt(3).
    const g = pairedGain(ref, other);
    expect(g.gain).toBeCloseTo(0.2, 12);
    expect(g.standardError).toBeCloseTo(0.1 / Math.sqrt(3), 12);
  });
});

describe('tuning', () => {
  it('picks a larger leaf on pure noise than on a noiseless threshold', async () => {
    // Measured over 12 tables × 2 seeds of this size: noise chose leaves of 20-40 in 17 of 24 (the other 7 kept
    // the base leaf, their gain within two standard errors), the threshold leaves of 1-3 in all 24.
    const noise = table(1500, 5, 5, 'noise');
    const threshold = table(1500, 5, 5, 'threshold');
    const base = { ...DEFAULT_PARAMS, nEstimators: 100 };
    const onNoise = await tuneForest(task(noise), base, inProcess(noise));
    const onThreshold = await tuneForest(task(threshold), base, inProcess(threshold));
    // Noise: the best forest predicts the base rate, which the largest leaves come closest to.
    expect(onNoise.report.chosen.minSamplesLeaf).toBeGreaterThanOrEqual(20);
    // A noiseless threshold: pure small leaves are right.
    expect(onThreshold.report.chosen.minSamplesLeaf).toBeLessThanOrEqual(3);
    expect(onNoise.params.minSamplesLeaf).toBe(onNoise.report.chosen.minSamplesLeaf);
    // The leaf stage tried every leaf size at sqrt(5) = 2 features, then the feature counts at the best leaf.
    expect(onNoise.report.candidates.slice(0, 6).map((c) => c.minSamplesLeaf)).toEqual([
      1, 3, 5, 10, 20, 40,
    ]);
    const stageOne = onNoise.report.candidates.slice(0, 6);
    const features = onNoise.report.candidates.filter((c) => c.stage === 'features');
    expect(features.length).toBeGreaterThanOrEqual(onNoise.report.plan.featureCountsAlways);
    // All at the leaf stage's best (on its 4 groups: the leaders' figures shown are the refined ones, so the best
    // then need not be the best shown now).
    expect(new Set(features.map((c) => c.minSamplesLeaf)).size).toBe(1);
    expect(stageOne.map((c) => c.minSamplesLeaf)).toContain(features[0].minSamplesLeaf);
    expect(onNoise.report.treesGrown).toBe(
      onNoise.report.candidates.reduce((sum, c) => sum + c.trees, 0),
    );
  });

  it('decides between the leaders on more trees, each scored on the same groups as the base', async () => {
    const t = table(600, 5, 5, 'threshold');
    // Flip a quarter of the outcomes so that the leaders are close.
    for (let r = 0; r < t.n; r += 4) t.y[r] = 1 - t.y[r];
    let grownTrees = 0;
    const grow = inProcess(t);
    const { report } = await tuneForest(
      task(t),
      { ...DEFAULT_PARAMS, nEstimators: 50 },
      (p, first) => {
        grownTrees += p.nEstimators;
        return grow(p, first);
      },
    );
    const { plan, candidates } = report;
    const refined = candidates.filter((c) => c.trees === plan.refinedTreesPerCandidate);
    // The base (every gain's reference) and at least the two leaders; the rest on the search's trees.
    expect(refined[0]).toBe(candidates[0]);
    expect(refined.length).toBeGreaterThanOrEqual(3);
    for (const c of candidates) {
      expect([plan.treesPerCandidate, plan.refinedTreesPerCandidate]).toContain(c.trees);
    }
    // The choice is among the refined: the base, or a leader beating it by two standard errors on all the trees.
    const chosen = candidates.find(
      (c) =>
        c.minSamplesLeaf === report.chosen.minSamplesLeaf &&
        c.maxFeatures === report.chosen.maxFeatures,
    );
    expect(refined).toContain(chosen);
    if (chosen !== candidates[0]) {
      expect(chosen?.gain).toBeGreaterThan(2 * (chosen?.gainStandardError ?? Infinity));
    }
    // The table's trees are the trees grown: each candidate's once, the refined ones' extra groups added.
    expect(report.treesGrown).toBe(grownTrees);
    expect(report.treesGrown).toBe(candidates.reduce((sum, c) => sum + c.trees, 0));
    expect(report.treesGrown).toBeLessThanOrEqual(plan.tuningTrees);
  });

  it('tries doublings of the features per split while they help, on a wide table with one informative column', async () => {
    // sqrt(100) = 10 features per split rarely include x0; the search doubles on past 4 × 10 = 40.
    const wide = table(400, 100, 3, 'threshold');
    const { report } = await tuneForest(
      task(wide),
      { ...DEFAULT_PARAMS, nEstimators: 50 },
      inProcess(wide),
    );
    expect(report.plan.featureCounts).toEqual([5, 20, 40, 80]);
    const tried = report.candidates.filter((c) => c.stage === 'features').map((c) => c.maxFeatures);
    expect(tried.slice(0, 4)).toEqual([5, 20, 40, 80]);
    expect(report.chosen.maxFeatures).toBeGreaterThan(40);
  });

  it('gives the same choice and figures for the same seed, on a fold’s rows', async () => {
    const t = table(300, 6, 5, 'threshold');
    // Flip a fifth of the outcomes so that leaf sizes compete.
    for (let r = 0; r < t.n; r += 5) t.y[r] = 1 - t.y[r];
    const rows = Int32Array.from({ length: 200 }, (_, i) => i + 50);
    const base = { ...DEFAULT_PARAMS, nEstimators: 30, randomState: 7 };
    const a = await tuneForest(task(t, rows), base, inProcess(t, rows));
    const b = await tuneForest(task(t, rows), base, inProcess(t, rows));
    expect(b).toEqual(a);
    const other = await tuneForest(task(t, rows), { ...base, randomState: 8 }, inProcess(t, rows));
    expect(other.report.candidates[0].brier).not.toBe(a.report.candidates[0].brier);
    // Only the fold's rows are scored: a patient outside them is never out of bag.
    for (const c of a.report.candidates) expect(c.rowsScored).toBeLessThanOrEqual(200);
  });

  it('keeps the base settings’ words when their features per split win', async () => {
    const t = table(200, 9, 3, 'threshold');
    const { params, report } = await tuneForest(
      task(t),
      { ...DEFAULT_PARAMS, nEstimators: 20, maxDepth: 6, classWeight: 'balanced' },
      inProcess(t),
    );
    expect(params.maxDepth).toBe(6);
    expect(params.classWeight).toBe('balanced');
    expect(params.nEstimators).toBe(20);
    expect(params.randomState).toBe(DEFAULT_PARAMS.randomState);
    expect(report.plan.featureCounts).toEqual([2, 6, 9]);
    expect(params.maxFeatures).toBe(
      report.chosen.maxFeatures === 3 ? 'sqrt' : report.chosen.maxFeatures,
    );
  });
});

describe('the one-standard-error rule', () => {
  /**
   * A stand-in grower: each group's out-of-bag probability of a patient's own class is 0.5 + the setting's edge plus
   * noise drawn from the group's first tree, the same for every setting (as the trees' bootstraps are), so settings
   * with the same edge score exactly alike and those with different edges differ clearly; `own` adds noise of the
   * setting's own (drawn from its settings and the group), so that close edges are within the noise.
   */
  const fake =
    (
      y: Uint8Array,
      edge: (leaf: number, features: number, depth: number | null) => number,
      own = 0,
      grown: ForestParams[] = [],
    ): GrowOutOfBag =>
    (params, firstTree) => {
      grown.push(params);
      const rng = new Rng(deriveSeed(99, firstTree));
      const features = params.maxFeatures as number;
      const mine = new Rng(deriveSeed(firstTree, params.minSamplesLeaf * 100003 + features));
      const e = edge(params.minSamplesLeaf, features, params.maxDepth);
      const proba = new Float64Array(y.length * 2);
      for (let r = 0; r < y.length; r++) {
        const p = 0.5 + e + 0.3 * (rng.nextFloat() - 0.5) + own * (mine.nextFloat() - 0.5);
        proba[2 * r + y[r]] = p;
        proba[2 * r + 1 - y[r]] = 1 - p;
      }
      return Promise.resolve(proba);
    };
  const y = Uint8Array.from({ length: 400 }, (_, r) => (deriveSeed(3, r) & 1) as number);
  const wide: TuningTask = { y, nClasses: 2, nFeatures: 100 };
  // A depth of the base's own (deeper than these trees could grow): no depth is searched, and the leaves are tried
  // again at the new features per split (the depth search has its own tests below).
  const base = { ...DEFAULT_PARAMS, nEstimators: 100, maxDepth: 100 };
  // sqrt(100) = 10 features per split and leaf 1 (the base): a small edge; 20 features: more; 40 and 80 at leaves
  // 1 and 3: the most, all alike; larger leaves at 40 or more: less.
  const landscape =
    (leaf3: number) =>
    (leaf: number, features: number): number =>
      features <= 10 ? 0.05 : features === 20 ? 0.1 : leaf === 1 ? 0.2 : leaf === 3 ? leaf3 : 0.15;

  it('chooses the cheapest of the settings that score alike, refined on all the groups', async () => {
    const { report, params } = await tuneForest(wide, base, fake(y, landscape(0.2)));
    // Leaf 3 at 40 features (the old rule kept the first found of the alike: leaf 1 at 40).
    expect(report.chosen).toEqual({ minSamplesLeaf: 3, maxFeatures: 40, maxDepth: 100 });
    const tried = report.candidates.map((c) => `${c.minSamplesLeaf}/${c.maxFeatures}`);
    // The ladder went on past 40 (it clearly helped), to 80, then the leaves at 40: 3 scores alike, 5 does not.
    expect(tried.slice(6)).toEqual(['1/5', '1/20', '1/40', '1/80', '3/40', '5/40']);
    const at = (leaf: number, features: number) =>
      report.candidates.find((c) => c.minSamplesLeaf === leaf && c.maxFeatures === features);
    expect(at(3, 40)?.brier).toBe(at(1, 40)?.brier);
    expect(at(1, 80)?.brier).toBe(at(1, 40)?.brier);
    // It does the least work of the three.
    expect(settingWork({ minSamplesLeaf: 3, maxFeatures: 40, maxDepth: null }, 400)).toBeLessThan(
      settingWork({ minSamplesLeaf: 1, maxFeatures: 40, maxDepth: null }, 400),
    );
    expect(params.minSamplesLeaf).toBe(3);
    expect(at(3, 40)?.trees).toBe(report.plan.refinedTreesPerCandidate);
    expect(report.treesGrown).toBeLessThanOrEqual(report.plan.tuningTrees);
    expect(report.treesGrown).toBeGreaterThanOrEqual(report.plan.fewestTuningTrees);
  });

  it('keeps the best when it is clearly better than a cheaper one', async () => {
    const { report } = await tuneForest(wide, base, fake(y, landscape(0.17)));
    expect(report.chosen).toEqual({ minSamplesLeaf: 1, maxFeatures: 40, maxDepth: 100 });
  });

  it('ends the features ladder at a doubling that does not lower the score, without more trees for the tie', async () => {
    // sqrt(400) = 20 features per split; 10, 40 and 80 always tried, then doublings to 160 and 320 while they help.
    const y400 = Uint8Array.from({ length: 400 }, (_, r) => (deriveSeed(5, r) & 1) as number);
    // 160 features a hair worse than 80 (a tie within the noise), 320 far better; leaf 3 at 80 or more about as good
    // as leaf 1 at 80 (the finalists beside it), larger leaves worse.
    const edge = (leaf: number, features: number): number => {
      if (features <= 20) return 0.05;
      if (features === 40) return 0.1;
      if (leaf === 3) return 0.2005;
      if (leaf > 1) return 0.15;
      return features === 80 ? 0.2 : features === 160 ? 0.198 : 0.3;
    };
    const { report } = await tuneForest(
      { y: y400, nClasses: 2, nFeatures: 400 },
      base,
      fake(y400, edge, 0.1),
    );
    expect(report.plan.featureCounts).toEqual([10, 40, 80, 160, 320]);
    const at = (leaf: number, features: number) =>
      report.candidates.find((c) => c.minSamplesLeaf === leaf && c.maxFeatures === features);
    // The ladder ended at 160 (320 never tried), and 160 kept the trees of any candidate: the old rule grew both
    // sides of the tie on twice the trees before it decided.
    expect(at(1, 320)).toBeUndefined();
    expect(at(1, 160)?.trees).toBe(report.plan.treesPerCandidate);
    // The finalists: leaf 3 at 80 features, refined; leaf 1 at 80 scored above it and costs more per tree, so not.
    expect(at(3, 80)?.trees).toBe(report.plan.refinedTreesPerCandidate);
    expect(at(1, 80)?.trees).toBe(report.plan.treesPerCandidate);
  });

  describe('with the depth searched (the base settings do not limit it)', () => {
    // 1,000 patients: more features per split than sqrt(100) = 10 at depth 6, then 9 and no limit.
    const y1000 = Uint8Array.from({ length: 1000 }, (_, r) => (deriveSeed(7, r) & 1) as number);
    const task1000: TuningTask = { y: y1000, nClasses: 2, nFeatures: 100 };
    const free = { ...DEFAULT_PARAMS, nEstimators: 100 };

    it('grows more features per split at the depth limit, keeps it when deeper trees score alike, and tries no leaves again there', async () => {
      const grown: ForestParams[] = [];
      const { report, params } = await tuneForest(
        task1000,
        free,
        fake(y1000, (_leaf, features) => (features <= 10 ? 0.05 : 0.2), 0, grown),
      );
      expect(report.plan.depthLimit).toBe(6);
      expect(report.plan.deeperDepths).toEqual([9, null]);
      // Every tree with more than 10 features per split was grown at depth 6, but the depth stage's.
      for (const c of report.candidates) {
        if (c.stage === 'depth') continue;
        expect(c.maxDepth).toBe(c.maxFeatures > 10 ? 6 : null);
      }
      for (const p of grown) {
        if ((p.maxFeatures as number) > 10 && p.maxDepth !== 6) expect(p.maxDepth).toBe(9);
      }
      const tried = report.candidates.map(
        (c) => `${c.stage} ${c.minSamplesLeaf}/${c.maxFeatures}/${String(c.maxDepth)}`,
      );
      // The ladder stopped at the tie of 40 with 20; no leaf tried again at 20 features; depth 9 no better, so
      // no deeper.
      expect(tried.slice(6)).toEqual([
        'features 1/5/null',
        'features 1/20/6',
        'features 1/40/6',
        'depth 1/20/9',
      ]);
      expect(report.chosen).toEqual({ minSamplesLeaf: 1, maxFeatures: 20, maxDepth: 6 });
      expect(params.maxDepth).toBe(6);
      expect(params.maxFeatures).toBe(20);
    });

    it('climbs to deeper trees while they lower the score, and chooses them when clearly better', async () => {
      const edge = (_leaf: number, features: number, depth: number | null): number =>
        features <= 10 ? 0.05 : depth === 6 ? 0.12 : depth === 9 ? 0.18 : 0.24;
      const { report, params } = await tuneForest(task1000, free, fake(y1000, edge));
      const deeper = report.candidates.filter((c) => c.stage === 'depth');
      expect(deeper.map((c) => c.maxDepth)).toEqual([9, null]);
      expect(report.chosen).toEqual({ minSamplesLeaf: 1, maxFeatures: 20, maxDepth: null });
      expect(params.maxDepth).toBeNull();
      expect(report.treesGrown).toBeLessThanOrEqual(report.plan.tuningTrees);
    });
  });
});

/** Grows each candidate in this thread with its out-of-bag probabilities by row and, when asked, by group. */
function inProcessGroups(
  t: ReturnType<typeof table>,
  groups: Int32Array,
  rows?: Int32Array,
): GrowOutOfBag {
  const binned = binFeatures(t.X, t.n, t.p, new Uint8Array(t.p));
  return (params, firstTree, byGroup) => {
    const indices = Array.from({ length: params.nEstimators }, (_, i) => firstTree + i);
    const shard = growTrees(binned, t.y, 2, params, indices, {
      ...(rows ? { rows } : {}),
      ...(byGroup ? { groups } : {}),
    });
    const rowsProba = assembleForest([shard], params, t.n, 2, t.p, t.y).oobProba;
    if (!byGroup) return Promise.resolve(rowsProba);
    const sum = shard.groupOobSum as Float64Array;
    const count = shard.groupOobCount as Uint32Array;
    const proba = new Float64Array(t.n * 2).fill(NaN);
    for (let r = 0; r < t.n; r++) {
      if (count[r] > 0) for (let k = 0; k < 2; k++) proba[r * 2 + k] = sum[r * 2 + k] / count[r];
    }
    return Promise.resolve({ rows: rowsProba, groups: proba });
  };
}

/** `pairs` pairs of near-identical patients (same class, features a hair apart); the class is noise across pairs. */
function twins(pairs: number, p: number, seed: number) {
  const n = 2 * pairs;
  const rng = new Rng(seed);
  const X = new Float32Array(n * p);
  const y = new Uint8Array(n);
  const groups = new Int32Array(n);
  for (let g = 0; g < pairs; g++) {
    const label = rng.nextInt(2);
    const x = Array.from({ length: p }, () => rng.nextFloat());
    for (const r of [2 * g, 2 * g + 1]) {
      groups[r] = g;
      y[r] = label;
      for (let f = 0; f < p; f++) X[f * n + r] = x[f] + 1e-4 * rng.nextFloat();
    }
  }
  return { t: { X, y, n, p }, groups };
}

describe('tuning with groups', () => {
  it('keeps pairs of near-copies together: small leaves no longer win by predicting a patient from their twin', async () => {
    const { t, groups } = twins(250, 4, 21);
    const base = { ...DEFAULT_PARAMS, nEstimators: 80, minSamplesLeaf: 5, randomState: 3 };
    const byRow = await tuneForest(task(t), base, inProcessGroups(t, groups));
    const byGroup = await tuneForest({ ...task(t), groups }, base, inProcessGroups(t, groups));
    expect(byRow.report.groupAware).toBe(false);
    expect(byGroup.report.groupAware).toBe(true);
    const leaf = (r: typeof byRow, l: number) =>
      r.report.candidates.find((c) => c.minSamplesLeaf === l && c.stage === 'leaf')?.brier ?? NaN;
    // By row, a leaf of 1 holds the twin and predicts the patient's class almost exactly, and is chosen.
    expect(leaf(byRow, 1)).toBeLessThan(0.1);
    expect(byRow.params.minSamplesLeaf).toBeLessThan(5);
    // By group the class is noise: a leaf of 1 scores worse than chance (0.25) and is not chosen.
    expect(leaf(byGroup, 1)).toBeGreaterThan(0.25);
    expect(byGroup.params.minSamplesLeaf).toBeGreaterThanOrEqual(5);
    // A pair is wholly out of bag in about e^-2 of the trees: most patients are still scored, fewer than by row.
    const scored = (r: typeof byRow) => r.report.candidates[0].rowsScored;
    expect(scored(byGroup)).toBeGreaterThan(0.5 * t.n);
    expect(scored(byGroup)).toBeLessThan(scored(byRow));
  });

  it('scores exactly as without groups when every patient is a group of their own (a fold’s rows too)', async () => {
    const t = table(300, 6, 4, 'threshold');
    const groups = Int32Array.from({ length: t.n }, (_, i) => i);
    const base = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 9 };
    for (const rows of [undefined, Int32Array.from({ length: 200 }, (_, i) => i + 50)]) {
      const byRow = await tuneForest(task(t, rows), base, inProcessGroups(t, groups, rows));
      const byGroup = await tuneForest(
        { ...task(t, rows), groups },
        base,
        inProcessGroups(t, groups, rows),
      );
      expect(byGroup.report.groupAware).toBe(true);
      expect(byGroup.params).toEqual(byRow.params);
      expect({ ...byGroup.report, groupAware: false }).toEqual(byRow.report);
    }
  });

  it('scores rows, and says so, when groups are too large to leave wholly out of any tree', async () => {
    const t = table(300, 6, 4, 'threshold');
    // Three sites of 100: no tree's bootstrap misses a whole site.
    const groups = Int32Array.from({ length: t.n }, (_, i) => i % 3);
    const base = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 9 };
    const byRow = await tuneForest(task(t), base, inProcessGroups(t, groups));
    const byGroup = await tuneForest({ ...task(t), groups }, base, inProcessGroups(t, groups));
    expect(byGroup.report.groupAware).toBe(false);
    expect(byGroup).toEqual(byRow);
  });

  it('refuses a grower that gives no probabilities by group when groups are kept', async () => {
    const { t, groups } = twins(100, 3, 2);
    const base = { ...DEFAULT_PARAMS, nEstimators: 40 };
    await expect(tuneForest({ ...task(t), groups }, base, inProcess(t))).rejects.toThrow(
      /by group/,
    );
  });
});

describe('the gain’s standard error with groups', () => {
  it('treats each group as one unit (worked example), and is the per-patient one for groups of one', () => {
    const ref = Float64Array.from([0.3, 0.5, 0.2, 0.6, NaN]);
    const other = Float64Array.from([0.1, 0.2, 0.1, 0.2, 0.4]);
    // Differences 0.2, 0.3, 0.1, 0.4 (the last unscored); mean 0.25. Groups {0, 1} and {2, 3}: residual sums
    // 0.2 − 0.25 + 0.3 − 0.25 = 0 and 0.1 − 0.25 + 0.4 − 0.25 = 0; so a zero standard error.
    const paired = pairedGain(ref, other, [0, 0, 1, 1, 2]);
    expect(paired.gain).toBeCloseTo(0.25, 12);
    expect(paired.standardError).toBeCloseTo(0, 12);
    // Groups {0, 2} and {1, 3}: sums −0.2 and 0.2; √(2/1 · 0.08) / 4 = 0.1.
    expect(pairedGain(ref, other, [0, 1, 0, 1, 2]).standardError).toBeCloseTo(0.1, 12);
    // One patient a group: the per-patient standard error, bit for bit.
    expect(pairedGain(ref, other, [0, 1, 2, 3, 4])).toEqual(pairedGain(ref, other));
  });
});

/**
 * n patients × p uniform features. 'marginal': the class follows x0 + x1 + x2 through a logistic link (a few
 * features, each visible on its own, among many noise ones); 'xor': the class is (x0 > 0.5) XOR (x1 > 0.5), which no
 * feature shows on its own.
 */
function screenTable(n: number, p: number, seed: number, outcome: 'marginal' | 'xor') {
  const rng = new Rng(seed);
  const X = new Float32Array(n * p);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextFloat();
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const x = (f: number) => X[f * n + r];
    if (outcome === 'xor') {
      y[r] = x(0) > 0.5 !== x(1) > 0.5 ? 1 : 0;
    } else {
      const eta = 3 * (x(0) + x(1) + x(2) - 1.5);
      y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
  }
  return { X, y, n, p };
}

/** The screen's weights of a table's rows, as the front ends compute them before tuning. */
function weightsOf(t: ReturnType<typeof table>, rows?: Int32Array): number[] {
  return screenWeights(binFeatures(t.X, t.n, t.p, new Uint8Array(t.p)), t.y, 2, rows);
}

describe('tuning with screen weights', () => {
  it('chooses a screened candidate, and a larger leaf than on a noiseless threshold, when a few features show the outcome', async () => {
    const t = screenTable(1000, 100, 11, 'marginal');
    const base = { ...DEFAULT_PARAMS, nEstimators: 100 };
    const grown: ForestParams[] = [];
    const grow = inProcess(t);
    const { params, report } = await tuneForest(
      { ...task(t), featureWeights: weightsOf(t) },
      base,
      (p, first) => {
        grown.push(p);
        return grow(p, first);
      },
    );
    expect(report.plan.screenedLeaves).toEqual([5, 10, 20, 40]);
    // The base, then the screened candidates at its features per split, and nothing more: the search stopped there.
    expect(report.candidates.map((c) => `${c.minSamplesLeaf}/${c.screened ?? false}`)).toEqual([
      '1/false',
      '5/true',
      '10/true',
      '20/true',
      '40/true',
    ]);
    expect(report.chosen.screened).toBe(true);
    expect(report.chosen.maxFeatures).toBe(10);
    expect(params.featureWeights).toEqual(weightsOf(t));
    expect(params.maxFeatures).toBe('sqrt');
    const chosen = report.candidates.find(
      (c) => c.screened && c.minSamplesLeaf === report.chosen.minSamplesLeaf,
    ) as (typeof report.candidates)[number];
    expect(chosen.gain).toBeGreaterThan(2 * chosen.gainStandardError);
    // Only the screened candidates' trees were grown with the weights.
    expect(grown.filter((p) => p.featureWeights).length).toBe(4 * 4);
    expect(report.treesGrown).toBe(report.plan.fewestTuningTrees);
    // A noiseless threshold, screened too: small leaves stay right.
    const th = table(1000, 5, 5, 'threshold');
    const onThreshold = await tuneForest(
      { ...task(th), featureWeights: weightsOf(th) },
      base,
      inProcess(th),
    );
    expect(onThreshold.report.chosen.minSamplesLeaf).toBeLessThan(report.chosen.minSamplesLeaf);
    // Reproducible per seed.
    const again = await tuneForest(
      { ...task(t), featureWeights: weightsOf(t) },
      base,
      inProcess(t),
    );
    expect(again).toEqual(
      await tuneForest({ ...task(t), featureWeights: weightsOf(t) }, base, inProcess(t)),
    );
    expect(again.report.chosen).toEqual(report.chosen);
  });

  it('falls back to the uniform search, unchanged, on an interaction without marginal effects', async () => {
    const t = screenTable(600, 20, 4, 'xor');
    const base = { ...DEFAULT_PARAMS, nEstimators: 50 };
    const released: string[] = [];
    const screened = await tuneForest(
      { ...task(t), featureWeights: weightsOf(t) },
      base,
      inProcess(t),
      { onRelease: (c) => released.push(`${c.minSamplesLeaf}/${c.screened ?? false}`) },
    );
    const uniform = await tuneForest(task(t), base, inProcess(t));
    expect(screened.report.chosen.screened).toBeUndefined();
    expect(screened.params).toEqual(uniform.params);
    expect(screened.params.featureWeights).toBeUndefined();
    // The screened candidates' trees were let go, and every other candidate is the uniform search's own.
    expect(released.filter((r) => r.endsWith('/true')).length).toBe(
      screened.report.plan.screenedLeaves.length,
    );
    const others = screened.report.candidates.filter((c) => !c.screened);
    expect(others).toEqual(uniform.report.candidates);
    expect(screened.report.treesGrown).toBe(
      uniform.report.treesGrown +
        screened.report.plan.screenedLeaves.length * screened.report.plan.treesPerCandidate,
    );
  });

  it('refuses weights for another number of features', async () => {
    const t = table(200, 5, 1, 'noise');
    await expect(
      tuneForest({ ...task(t), featureWeights: [1, 1] }, DEFAULT_PARAMS, inProcess(t)),
    ).rejects.toThrow(/2 screen weights for 5 features/);
  });
});
