/**
 * A survival shard sent packed (growSurvivalTreesPacked: the kernel's batch buffers and where each tree lies in
 * them) holds the same trees once unpacked, after a structured clone that moves its buffers, and a layout that does
 * not fit its buffers or trees is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { binFeatures } from './binning.ts';
import { Rng } from './rng.ts';
import { growSurvivalTrees, growSurvivalTreesPacked, LAYOUT_STRIDE } from './survivalGrow.ts';
import { setSurvivalKernelEnabled } from './survivalKernel.ts';
import { validateSurvivalParams } from './survivalParams.ts';
import {
  growClaimed,
  mergeSurvivalShards,
  SURVIVAL_CLAIM_TREES,
  unpackSurvivalShard,
} from './survivalShardPack.ts';
import { survivalTrees, assembleSurvivalForest } from './survivalForest.ts';
import { timeGrid } from './timeGrid.ts';

function cohort(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = 3;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < p; f++) X[f * n + r] = rng.nextFloat();
    time[r] = Math.ceil((-Math.log(1 - rng.nextFloat()) / Math.exp(X[r])) * 50);
    event[r] = rng.nextFloat() < 0.7 ? 1 : 0;
  }
  const binned = binFeatures(X, n, p, new Uint8Array(p));
  return { binned, time, event, grid: timeGrid(time, event) };
}

afterEach(() => setSurvivalKernelEnabled(true));

/** One thread's forest of `indices`, grown as trees and assembled. */
function aloneForest(
  c: ReturnType<typeof cohort>,
  params: ReturnType<typeof validateSurvivalParams>,
  indices: number[],
) {
  const { binned, time, event, grid } = c;
  const shard = growSurvivalTrees(binned, time, event, grid, params, indices);
  return assembleSurvivalForest([shard], params, binned.nFeatures, grid);
}

describe('a packed survival shard', () => {
  const data = cohort(150, 4);
  const { binned, time, event, grid } = data;
  // Two kernel batches (64 trees a call at most; one a call where out-of-bag sums are kept).
  const params = validateSurvivalParams({
    nEstimators: 100,
    randomState: 5,
    minSamplesLeaf: 5,
    oobScore: false,
  });
  const indices = Array.from({ length: 100 }, (_, i) => i);

  it('holds the same trees, out-of-bag sums and kernel sums once unpacked, after its buffers were moved', () => {
    const wire = growSurvivalTreesPacked(binned, time, event, grid, params, indices);
    expect(wire.trees).toBeUndefined();
    if (wire.trees) return;
    // A buffer per kernel batch and five numbers a tree: not 13 arrays a tree.
    expect(wire.packedTrees.buffers).toHaveLength(2);
    expect(wire.packedTrees.layout).toHaveLength(LAYOUT_STRIDE * 100);
    const { buffers, layout } = wire.packedTrees;
    const moved = structuredClone(wire, { transfer: [...buffers, layout.buffer] });
    // The buffers were moved, not copied.
    expect(wire.packedTrees.buffers[0].byteLength).toBe(0);
    expect(unpackSurvivalShard(moved)).toEqual(
      growSurvivalTrees(binned, time, event, grid, params, indices),
    );
    const oob = { ...params, oobScore: true };
    const withOob = growSurvivalTreesPacked(binned, time, event, grid, oob, indices);
    expect(withOob.oobSum).not.toBeNull();
    expect(unpackSurvivalShard(withOob)).toEqual(
      growSurvivalTrees(binned, time, event, grid, oob, indices),
    );
  });

  it("is assembled without its trees' impurity decreases when it brings the kernel's sums, to the same forest", () => {
    const lone = growSurvivalTreesPacked(binned, time, event, grid, params, indices);
    const model = assembleSurvivalForest([lone], params, binned.nFeatures, grid);
    const reference = aloneForest(data, params, indices);
    expect(model).toEqual(reference);
    const bare = unpackSurvivalShard(lone, false).trees[0];
    expect(bare.impurityDecrease).toHaveLength(0);
    expect(unpackSurvivalShard(lone).trees[0].impurityDecrease).toHaveLength(bare.nodeCount);
    // Neither the decreases (the importances are the kernel's sums) nor empty category sets take a view a tree.
    expect(
      survivalTrees(model).every(
        (t) => t.impurityDecrease === survivalTrees(model)[0].impurityDecrease,
      ),
    ).toBe(true);
    expect(survivalTrees(model)[0].impurityDecrease).toHaveLength(0);
    expect(
      survivalTrees(model).every(
        (t) => t.catBits.length > 0 || t.catBits === survivalTrees(model)[0].catBits,
      ),
    ).toBe(true);
    // Split in two shards, the importances are read from the trees' decreases: the same as the lone shard's sums.
    const halves = [indices.slice(0, 37), indices.slice(37)].map((part) =>
      growSurvivalTreesPacked(binned, time, event, grid, params, part),
    );
    const split = assembleSurvivalForest(halves, params, binned.nFeatures, grid);
    expect(split.featureImportances).toEqual(reference.featureImportances);
    expect(survivalTrees(split)).toEqual(survivalTrees(reference));
  });

  it('is grown by claims from a shared counter, a few trees at a time, into one shard of the same trees', () => {
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const asked: number[][] = [];
    const grow = (part: number[]) => {
      asked.push(part);
      return growSurvivalTreesPacked(binned, time, event, grid, params, part);
    };
    // Another thread took the first claim already: this one grows the rest, claim by claim.
    Atomics.add(claim, 0, SURVIVAL_CLAIM_TREES);
    const mine = growClaimed(claim, indices, grow);
    expect(asked.map((p) => p[0])).toEqual([32, 64, 96]);
    expect(mine.treeIndices).toEqual(indices.slice(SURVIVAL_CLAIM_TREES));
    // Nothing is left for a thread that comes later.
    expect(growClaimed(claim, indices, grow).treeIndices).toEqual([]);
    const theirs = growSurvivalTreesPacked(binned, time, event, grid, params, indices.slice(0, 32));
    const together = assembleSurvivalForest([mine, theirs], params, binned.nFeatures, grid);
    const alone = aloneForest(data, params, indices);
    expect(together).toEqual(alone);
    // Out-of-bag sums add up across the merged claims as across shards.
    const oob = { ...params, oobScore: true };
    const parts = [indices.slice(0, 40), indices.slice(40)].map((part) =>
      growSurvivalTreesPacked(binned, time, event, grid, oob, part),
    );
    const merged = assembleSurvivalForest(
      [mergeSurvivalShards(parts)],
      oob,
      binned.nFeatures,
      grid,
    );
    const whole = aloneForest(data, oob, indices);
    expect(merged.oobCumHazard).toEqual(whole.oobCumHazard);
    expect(merged.featureImportances).toEqual(whole.featureImportances);
  });

  it('is the shard itself where the JavaScript grower grows (no kernel)', () => {
    setSurvivalKernelEnabled(false);
    const wire = growSurvivalTreesPacked(binned, time, event, grid, params, [0, 1, 2]);
    expect(wire.trees).toHaveLength(3);
    expect(unpackSurvivalShard(wire)).toBe(wire);
  });

  it('refuses a layout that does not fit its trees or its buffers', () => {
    const wire = growSurvivalTreesPacked(binned, time, event, grid, params, [0, 1, 2]);
    if (wire.trees) throw new Error('expected a packed shard');
    const { layout } = wire.packedTrees;
    const short = { ...wire, packedTrees: { ...wire.packedTrees, layout: layout.slice(0, 10) } };
    expect(() => unpackSurvivalShard(short)).toThrow(
      'A packed tree shard has a layout that does not fit its trees',
    );
    const past = layout.slice();
    past[LAYOUT_STRIDE + 1] = wire.packedTrees.buffers[0].byteLength;
    expect(() =>
      unpackSurvivalShard({ ...wire, packedTrees: { ...wire.packedTrees, layout: past } }),
    ).toThrow('Packed tree 2 of a shard does not lie within its buffers');
    const noBuffer = layout.slice();
    noBuffer[0] = 7;
    expect(() =>
      unpackSurvivalShard({ ...wire, packedTrees: { ...wire.packedTrees, layout: noBuffer } }),
    ).toThrow('Packed tree 1 of a shard does not lie within its buffers');
  });
});
