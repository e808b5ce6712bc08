/**
 * The ArrayBuffers behind the typed arrays that cross the worker boundary, so they are transferred (moved, no copy)
 * instead of cloned. Kept apart from host.ts so the worker bundle never includes the code that spawns workers.
 */
import type { CrossValidationData } from '../engine/evaluate/evaluation';
import type { TreeShard } from './api';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import type { PackedCausalTrees } from '../engine/causal/causalForest';

function collect(
  views: (ArrayBufferView | null)[],
  into = new Set<ArrayBuffer>(),
): Set<ArrayBuffer> {
  for (const v of views) {
    if (v && v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) into.add(v.buffer);
  }
  return into;
}

/** The buffers of shards' trees and out-of-bag sums. */
export function shardTransferables(shards: TreeShard[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const shard of shards) {
    collect(
      [shard.oobSum, shard.oobCount, shard.groupOobSum ?? null, shard.groupOobCount ?? null],
      out,
    );
    for (const t of shard.trees) {
      collect(
        [
          t.feature,
          t.threshold,
          t.left,
          t.right,
          t.missingLeft,
          t.catOffset,
          t.catBits,
          t.value,
          t.weight,
          t.impurityDecrease,
        ],
        out,
      );
    }
  }
  return [...out];
}

/** The buffers of survival shards: their trees (nodes and leaf curves) and out-of-bag sums. */
export function survivalShardTransferables(shards: SurvivalShardWire[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const shard of shards) {
    if (shard.trees) {
      for (const b of shardTransferables([shard])) out.add(b);
      for (const t of shard.trees) collect([t.hazardOffset, t.hazardPoint, t.hazardValue], out);
    } else {
      collect([shard.oobSum, shard.oobCount, shard.packedTrees.layout], out);
      for (const b of shard.packedTrees.buffers) out.add(b);
    }
  }
  return [...out];
}

/** The buffers of a cohort's columns and outcome (none when they are in shared memory). */
export function cohortTransferables(c: Pick<CrossValidationData, 'X' | 'y'>): ArrayBuffer[] {
  const X = c.X;
  return [...collect(X instanceof Float32Array ? [X, c.y] : [X.dense, X.packed, c.y])];
}

/** The (non-shared) buffers behind some typed arrays. */
export function transferables(views: ArrayBufferView[]): ArrayBuffer[] {
  return [...collect(views)];
}

/** The buffers of packed causal trees. */
export function causalPackTransferables(packs: PackedCausalTrees[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const p of packs)
    collect(
      [
        p.nodeStart,
        p.feature,
        p.splitBin,
        p.threshold,
        p.missingLeft,
        p.left,
        p.right,
        p.leafCount,
        p.leafStats,
        p.drawn,
        p.filled,
        p.leafWeight,
      ],
      out,
    );
  return [...out];
}
