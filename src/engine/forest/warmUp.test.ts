import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning';
import { growSetup } from './growSupport';
import { packedColumns } from './packedSnp';
import { DEFAULT_PARAMS } from './types';
import { WARM_UP_SNP_COLUMNS, warmUpSurvivalTable, warmUpTable, warmUpTuning } from './warmUp';
import { growTrees } from './grow';
import { resolveMaxFeatures } from './params';
import type { ForestParams } from './types';
import { fitSurvivalForest } from './survivalForest';

describe('the warm-up table', () => {
  it('takes every path of the hot loops: packed genotypes with and without missing values, continuous columns', () => {
    const t = warmUpTable();
    const b = binFeatures(t.X, t.nRows, t.nFeatures, new Uint8Array(t.nFeatures));
    const setup = growSetup(b, t.y, 2, { ...DEFAULT_PARAMS, oobScore: false });
    // The packed split search (two classes, integer weights) is the path SNP tables take.
    expect(setup.packedOk).toBe(true);
    const cols = packedColumns(b);
    let clean = 0;
    let withMissing = 0;
    let continuous = 0;
    for (let f = 0; f < t.nFeatures; f++) {
      if (cols.packOff[f] < 0) {
        if (b.nBins[f] > 16) continuous++;
      } else if (cols.packMissing[f] === 1) withMissing++;
      else clean++;
    }
    expect([clean, withMissing, continuous]).toEqual([40, 8, 8]);
    // The packing loop's tail (rows not a multiple of 4) and both classes.
    expect(t.nRows % 4).not.toBe(0);
    const positives = t.y.reduce((a, v) => a + v, 0);
    expect(positives).toBeGreaterThan(t.nRows / 10);
    expect(positives).toBeLessThan((9 * t.nRows) / 10);
  });

  it('starts with its genotype columns: alone, they are an SNP-only table (for the packed kernel node search)', () => {
    const t = warmUpTable();
    const n = WARM_UP_SNP_COLUMNS;
    const b = binFeatures(t.X.subarray(0, n * t.nRows), t.nRows, n, new Uint8Array(n));
    const cols = packedColumns(b);
    expect(Array.from(cols.packOff).every((o) => o >= 0)).toBe(true);
    expect(cols.packMissing.reduce((a, v) => a + v, 0)).toBe(8);
  });

  it('is the same table every time', () => {
    const a = warmUpTable();
    const b = warmUpTable();
    expect(Array.from(a.X.subarray(0, 50))).toEqual(Array.from(b.X.subarray(0, 50)));
    expect(a.y).toEqual(b.y);
  });
});

describe('the tuning warm-up', () => {
  it("screens the held table and grows the search's kinds of trees: out-of-bag sums, screened draws, more features at a depth limit", () => {
    const t = warmUpTable();
    const b = binFeatures(t.X, t.nRows, t.nFeatures, new Uint8Array(t.nFeatures));
    let screens = 0;
    const calls: { params: ForestParams; trees: number[] }[] = [];
    warmUpTuning(
      {
        screen: () => void screens++,
        grow: (params, trees) => void calls.push({ params, trees }),
      },
      t.nFeatures,
    );
    expect(screens).toBe(1);
    const sqrt = resolveMaxFeatures(DEFAULT_PARAMS.maxFeatures, t.nFeatures);
    expect(calls.every((c) => c.params.oobScore)).toBe(true);
    expect(calls.some((c) => (c.params.featureWeights?.length ?? 0) === t.nFeatures)).toBe(true);
    expect(
      calls.some(
        (c) =>
          resolveMaxFeatures(c.params.maxFeatures, t.nFeatures) > sqrt &&
          c.params.maxDepth !== null,
      ),
    ).toBe(true);
    // After warmUpTrainingWorker's own trees 0–8, each tree once.
    const trees = calls.flatMap((c) => c.trees);
    expect(Math.min(...trees)).toBeGreaterThanOrEqual(9);
    expect(new Set(trees).size).toBe(trees.length);
    // The calls are valid settings that grow trees with out-of-bag sums; the screened ones split mostly on the
    // features their weights favour (the weighted draws' path, weightedDraws.ts).
    for (const c of calls) {
      const shard = growTrees(b, t.y, 2, c.params, c.trees);
      expect(shard.oobSum).not.toBeNull();
      if (!c.params.featureWeights) continue;
      const w = c.params.featureWeights;
      const favoured = new Set(w.map((v, f) => (v > 1 ? f : -1)).filter((f) => f >= 0));
      const splits = shard.trees.flatMap((tree) => Array.from(tree.feature).filter((f) => f >= 0));
      const onFavoured = splits.filter((f) => favoured.has(f)).length;
      expect(onFavoured / splits.length).toBeGreaterThan(favoured.size / t.nFeatures);
    }
  });
});

describe('the survival warm-up table', () => {
  it("takes the kernel's numeric, categorical and missing-value splits, with ties and censoring", () => {
    const t = warmUpSurvivalTable();
    const f = fitSurvivalForest(t.X, t.nRows, t.nFeatures, t.isCategorical, t.time, t.event, {
      nEstimators: 20,
      oobScore: false,
    });
    const cat = t.isCategorical.indexOf(1);
    let catSplits = 0;
    let missingSplits = 0;
    let numericSplits = 0;
    for (const tree of f.trees) {
      for (let k = 0; k < tree.feature.length; k++) {
        const feature = tree.feature[k];
        if (feature < 0) continue;
        if (feature === cat) catSplits++;
        else if (feature === 1) missingSplits++;
        else numericSplits++;
      }
    }
    expect(catSplits).toBeGreaterThan(0);
    expect(missingSplits).toBeGreaterThan(0);
    expect(numericSplits).toBeGreaterThan(0);
    expect(Array.from(t.X.subarray(t.nRows, 2 * t.nRows)).some(Number.isNaN)).toBe(true);
    const events = t.event.reduce((a, v) => a + v, 0);
    expect(events).toBeGreaterThan(t.nRows / 2);
    expect(events).toBeLessThan(t.nRows);
    expect(new Set(t.time).size).toBeLessThan(t.nRows);
  });
});
