/**
 * The final forest of a tuned fit as the command line and the app grow it: the chosen setting's trees from the search
 * (reusableShards: its first trees; `reused` of them) and the rest grown from there with the chosen settings.
 */
import { reusableShards } from '../src/app/tuneForest.ts';
import type { ForestParams, TreeShard } from '../src/engine/forest/types.ts';

export function finalShards(
  kept: TreeShard[] | null,
  final: ForestParams,
  grow: (p: ForestParams, firstTree: number) => TreeShard,
): { shards: TreeShard[]; reused: number } {
  const reuse = reusableShards(kept, final.nEstimators);
  const rest = final.nEstimators - reuse.firstTree;
  const shards = [
    ...reuse.shards,
    ...(rest > 0 ? [grow({ ...final, nEstimators: rest }, reuse.firstTree)] : []),
  ];
  return { shards, reused: reuse.firstTree };
}

/** finalShards with a grower that answers in a promise (a training worker's call: bench/warmWorker.ts). */
export async function finalShardsAsync(
  kept: TreeShard[] | null,
  final: ForestParams,
  grow: (p: ForestParams, firstTree: number) => Promise<TreeShard>,
): Promise<{ shards: TreeShard[]; reused: number }> {
  const reuse = reusableShards(kept, final.nEstimators);
  const rest = final.nEstimators - reuse.firstTree;
  const shards = [
    ...reuse.shards,
    ...(rest > 0 ? [await grow({ ...final, nEstimators: rest }, reuse.firstTree)] : []),
  ];
  return { shards, reused: reuse.firstTree };
}
