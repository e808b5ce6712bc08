/**
 * The receiving end of a packed survival shard (survivalGrow.ts growSurvivalTreesPacked): its trees made again as
 * views of the kernel batch buffers they were grown in (treeAt), the very arrays the grower would have made.
 */
import { LAYOUT_STRIDE, type SurvivalShard, type SurvivalShardWire } from './survivalGrow.ts';
import type { SurvivalTree } from './survivalTree.ts';
import { treeAt, treeImageBytes } from './survivalKernel.ts';

/**
 * The shard a worker sent, its trees made again from their buffers when packed (checked to lie within them);
 * without their impurity decreases unless `decreases` (treeAt).
 */
export function unpackSurvivalShard(wire: SurvivalShardWire, decreases = true): SurvivalShard {
  if (wire.trees) return wire;
  const { packedTrees, ...rest } = wire;
  const { buffers, layout } = packedTrees;
  const count = layout.length / LAYOUT_STRIDE;
  if (!Number.isInteger(count) || count !== rest.treeIndices.length)
    throw new Error('A packed tree shard has a layout that does not fit its trees');
  const trees: SurvivalTree[] = new Array<SurvivalTree>(count);
  for (let i = 0; i < count; i++) {
    const o = LAYOUT_STRIDE * i;
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
      throw new Error(`Packed tree ${i + 1} of a shard does not lie within its buffers`);
    trees[i] = treeAt(buffer, at, n, c, catLen, decreases);
  }
  return { ...rest, trees };
}
