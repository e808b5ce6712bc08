/**
 * The receiving end of a packed survival shard (survivalGrow.ts growSurvivalTreesPacked): its trees made again as
 * views of the kernel batch buffers they were grown in (treeAt), the very arrays the grower would have made.
 */
import {
  LAYOUT_STRIDE,
  type PackedSurvivalTrees,
  type SurvivalShard,
  type SurvivalShardWire,
} from './survivalGrow.ts';
import type { SurvivalTree } from './survivalTree.ts';
import { treeAt, treeImageBytes } from './survivalKernel.ts';

/**
 * The shard a worker sent, its trees made again from their buffers when packed (checked to lie within them);
 * without their impurity decreases unless `decreases` (treeAt).
 */
export function unpackSurvivalShard(wire: SurvivalShardWire, decreases = true): SurvivalShard {
  if (wire.trees) return wire;
  const { packedTrees, ...rest } = wire;
  const { layout } = packedTrees;
  const count = layout.length / LAYOUT_STRIDE;
  if (!Number.isInteger(count) || count !== rest.treeIndices.length)
    throw new Error('A packed tree shard has a layout that does not fit its trees');
  const trees: SurvivalTree[] = new Array<SurvivalTree>(count);
  for (let i = 0; i < count; i++) {
    const { buffer, at, n, c, catLen } = packedTreePlace(packedTrees, i);
    trees[i] = treeAt(buffer, at, n, c, catLen, decreases);
  }
  return { ...rest, trees };
}

/**
 * Where packed tree t lies: its buffer, byte offset, nodes, curve points and category words; throws when it does
 * not lie within that buffer (a layout is read from another thread's message: checked before any view is made).
 */
export function packedTreePlace(
  packed: PackedSurvivalTrees,
  t: number,
): { buffer: ArrayBuffer; at: number; n: number; c: number; catLen: number } {
  const { buffers, layout } = packed;
  const o = LAYOUT_STRIDE * t;
  const buffer = buffers[layout[o]];
  const at = layout[o + 1];
  const n = layout[o + 2];
  const c = layout[o + 3];
  const catLen = layout[o + 4];
  if (
    buffer === undefined ||
    !(n >= 1 && c >= 0 && catLen >= 0 && at >= 0 && at % 8 === 0) ||
    at + treeImageBytes(n, c, catLen) > buffer.byteLength
  )
    throw new Error(`Packed tree ${t + 1} of a shard does not lie within its buffers`);
  return { buffer, at, n, c, catLen };
}

/**
 * Trees a thread claims at a time from a forest that several threads grow together (growClaimed): small enough that
 * the threads finish within a fraction of a millisecond of each other on a small cohort (lung: ~0.6 ms for 32
 * trees), large enough that a claim's set-up (the kernel's workspace) stays a few per cent of it.
 */
export const SURVIVAL_CLAIM_TREES = 32;

/**
 * Grows the trees of `indices` that this thread claims, SURVIVAL_CLAIM_TREES at a time, from a counter that every
 * thread growing the same forest shares (`claim`, in shared memory: Atomics.add hands each range to one thread), until
 * none is left; one shard of what it grew (none, when the others took every range first). Each tree is seeded by its
 * index, so the forest is the same whoever grows which tree.
 */
export function growClaimed(
  claim: Int32Array,
  indices: readonly number[],
  grow: (part: number[]) => SurvivalShardWire,
): SurvivalShardWire {
  const grown: SurvivalShardWire[] = [];
  for (;;) {
    const start = Atomics.add(claim, 0, SURVIVAL_CLAIM_TREES);
    if (start >= indices.length) break;
    grown.push(grow(indices.slice(start, start + SURVIVAL_CLAIM_TREES)));
  }
  return mergeSurvivalShards(grown);
}

/**
 * Shards of one forest as one (packed when they all are: their buffers side by side), their trees in the shards'
 * order, out-of-bag sums added (exact: each increment is a multiple of 2^-32), no kernel sums (they are a lone
 * shard's, in tree order).
 */
export function mergeSurvivalShards(wires: readonly SurvivalShardWire[]): SurvivalShardWire {
  const treeIndices = wires.flatMap((w) => w.treeIndices);
  let oobSum: Float64Array | null = null;
  let oobCount: Uint32Array | null = null;
  for (const w of wires) {
    if (!w.oobSum || !w.oobCount) continue;
    if (!oobSum || !oobCount) {
      oobSum = Float64Array.from(w.oobSum);
      oobCount = Uint32Array.from(w.oobCount);
      continue;
    }
    if (w.oobSum.length !== oobSum.length || w.oobCount.length !== oobCount.length)
      throw new Error('Tree shards disagree on the number of rows');
    for (let i = 0; i < oobSum.length; i++) oobSum[i] += w.oobSum[i];
    for (let r = 0; r < oobCount.length; r++) oobCount[r] += w.oobCount[r];
  }
  const packed: PackedSurvivalTrees[] = [];
  for (const w of wires) if (!w.trees) packed.push(w.packedTrees);
  if (packed.length === wires.length) {
    const buffers: ArrayBuffer[] = [];
    const layout = new Int32Array(packed.reduce((n, p) => n + p.layout.length, 0));
    let at = 0;
    for (const p of packed) {
      layout.set(p.layout, at);
      for (let i = at; i < at + p.layout.length; i += LAYOUT_STRIDE) layout[i] += buffers.length;
      at += p.layout.length;
      buffers.push(...p.buffers);
    }
    return { treeIndices, oobSum, oobCount, packedTrees: { buffers, layout } };
  }
  const trees = wires.flatMap((w) => unpackSurvivalShard(w).trees);
  return { treeIndices, trees, oobSum, oobCount };
}
