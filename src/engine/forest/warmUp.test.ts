import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning';
import { growSetup } from './growSupport';
import { packedColumns } from './packedSnp';
import { DEFAULT_PARAMS } from './types';
import {
  TUNING_WARM_SCREENS,
  WARM_UP_SNP_COLUMNS,
  warmUpSurvivalTable,
  warmUpTable,
  warmUpTuning,
} from './warmUp';
import { screenWeights } from './featureWeights';
import { TREE_GROUPS, tuneForest } from './tune';
import { growTrees } from './grow';
import type { ForestParams } from './types';
import { survivalTrees, fitSurvivalForest } from './survivalForest';

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
  /** The warm-up's calls on the warm-up table, in order. */
  function warmUpCalls() {
    const t = warmUpTable();
    const b = binFeatures(t.X, t.nRows, t.nFeatures, new Uint8Array(t.nFeatures));
    const weights = screenWeights(b, t.y, 2);
    const calls: (
      | { kind: 'hold'; table: number }
      | { kind: 'screen' }
      | { kind: 'grow'; params: ForestParams; trees: number[] }
    )[] = [];
    warmUpTuning(
      {
        hold: (table) => void calls.push({ kind: 'hold', table }),
        screen: () => {
          calls.push({ kind: 'screen' });
          return weights;
        },
        grow: (params, trees) => void calls.push({ kind: 'grow', params, trees }),
      },
      t.nRows,
      t.nFeatures,
    );
    return { t, b, weights, calls };
  }

  /** A setting as the search asks for it: leaf, features per split (a count), depth, screened, out-of-bag sums. */
  const kindOf = (p: ForestParams): string =>
    JSON.stringify([
      p.minSamplesLeaf,
      p.maxFeatures,
      p.maxDepth,
      p.featureWeights != null,
      p.oobScore,
    ]);

  it("makes the search's own calls on the warm-up table: each setting it always tries, in its groups, then a final forest", async () => {
    const { t, weights, calls } = warmUpCalls();
    // The calls the real search (tune.ts, with the screen's weights) makes on the same table; out-of-bag
    // probabilities of one half each, so that it runs to its end without growing anything.
    const asked: ForestParams[] = [];
    const base = { ...DEFAULT_PARAMS, nEstimators: 100, oobScore: true };
    const tuned = await tuneForest(
      { y: t.y, nClasses: 2, nFeatures: t.nFeatures, featureWeights: weights },
      base,
      async (p) => {
        asked.push(p);
        return new Float64Array(2 * t.nRows).fill(0.5);
      },
    );
    const grows = calls.flatMap((c) => (c.kind === 'grow' ? [c] : []));
    const warmKinds = new Map<string, number>();
    for (const c of grows)
      warmKinds.set(kindOf(c.params), (warmKinds.get(kindOf(c.params)) ?? 0) + 1);
    // Every setting the search always tries (the base and the screened leaves), each in TREE_GROUPS calls, with the
    // screen's own weights.
    const always = [...new Set(asked.map(kindOf))].slice(0, tuned.report.plan.candidatesAlways);
    expect(always.length).toBe(1 + tuned.report.plan.screenedLeaves.length);
    for (const k of always) expect(warmKinds.get(k)).toBe(TREE_GROUPS);
    // Each of those calls grows the search's own trees a group on this table (a first fit's compiled code then fits).
    const perGroup = tuned.report.plan.treesPerCandidate / TREE_GROUPS;
    expect(perGroup).toBeGreaterThan(1);
    for (const c of grows.filter((g) => g.params.oobScore)) {
      expect(c.params.nEstimators).toBe(perGroup);
      expect(c.trees).toHaveLength(perGroup);
    }
    expect(
      grows
        .filter((c) => c.params.featureWeights)
        .every((c) => c.params.featureWeights === weights),
    ).toBe(true);
    // The features stage's kind: more features per split at the plan's depth limit, with out-of-bag sums.
    const plan = tuned.report.plan;
    expect(
      grows.some(
        (c) =>
          c.params.oobScore &&
          (c.params.maxFeatures as number) > plan.baseFeatures &&
          c.params.maxDepth === plan.depthLimit,
      ),
    ).toBe(true);
    // Then the final forest, last: a screened setting without out-of-bag sums, its trees after the search's.
    const last = grows[grows.length - 1];
    expect(last.params.oobScore).toBe(false);
    expect(last.params.featureWeights).toBe(weights);
    const searchTrees = grows.slice(0, -1).flatMap((c) => c.trees);
    expect(Math.min(...last.trees)).toBeGreaterThan(Math.max(...searchTrees));
  });

  it('screens several times before growing, and splits the calls between two held tables', () => {
    const { calls } = warmUpCalls();
    const firstGrow = calls.findIndex((c) => c.kind === 'grow');
    expect(calls.slice(0, firstGrow).filter((c) => c.kind === 'screen').length).toBe(
      TUNING_WARM_SCREENS,
    );
    expect(TUNING_WARM_SCREENS).toBeGreaterThan(1);
    const holds = calls.flatMap((c, i) => (c.kind === 'hold' ? [{ i, table: c.table }] : []));
    expect(holds.map((h) => h.table)).toEqual([0, 1]);
    expect(holds[0].i).toBe(0);
    // Grow calls on both tables.
    expect(calls.slice(holds[1].i).some((c) => c.kind === 'grow')).toBe(true);
    expect(calls.slice(0, holds[1].i).some((c) => c.kind === 'grow')).toBe(true);
  });

  it('asks for valid settings that grow trees (out-of-bag sums in the search, drawn by the weights when screened)', () => {
    const { t, b, calls } = warmUpCalls();
    for (const c of calls) {
      if (c.kind !== 'grow') continue;
      const shard = growTrees(b, t.y, 2, c.params, c.trees);
      expect(shard.oobSum !== null).toBe(c.params.oobScore);
      if (!c.params.featureWeights) continue;
      const w = c.params.featureWeights;
      const splits = shard.trees.flatMap((tree) => Array.from(tree.feature).filter((f) => f >= 0));
      // Splits mostly on the features the screen favours (the weighted draws' path, weightedDraws.ts).
      const mean = w.reduce((a, v) => a + v, 0) / w.length;
      const favoured = splits.filter((f) => w[f] > mean).length;
      expect(favoured / splits.length).toBeGreaterThan(w.filter((v) => v > mean).length / w.length);
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
    for (const tree of survivalTrees(f)) {
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

  it('has whole-number columns of each kind binFeatures tells apart, as clinical cohorts have', () => {
    const t = warmUpSurvivalTable();
    const kinds = new Set<string>();
    for (let f = 0; f < t.nFeatures; f++) {
      if (t.isCategorical[f]) continue;
      const v = Array.from(t.X.subarray(f * t.nRows, (f + 1) * t.nRows)).filter((x) => x === x);
      if (!v.every(Number.isInteger)) continue;
      const distinct = new Set(v).size;
      const max = Math.max(...v);
      const min = Math.min(...v);
      if (max <= 3 && distinct > 2) kinds.add(v.length < t.nRows ? '0-3 with missing' : '0-3');
      else if (max <= 1) kinds.add('0/1');
      else if (min < 0) kinds.add('negative');
      else if (max > 255) kinds.add('above 255');
      else kinds.add(distinct <= 8 ? 'few under 256' : 'many under 256');
    }
    expect([...kinds].sort()).toEqual(
      [
        '0-3 with missing',
        '0/1',
        'above 255',
        'few under 256',
        'many under 256',
        'negative',
      ].sort(),
    );
    const binned = binFeatures(t.X, t.nRows, t.nFeatures, t.isCategorical, 255);
    // ECOG-like 0–3: the three midpoints; a missing value gets the missing bin.
    const ecog = t.nFeatures - 6;
    expect(Array.from(binned.thresholds[ecog])).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(binned.bins.subarray(ecog * t.nRows, (ecog + 1) * t.nRows))).toContain(255);
  });
});
