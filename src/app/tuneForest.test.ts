/**
 * Tuning through the pool: the same seed chooses the same settings with the same figures whether the candidates
 * are grown in this thread, in a pool of Node workers as assembled forests (the command line's path), or as the
 * pool's raw shards (the app's training client's path).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { assembleForest } from '../engine/forest/forest';
import { growTrees } from '../engine/forest/grow';
import { binFeatures } from '../engine/forest/binning';
import { screenWeights } from '../engine/forest/featureWeights';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../engine/forest/types';
import { deriveSeed, Rng } from '../engine/forest/rng';
import { createNodePool, trainInPool } from '../worker/node';
import { syntheticBinned } from './testData';
import {
  SCREEN_NOTE,
  TUNING_WORK_LIMIT,
  forestWork,
  oobProbaFromShards,
  reusableShards,
  summarizeTuning,
  tuneOnOutOfBag,
  tuningBudget,
  tuningGroupNote,
  tuningGroupWords,
  tuningSkipReason,
} from './tuneForest';

const pool = createNodePool(2, { idleTimeoutMs: 0 });
afterAll(() => pool.dispose());

describe('tuning on the pool', () => {
  const data = syntheticBinned(500, 12, 3);
  const task = { y: data.y, nClasses: 2, nFeatures: 12 };
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 5 };

  it('chooses the same settings with the same figures on one thread and on the pool', async () => {
    const oneThread = await tuneOnOutOfBag(task, base, (params, first) =>
      Promise.resolve(assembleForest([here(params, first)], params, 500, 2, 12, data.y)),
    );
    const onPool = await tuneOnOutOfBag(task, base, (params, firstTree) =>
      trainInPool(data, params, { pool, firstTree }),
    );
    // The app's client hands the pool's shards over as they come.
    const fromShards = await tuneOnOutOfBag(task, base, (params, firstTree) =>
      pool.grow(params, { firstTree }),
    );
    const figures = (t: typeof oneThread) => ({ params: t.params, report: t.report });
    expect(figures(onPool)).toEqual(figures(oneThread));
    expect(figures(fromShards)).toEqual(figures(oneThread));
    // A real search: all candidates scored, on most patients.
    const { report } = oneThread;
    // Every leaf size and the features per split always tried; doublings and leaf retries only while they help.
    expect(report.candidates.length).toBeGreaterThanOrEqual(
      report.plan.leafSizes.length + report.plan.featureCountsAlways,
    );
    // Each candidate's trees as the table records them: the leaders (and the base) refined on more.
    expect(report.treesGrown).toBe(report.candidates.reduce((sum, c) => sum + c.trees, 0));
    expect(
      report.candidates.filter((c) => c.trees === report.plan.refinedTreesPerCandidate).length,
    ).toBeGreaterThanOrEqual(2);
    expect(report.treesGrown).toBeLessThanOrEqual(report.plan.tuningTrees);
    for (const c of report.candidates) expect(c.rowsScored).toBeGreaterThan(400);
    const summary = summarizeTuning(report, oneThread.params, 12);
    expect(summary.candidates.filter((c) => c.chosen)).toHaveLength(1);
    expect(summary.chosen.minSamplesLeaf).toBe(report.chosen.minSamplesLeaf);
  });

  // Grown in this thread as one shard: trees `first` onwards.
  const here = (params: ForestParams, first = 0): TreeShard =>
    growTrees(
      data.binned,
      data.y,
      2,
      params,
      Array.from({ length: params.nEstimators }, (_, i) => first + i),
    );

  it.each([40, 10, 7])(
    'grows a %i-tree final forest from the chosen setting’s search trees: the forest grown afresh, on one thread and the pool',
    async (trees) => {
      const b = { ...base, nEstimators: trees };
      const final = async (
        firstTrees: TreeShard[] | null,
        params: ForestParams,
        growRest: (p: ForestParams, first: number) => Promise<TreeShard[]>,
      ) => {
        const reuse = reusableShards(firstTrees, trees);
        const rest = trees - reuse.firstTree;
        const shards = [
          ...reuse.shards,
          ...(rest > 0 ? await growRest({ ...params, nEstimators: rest }, reuse.firstTree) : []),
        ];
        return {
          forest: assembleForest(shards, params, 500, 2, 12, data.y),
          reused: reuse.firstTree,
        };
      };
      const one = await tuneOnOutOfBag(task, b, (p, first) => Promise.resolve([here(p, first)]));
      const onPool = await tuneOnOutOfBag(task, b, (p, firstTree) => pool.grow(p, { firstTree }));
      expect(onPool.params).toEqual(one.params);
      const afresh = assembleForest([here(one.params)], one.params, 500, 2, 12, data.y);
      const a = await final(one.firstTrees, one.params, (p, first) =>
        Promise.resolve([here(p, first)]),
      );
      const c = await final(onPool.firstTrees, onPool.params, (p, firstTree) =>
        pool.grow(p, { firstTree }),
      );
      // The search's 8 groups of 4 trees: 32 trees, all of them below 40; whole groups (one thread) or whole
      // chunks (the pool) below 10 and 7.
      if (trees === 40) {
        expect(a.reused).toBe(32);
        expect(c.reused).toBe(32);
      } else {
        expect(a.reused).toBe(trees === 10 ? 8 : 4);
        expect(c.reused).toBeGreaterThan(0);
      }
      expect(a.forest).toEqual(afresh);
      expect(c.forest).toEqual(afresh);
    },
  );

  it('screens on the pool as in this thread, and chooses and reuses a screened setting alike on both', async () => {
    // Three features each visible on their own among 37 of noise: the screened candidates win.
    const n = 600;
    const p = 40;
    const rng = new Rng(17);
    const X = new Float32Array(n * p);
    for (let i = 0; i < X.length; i++) X[i] = rng.nextFloat();
    const y = Uint8Array.from({ length: n }, (_, r) => {
      const eta = 3 * (X[r] + X[n + r] + X[2 * n + r] - 1.5);
      return rng.nextFloat() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    });
    const binned = binFeatures(X, n, p, new Uint8Array(p));
    const screenedPool = createNodePool(2, { idleTimeoutMs: 0 });
    try {
      screenedPool.setTrainingData({ id: 'screened', binned, y, nClasses: 2 });
      // A fold's training rows: the screen sees only them.
      const rows = Int32Array.from({ length: 480 }, (_, i) => i + 60);
      const weights = await screenedPool.screenWeights(rows);
      expect(weights).toEqual(screenWeights(binned, y, 2, rows));
      expect(weights).not.toEqual(screenWeights(binned, y, 2));
      const b = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 3 };
      const t = { y, nClasses: 2, nFeatures: p, rows, featureWeights: weights };
      const here1 = (params: ForestParams, first: number): TreeShard =>
        growTrees(
          binned,
          y,
          2,
          params,
          Array.from({ length: params.nEstimators }, (_, i) => first + i),
          { rows },
        );
      const one = await tuneOnOutOfBag(t, b, (params, first) =>
        Promise.resolve([here1(params, first)]),
      );
      const onPool = await tuneOnOutOfBag(t, b, (params, firstTree) =>
        screenedPool.grow(params, { firstTree, rows }),
      );
      expect(onPool.params).toEqual(one.params);
      expect(onPool.report).toEqual(one.report);
      expect(one.report.chosen.screened).toBe(true);
      expect(one.params.featureWeights).toEqual(weights);
      // The chosen screened setting's search trees are the final forest's first (4 groups of 4 on 40 trees).
      expect(reusableShards(one.firstTrees, 40).firstTree).toBe(16);
      expect(reusableShards(onPool.firstTrees, 40).firstTree).toBeGreaterThan(0);
      const summary = summarizeTuning(one.report, one.params, p);
      expect(summary.chosen.draws).toBe('screened');
      expect(summary.candidates.map((c) => c.draws)).toEqual([
        'uniform',
        'screened',
        'screened',
        'screened',
        'screened',
      ]);
      expect(summary.candidates.filter((c) => c.chosen)).toHaveLength(1);
      expect(summary.screen).toBe(SCREEN_NOTE);
    } finally {
      screenedPool.dispose();
    }
  });

  it('sums shards as assembleForest does', async () => {
    const params = { ...base, nEstimators: 9 };
    await trainInPool(data, params, { pool });
    const shards = await pool.grow(params);
    expect(shards.length).toBeGreaterThan(1);
    const assembled = assembleForest(shards, params, 500, 2, 12, data.y);
    expect(oobProbaFromShards(shards, 500, 2)).toEqual(assembled.oobProba);
  });
});

describe('tuning with groups on the pool', () => {
  const data = syntheticBinned(400, 8, 5);
  // Pairs of neighbouring rows as families; a fold's training rows.
  const groups = Int32Array.from({ length: 400 }, (_, i) => i >> 1);
  const rows = Int32Array.from({ length: 300 }, (_, i) => i + 60);
  const task = { y: data.y, nClasses: 2, nFeatures: 8, rows, groups };
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 8 };

  it('chooses the same settings with the same figures on one thread, on the pool and through trainInPool', async () => {
    const indices = (params: ForestParams, first: number) =>
      Array.from({ length: params.nEstimators }, (_, i) => first + i);
    const oneThread = await tuneOnOutOfBag(task, base, (params, first, byGroup) =>
      Promise.resolve([
        growTrees(data.binned, data.y, 2, params, indices(params, first), {
          rows,
          ...(byGroup ? { groups: Int32Array.from(byGroup) } : {}),
        }),
      ]),
    );
    // The command line's evaluate --group --threads 2: trainInPool's shards (first: it gives the pool this data).
    const viaTrainInPool = await tuneOnOutOfBag(task, base, async (params, firstTree, byGroup) => {
      let shards: TreeShard[] = [];
      await trainInPool(data, params, {
        pool,
        rows,
        firstTree,
        ...(byGroup ? { groups: Int32Array.from(byGroup) } : {}),
        onShards: (s) => {
          shards = s;
        },
      });
      return shards;
    });
    // The app's group cross-validation: the pool's shards.
    const onPool = await tuneOnOutOfBag(task, base, (params, firstTree, byGroup) =>
      pool.grow(params, {
        rows,
        firstTree,
        ...(byGroup ? { groups: Int32Array.from(byGroup) } : {}),
      }),
    );
    expect(oneThread.report.groupAware).toBe(true);
    const figures = (t: typeof oneThread) => ({ params: t.params, report: t.report });
    expect(figures(onPool)).toEqual(figures(oneThread));
    expect(figures(viaTrainInPool)).toEqual(figures(oneThread));
    // Scored by group: fewer patients than by row, on the same seeds.
    const byRow = await tuneOnOutOfBag({ ...task, groups: undefined }, base, (params, firstTree) =>
      pool.grow(params, { rows, firstTree }),
    );
    expect(byRow.report.groupAware).toBe(false);
    expect(oneThread.report.candidates[0].rowsScored).toBeLessThan(
      byRow.report.candidates[0].rowsScored,
    );
    expect(summarizeTuning(oneThread.report, oneThread.params, 8).groupAware).toBe(true);
  });

  it('refuses an assembled forest when groups are kept: it has no out-of-bag sums by group', async () => {
    await expect(
      tuneOnOutOfBag(task, base, (params, firstTree) =>
        trainInPool(data, params, { pool, rows, firstTree }),
      ),
    ).rejects.toThrow(/by group/);
  });

  it('says in words whether the folds kept groups together', () => {
    const all = tuningGroupWords('family', [true, true]);
    expect(all).toMatch(
      /^Tuning kept groups together: each patient's out-of-bag score came only from trees that drew nobody of their group \(same "family"\), and the standard errors counted each group as one unit/,
    );
    const none = tuningGroupWords('site', [false, false]);
    expect(none).toBe(
      `${tuningGroupNote('site')} The groups are too large to keep together: a tree's bootstrap left too few groups wholly out to score the settings that way, fewer than 25 % of the patients.`,
    );
    expect(tuningGroupWords('site', [true, false, true])).toMatch(
      /^In folds 1, 3 tuning kept groups together: .*\. In folds 2 a tree's bootstrap left too few groups wholly out to score the settings that way/,
    );
  });
});

describe('when the app skips tuning', () => {
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 500 };

  it('tunes cohorts whose one fit is quick, and skips those predicted to take long, saying why', () => {
    // The sample cohort's size and a 5,000 × 2,000 genomic table: tuned.
    expect(tuningSkipReason(base, 400, 30)).toBeNull();
    expect(tuningSkipReason(base, 5000, 2000)).toBeNull();
    // 500 trees on 500,000 patients: over the limit, and the words say so with the figures.
    const work = forestWork(base, 500_000, 50);
    expect(work).toBeGreaterThan(TUNING_WORK_LIMIT);
    const reason = tuningSkipReason(base, 500_000, 50);
    expect(reason).toMatch(/^Tuning was skipped: one forest of 500 trees on 500,000 patients/);
    // Fewer trees make the same cohort quick enough again.
    expect(tuningSkipReason({ ...base, nEstimators: 20 }, 500_000, 50)).toBeNull();
    expect(tuningSkipReason({ ...base, bootstrap: false }, 400, 30)).toMatch(/bootstrap/);
  });
});

describe('the tuning budget announced before training', () => {
  /**
   * A stand-in for growing trees: each group's out-of-bag probabilities are the truth blurred by an error whose size
   * is the landscape's level for the setting plus noise drawn from the group's seed (shared by every setting, as the
   * trees' bootstraps are) and from the setting itself. Fast, so the search's every path can be walked at 500 trees.
   */
  type Landscape = (
    leaf: number,
    features: number,
    baseFeatures: number,
    depth: number | null,
  ) => { level: number; own: number };
  const LANDSCAPES: Record<string, Landscape> = {
    // More features per split clearly hurt: the base is kept, no doubling is tried.
    worse: (_leaf, features, baseFeatures) => ({
      level: 0.3 + 0.03 * Math.abs(Math.log2(features / baseFeatures)),
      own: 0.001,
    }),
    // More features per split, larger leaves and deeper trees always clearly help: every doubling and every depth.
    climbing: (leaf, features, _base, depth) => ({
      level:
        0.45 -
        0.03 * Math.log2(features) -
        0.01 * Math.log2(leaf) -
        (depth === null ? 0.04 : depth > 7 ? 0.02 : 0),
      own: 0.001,
    }),
    // More features help by less than the noise: a tie on the ladder ends it.
    ties: (_leaf, features) => ({ level: 0.3 - 0.002 * Math.log2(features), own: 0.03 }),
    // As `worse`, and each larger leaf clearly better: the finalist after the lowest-scoring one (the largest leaf)
    // scores above it and costs more per tree (a smaller leaf), so it is not refined (tune.ts FINALISTS).
    largerLeaves: (leaf, features, baseFeatures) => ({
      level: 0.3 + 0.03 * Math.abs(Math.log2(features / baseFeatures)) - 0.01 * Math.log2(leaf),
      own: 0.001,
    }),
  };

  function fakeGrow(y: Uint8Array, landscape: Landscape, baseFeatures: number) {
    return (params: ForestParams): Promise<{ oobProba: Float64Array }> => {
      const features = params.maxFeatures as number;
      const { level, own } = landscape(
        params.minSamplesLeaf,
        features,
        baseFeatures,
        params.maxDepth,
      );
      const shared = new Rng(params.randomState);
      const setting = new Rng(
        deriveSeed(params.randomState, params.minSamplesLeaf * 100003 + features),
      );
      const proba = new Float64Array(y.length * 2);
      for (let r = 0; r < y.length; r++) {
        const e = Math.min(
          0.99,
          Math.max(
            0.01,
            level + 0.1 * (shared.nextFloat() - 0.5) + own * (setting.nextFloat() - 0.5),
          ),
        );
        proba[r * 2 + 1] = y[r] === 1 ? 1 - e : e;
        proba[r * 2] = 1 - proba[r * 2 + 1];
      }
      return Promise.resolve({ oobProba: proba });
    };
  }

  const cohorts = [
    { name: 'small', nTrain: 150, nFeatures: 10 },
    { name: 'large', nTrain: 5000, nFeatures: 2000 },
  ];
  for (const cohort of cohorts) {
    for (const trees of [10, 100, 500]) {
      it(`bounds the trees tuning grows: ${trees} trees, ${cohort.name} cohort`, async () => {
        const y = Uint8Array.from(
          { length: cohort.nTrain },
          (_, r) => (deriveSeed(3, r) & 1) as number,
        );
        const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: trees, randomState: 11 };
        // Without screen weights, as the searches below run.
        const budget = tuningBudget(base, cohort.nTrain, cohort.nFeatures, false);
        if (!budget.tuned) throw new Error(budget.words);
        // The words give the figures: the most is the bound the user reads (40 for 10 trees, once; 192 are grown).
        expect(budget.words).toContain(
          `and ${budget.mostTrees.toLocaleString('en-US')} trees first`,
        );
        expect(budget.words).toContain(`then the ${trees} of the forest`);
        const grown: number[] = [];
        for (const landscape of Object.values(LANDSCAPES)) {
          const { report } = await tuneOnOutOfBag(
            { y, nClasses: 2, nFeatures: cohort.nFeatures },
            base,
            fakeGrow(y, landscape, Math.floor(Math.sqrt(cohort.nFeatures))),
          );
          expect(report.treesGrown).toBeGreaterThanOrEqual(budget.fewestTrees);
          expect(report.treesGrown).toBeLessThanOrEqual(budget.mostTrees);
          grown.push(report.treesGrown);
        }
        // Where larger leaves win, the fewest, exactly (the base and one finalist refined); the worsening landscape
        // refines a second finalist besides (cheaper than the first); the climbing one grows more where there is more
        // to try (doublings and depths; the narrow table's feature counts are all always tried, and its one step
        // deeper is no limit already).
        expect(grown[3]).toBe(budget.fewestTrees);
        expect(grown[0]).toBe(
          budget.fewestTrees + budget.refinedTreesPerSetting - budget.treesPerSetting,
        );
        if (cohort.nFeatures > 100) expect(grown[1]).toBeGreaterThan(grown[0]);
        else expect(grown[1]).toBeGreaterThanOrEqual(grown[0]);
      });
    }
  }

  it('says instead when tuning will be skipped', () => {
    const budget = tuningBudget({ ...DEFAULT_PARAMS, nEstimators: 500 }, 500_000, 50);
    expect(budget.tuned).toBe(false);
    expect(budget.words).toMatch(/^Tuning will be skipped: one forest of 500 trees/);
  });
});
