import { afterEach, describe, expect, it } from 'vitest';
import {
  flatTreeAt,
  flattenPacked,
  flattenPackedHere,
  flattenTrees,
  orderPacked,
  packSurvivalTrees,
  survivalTreesOfFlat,
} from './flatSurvivalTrees.ts';
import { binFeatures } from './binning.ts';
import {
  growSurvivalTreesPacked,
  LAYOUT_STRIDE,
  type PackedSurvivalTrees,
} from './survivalGrow.ts';
import { unpackSurvivalShard } from './survivalShardPack.ts';
import { NO_DECREASES, setSurvivalKernelEnabled } from './survivalKernel.ts';
import { assembleSurvivalForest, predictCumHazard, prepareSurvivalFit } from './survivalForest.ts';
import { leafCurve, type SurvivalTree } from './survivalTree.ts';
import { warmUpSurvivalTable } from './warmUp.ts';

afterEach(() => setSurvivalKernelEnabled(true));

/** A tree of n nodes from plain arrays (float32 thresholds and weights, as a forest holds its trees). */
function tree(t: {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  catOffset: number[];
  catBits?: number[];
  hazardOffset: number[];
  hazardPoint: number[];
  hazardValue: number[];
  decrease: number[];
}): SurvivalTree {
  const n = t.feature.length;
  return {
    nodeCount: n,
    nClasses: 1,
    feature: Int32Array.from(t.feature),
    threshold: Float32Array.from(t.threshold),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    missingLeft: Uint8Array.from(t.missingLeft),
    catOffset: Int32Array.from(t.catOffset),
    catBits: Uint32Array.from(t.catBits ?? []),
    value: Float32Array.from({ length: n }, (_, i) => i + 0.5),
    weight: Float32Array.from({ length: n }, (_, i) => 10 - i),
    impurityDecrease: Float64Array.from(t.decrease),
    hazardOffset: Int32Array.from(t.hazardOffset),
    hazardPoint: Int32Array.from(t.hazardPoint),
    hazardValue: Float32Array.from(t.hazardValue),
  };
}

// A: x0 <= 0.5 (missing left) to leaf 1 (jumps at grid points 0 and 2) or leaf 2 (at 1).
const A = tree({
  feature: [0, -1, -1],
  threshold: [0.5, 0, 0],
  left: [1, -1, -1],
  right: [2, -1, -1],
  missingLeft: [1, 0, 0],
  catOffset: [-1, -1, -1],
  hazardOffset: [0, 0, 2, 3],
  hazardPoint: [0, 2, 1],
  hazardValue: [0.125, 0.375, 0.5],
  decrease: [4, 0, 0],
});
// B: a single leaf with one jump.
const B = tree({
  feature: [-1],
  threshold: [0],
  left: [-1],
  right: [-1],
  missingLeft: [0],
  catOffset: [-1],
  hazardOffset: [0, 1],
  hazardPoint: [0],
  hazardValue: [0.25],
  decrease: [0],
});
// C: categories 1 and 3 of x1 go left (bits 1 and 3 of its set's first word).
const C = tree({
  feature: [1, -1, -1],
  threshold: [0, 0, 0],
  left: [1, -1, -1],
  right: [2, -1, -1],
  missingLeft: [0, 0, 0],
  catOffset: [0, -1, -1],
  catBits: [0b1010, 0, 0, 0, 0, 0, 0, 0],
  hazardOffset: [0, 0, 1, 2],
  hazardPoint: [2, 1],
  hazardValue: [1, 0.75],
  decrease: [2, 0, 0],
});

describe('a survival forest held flat', () => {
  it('puts every tree in forest-wide arrays, its indices made forest-wide (hand-worked)', () => {
    const f = flattenPacked(packSurvivalTrees([A, B, C]), true);
    expect(f.treeCount).toBe(3);
    expect(f.nodeCount).toBe(7);
    expect(Array.from(f.nodeStart)).toEqual([0, 3, 4, 7]);
    expect(Array.from(f.catStart)).toEqual([0, 0, 0, 8]);
    expect(Array.from(f.feature)).toEqual([0, -1, -1, -1, 1, -1, -1]);
    // C's children 1 and 2 are nodes 5 and 6 of the forest; its set starts at word 0 (A and B have none).
    expect(Array.from(f.left)).toEqual([1, -1, -1, -1, 5, -1, -1]);
    expect(Array.from(f.right)).toEqual([2, -1, -1, -1, 6, -1, -1]);
    expect(Array.from(f.catOffset)).toEqual([-1, -1, -1, -1, 0, -1, -1]);
    expect(Array.from(f.catBits)).toEqual([0b1010, 0, 0, 0, 0, 0, 0, 0]);
    // A's curves at points 0–2, B's at 3, C's leaves at 4 and 5.
    expect(Array.from(f.hazardOffset)).toEqual([0, 0, 2, 3, 4, 4, 5, 6]);
    expect(Array.from(f.hazardPoint)).toEqual([0, 2, 1, 0, 2, 1]);
    expect(Array.from(f.hazardValue)).toEqual([0.125, 0.375, 0.5, 0.25, 1, 0.75]);
    expect(Array.from(f.missingLeft)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(f.impurityDecrease)).toEqual([4, 0, 0, 0, 2, 0, 0]);
    expect(Array.from(f.value)).toEqual([0.5, 1.5, 2.5, 0.5, 0.5, 1.5, 2.5]);
    expect(Array.from(f.weight)).toEqual([10, 9, 8, 10, 10, 9, 8]);
  });

  it('gives back each tree as it was, without its decreases', () => {
    const f = flattenTrees([A, B, C], false);
    expect(f.impurityDecrease).toBe(NO_DECREASES);
    [A, B, C].forEach((t, i) => {
      expect(flatTreeAt(f, i)).toEqual({ ...t, impurityDecrease: NO_DECREASES });
    });
    expect(survivalTreesOfFlat(f)).toBe(survivalTreesOfFlat(f));
  });

  it('predicts each row as the mean of its trees’ leaf curves, routing from each root', () => {
    const f = flattenTrees([A, B, C], false);
    // Rows (x0, x1): (0, 1) reaches A's leaf 1, B, C's leaf 1; (NaN, 2) A's leaf 1 (missing left), B, C's leaf 2.
    const X = Float32Array.from([0, NaN, 1, 2]);
    const H = predictCumHazard({ flatTrees: f, timeGrid: Float64Array.from([1, 2, 3]) }, X, 2);
    const mean = (...curves: Float64Array[]) =>
      [0, 1, 2].map((j) => curves.reduce((s, c) => s + c[j], 0) / curves.length);
    const row0 = mean(leafCurve(A, 1, 3), leafCurve(B, 0, 3), leafCurve(C, 1, 3));
    const row1 = mean(leafCurve(A, 1, 3), leafCurve(B, 0, 3), leafCurve(C, 2, 3));
    expect(row0).toEqual([0.125 / 3 + 0.25 / 3, 0.125 / 3 + 0.25 / 3, (0.375 + 0.25 + 1) / 3]);
    expect(Array.from(H.subarray(0, 3))).toEqual(row0);
    expect(Array.from(H.subarray(3, 6))).toEqual(row1);
  });

  it('copies the same bytes in WebAssembly and in JavaScript, and refuses a tree outside its buffer', () => {
    const packed = packSurvivalTrees([A, B, C]);
    for (const decreases of [true, false]) {
      const wasm = flattenPacked(packed, decreases);
      const js = flattenPackedHere(packed, 3, decreases);
      expect(new Uint8Array(wasm.nodeStart.buffer)).toEqual(new Uint8Array(js.nodeStart.buffer));
    }
    const bad: PackedSurvivalTrees = { buffers: packed.buffers, layout: packed.layout.slice() };
    bad.layout[LAYOUT_STRIDE + 2] = 1000;
    const message = 'Packed tree 2 of a shard does not lie within its buffers';
    expect(() => flattenPacked(bad, false)).toThrow(message);
    expect(() => flattenPackedHere(bad, 3, false)).toThrow(message);
    setSurvivalKernelEnabled(false);
    expect(() => flattenPacked(bad, false)).toThrow(message);
  });

  it('orders several shards’ trees as asked', () => {
    const one = packSurvivalTrees([A, B]);
    const two = packSurvivalTrees([C]);
    const f = flattenPacked(orderPacked([one, two], Int32Array.of(1, 0, 0, 1, 0, 0)), false);
    const g = flattenTrees([C, B, A], false);
    expect(new Uint8Array(f.nodeStart.buffer)).toEqual(new Uint8Array(g.nodeStart.buffer));
    expect(() => orderPacked([one], Int32Array.of(0, 2))).toThrow('Shard 1 has no tree 3');
  });

  it('holds a kernel-grown shard’s trees as the trees made from its images', () => {
    const cohort = warmUpSurvivalTable();
    const binned = binFeatures(cohort.X, cohort.nRows, cohort.nFeatures, cohort.isCategorical);
    const fit = prepareSurvivalFit(
      cohort.time,
      cohort.event,
      { nEstimators: 40 },
      cohort.nFeatures,
    );
    const indices = Array.from({ length: 40 }, (_, i) => i);
    const wire = growSurvivalTreesPacked(
      binned,
      cohort.time,
      cohort.event,
      fit.grid,
      fit.params,
      indices,
    );
    if (wire.trees) throw new Error('expected a packed shard');
    const f = flattenPacked(wire.packedTrees, true);
    const trees = unpackSurvivalShard(wire).trees;
    expect(f.treeCount).toBe(40);
    trees.forEach((t, i) => {
      expect(flatTreeAt(f, i)).toEqual({ ...t, impurityDecrease: NO_DECREASES });
      const first = f.nodeStart[i];
      expect(Array.from(f.impurityDecrease.subarray(first, first + t.nodeCount))).toEqual(
        Array.from(t.impurityDecrease),
      );
    });
    const js = flattenPackedHere(wire.packedTrees, 40, true);
    expect(new Uint8Array(f.nodeStart.buffer)).toEqual(new Uint8Array(js.nodeStart.buffer));
  });

  it('assembles shards in tree order, merged or sorted, and refuses a tree in two shards', () => {
    const cohort = warmUpSurvivalTable();
    const binned = binFeatures(cohort.X, cohort.nRows, cohort.nFeatures, cohort.isCategorical);
    const fit = prepareSurvivalFit(cohort.time, cohort.event, { nEstimators: 6 }, cohort.nFeatures);
    const grow = (indices: number[]) =>
      growSurvivalTreesPacked(binned, cohort.time, cohort.event, fit.grid, fit.params, indices);
    const assemble = (...shards: number[][]) =>
      assembleSurvivalForest(shards.map(grow), fit.params, cohort.nFeatures, fit.grid);
    const bytes = (m: ReturnType<typeof assemble>) => survivalTreesOfFlat(m.flatTrees);
    const whole = assemble([0, 1, 2, 3, 4, 5]);
    // Claims as two threads make them (each increasing), and a shard out of order (sorted).
    const merged = assemble([0, 1, 4], [2, 3, 5]);
    const sorted = assemble([0, 1, 2], [5, 3, 4]);
    expect(bytes(merged)).toEqual(bytes(whole));
    expect(bytes(sorted)).toEqual(bytes(whole));
    expect(merged.featureImportances).toEqual(whole.featureImportances);
    expect(sorted.featureImportances).toEqual(whole.featureImportances);
    expect(() => assemble([0, 1, 3], [2, 3])).toThrow('Tree 3 appears in two shards');
    expect(() => assemble([0, 1, 3], [4, 2, 3])).toThrow('Tree 3 appears in two shards');
  });
});
