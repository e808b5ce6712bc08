import { describe, expect, it } from 'vitest';
import type { CausalForest, CausalTree } from './causalForest';
import { fitEffects } from './effects';
import { effectImportance, splitFrequencies } from './importance';
import { simulateCohort } from './simulate';

/** A tree of the given nodes (feature per node, -1 for a leaf; children as [left, right] per inner node). */
function tree(feature: number[], children: [number, number][]): CausalTree {
  const n = feature.length;
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  let k = 0;
  feature.forEach((f, i) => {
    if (f >= 0) [left[i], right[i]] = children[k++];
  });
  return {
    feature: Int32Array.from(feature),
    splitBin: new Uint8Array(n),
    threshold: new Float64Array(n),
    missingLeft: new Uint8Array(n),
    left,
    right,
    leafCount: new Uint32Array(n),
    leafStats: new Float64Array(n * 4),
    drawn: new Uint32Array(1),
    filled: new Uint32Array(1),
    leafWeight: new Float64Array(0),
  };
}

describe('effect importance (split frequencies)', () => {
  it('weights each depth’s split shares by depth^-2, as grf', () => {
    // Tree 1: root on column 0, its left child on column 1. Tree 2: root on column 1, nothing below.
    const forest = {
      nFeatures: 3,
      trees: [
        tree(
          [0, 1, -1, -1, -1],
          [
            [1, 2],
            [3, 4],
          ],
        ),
        tree([1, -1, -1], [[1, 2]]),
      ],
    } as unknown as CausalForest;
    expect(splitFrequencies(forest)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    // Depth 1: shares 0.5, 0.5; depth 2: 0, 1; weights 1, 1/4, 1/9, 1/16.
    const sum = 1 + 1 / 4 + 1 / 9 + 1 / 16;
    const imp = effectImportance(forest);
    expect(imp[0]).toBeCloseTo(0.5 / sum, 12);
    expect(imp[1]).toBeCloseTo((0.5 + 0.25) / sum, 12);
    expect(imp[2]).toBe(0);
  });

  it('ranks the column the effect varies with first, not the confounder', async () => {
    // Effect 0.1 + 0.3·tanh(2·x1); treatment confounded through x2, which drives the outcome too.
    const n = 1500;
    const p = 6;
    const c = simulateCohort('strong', n, p, 5);
    const fit = await fitEffects(c.X, n, p, new Uint8Array(p), c.y, c.w, {
      numTrees: 200,
      randomState: 5,
    });
    const imp = effectImportance(fit.forest);
    console.log(`effect importance: ${Array.from(imp, (v) => v.toFixed(3)).join(', ')}`);
    const order = Array.from(imp.keys()).sort((a, b) => imp[b] - imp[a]);
    expect(order[0]).toBe(0);
    expect(imp[0]).toBeGreaterThan(2 * imp[order[1]]);
  });
});
