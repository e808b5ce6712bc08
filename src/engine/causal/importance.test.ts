import { describe, expect, it } from 'vitest';
import type { CausalForest, CausalTree } from './causalForest';
import { fitEffects } from './effects';
import { armEffectImportance, effectImportance, splitFrequencies } from './importance';
import { simulateCohort } from './simulate';

/** A tree of the given nodes (feature per node, -1 for a leaf; children as [left, right] per inner node). */
function tree(feature: number[], children: [number, number][], stride = 4): CausalTree {
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
    leafStats: new Float64Array(n * stride),
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

  it('weights each split by how far apart its children put each arm’s effect (hand-worked, two contrasts)', () => {
    // Leaf statistics of two contrasts (y, w1, w2, y·w1, y·w2, w·wᵀ) with ⟨w⟩ = 0 and ⟨wwᵀ⟩ = I/4, so a leaf's effects
    // are 4·⟨yw⟩: binary fractions throughout, so pooled effects are exact.
    const withLeaves = (t: CausalTree, leaves: [number, number, number, number][]): CausalTree => {
      for (const [node, count, b, c] of leaves) {
        t.leafCount[node] = count;
        t.leafStats.set([0, 0, 0, b / 4, c / 4, 0.25, 0, 0, 0.25], node * 9);
      }
      return t;
    };
    // Tree 1: root on column 2, whose left child splits on column 0 (arm B: 0.25 | 0.75) and whose right leaf has
    // B 0.5: both sides of the root pool to B 0.5, C −0.5, so the root separates nothing.
    // Tree 2: root on column 1, C −0.75 | −0.25. Tree 3: root on column 2, the same effects on both sides.
    const forest = {
      nFeatures: 3,
      params: { arms: 2 },
      trees: [
        withLeaves(
          tree(
            [2, 0, -1, -1, -1],
            [
              [1, 2],
              [3, 4],
            ],
            9,
          ),
          [
            [2, 20, 0.5, -0.5],
            [3, 10, 0.25, -0.5],
            [4, 10, 0.75, -0.5],
          ],
        ),
        withLeaves(tree([1, -1, -1], [[1, 2]], 9), [
          [1, 10, 0.5, -0.75],
          [2, 10, 0.5, -0.25],
        ]),
        withLeaves(tree([2, -1, -1], [[1, 2]], 9), [
          [1, 10, 0.5, -0.5],
          [2, 10, 0.5, -0.5],
        ]),
      ],
    } as unknown as CausalForest;
    const sum = 1 + 1 / 4 + 1 / 9 + 1 / 16;
    // The split counts favour column 2 (2 of the 3 roots).
    const joint = effectImportance(forest);
    expect(joint[2]).toBeCloseTo(2 / 3 / sum, 12);
    expect(joint[0]).toBeCloseTo(0.25 / sum, 12);
    // B: only the depth-2 split on column 0 separates it (10·10/20·0.5² = 1.25, the whole of depth 2); C: only tree 2's
    // root on column 1 (the whole of depth 1). Depths whose splits separate nothing add nothing.
    const [b, c] = armEffectImportance(forest);
    expect(Array.from(b)).toEqual([0.25 / sum, 0, 0]);
    expect(Array.from(c)).toEqual([0, 1 / sum, 0]);
  });
});
