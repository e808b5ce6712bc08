import { describe, expect, it } from 'vitest';
import { treeShap } from '../explain/treeshap.ts';
import { checkTree, MAX_TREE_DEPTH } from './checkTree.ts';
import type { Tree } from './types.ts';

/** A tree of n nodes with every node a leaf; tests link the nodes they need. */
function blank(n: number): Tree {
  const value = new Float32Array(2 * n).fill(0.5);
  return {
    nodeCount: n,
    nClasses: 2,
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    missingLeft: new Uint8Array(n),
    catOffset: new Int32Array(n).fill(-1),
    catBits: new Uint32Array(0),
    value,
    weight: new Float32Array(n).fill(1),
    impurityDecrease: new Float64Array(0),
  };
}

/** A caterpillar: split j has a leaf on the left and the next split on the right; depth splits deep. */
function caterpillar(depth: number): Tree {
  const t = blank(2 * depth + 1);
  for (let d = 0, j = 0; d < depth; d++, j += 2) {
    t.left[j] = j + 1;
    t.right[j] = j + 2;
    t.feature[j] = d % 3;
    t.threshold[j] = d;
  }
  // Counts: the last leaf and every left leaf hold 1, a split the sum below it.
  for (let j = t.nodeCount - 1; j >= 0; j--) {
    t.weight[j] = t.left[j] === -1 ? 1 : t.weight[t.left[j]] + t.weight[t.right[j]];
  }
  return t;
}

const opts = { nFeatures: 3, probabilities: true, counts: true };
const check = (t: Tree): void => checkTree(t, 'tree 7', opts);

describe('checkTree', () => {
  it('accepts a tree, and refuses a node whose two children are one node', () => {
    expect(() => check(caterpillar(5))).not.toThrow();
    const t = caterpillar(5);
    t.right[4] = t.left[4];
    expect(() => check(t)).toThrow('tree 7 node 4 has node 5 as both children');
  });

  it('refuses a child shared by two parents, naming both', () => {
    const t = caterpillar(3);
    t.left[2] = 1; // node 1 is node 0's left child already
    expect(() => check(t)).toThrow(
      'tree 7 node 2 links to node 1, which node 0 links to already (not a tree)',
    );
  });

  it('refuses links outside the tree, one-child splits, cycles and cut-off nodes', () => {
    const out = caterpillar(2);
    out.right[2] = 99;
    expect(() => check(out)).toThrow('node 2 links to node 99, outside 1..4');
    const root = caterpillar(2);
    root.right[2] = 0;
    expect(() => check(root)).toThrow('node 2 links to node 0');
    const one = caterpillar(2);
    one.right[2] = -1;
    expect(() => check(one)).toThrow('node 2 has one child');
    // Nodes 3 and 4 point at each other and nothing above reaches them.
    const cycle = blank(5);
    cycle.left[0] = 1;
    cycle.right[0] = 2;
    cycle.left[3] = 4;
    cycle.right[3] = 2;
    expect(() => check(cycle)).toThrow(/node 3 links to node 2, which node 0/);
    const cut = blank(3);
    expect(() => check(cut)).toThrow('tree 7 has 2 nodes the root does not reach');
  });

  it(`bounds the depth at ${MAX_TREE_DEPTH}, which TreeSHAP explains`, () => {
    const deepest = caterpillar(MAX_TREE_DEPTH);
    expect(() => check(deepest)).not.toThrow();
    const phi = treeShap(deepest, new Float32Array([1e9, 1e9, 1e9]), 3);
    expect(phi.every((v) => Number.isFinite(v))).toBe(true);
    expect(() => check(caterpillar(MAX_TREE_DEPTH + 1))).toThrow(
      `tree 7 node ${2 * MAX_TREE_DEPTH} has children ${MAX_TREE_DEPTH + 1} levels deep`,
    );
  });

  it('refuses features, category bitsets and numeric thresholds out of range', () => {
    const f = caterpillar(2);
    f.feature[2] = 3;
    expect(() => check(f)).toThrow('node 2 uses feature 3 of 3');
    const cat = caterpillar(2);
    cat.catOffset[0] = 0;
    expect(() => check(cat)).toThrow('node 0 has a category bitset out of range');
    const nan = caterpillar(2);
    nan.threshold[2] = NaN;
    expect(() => check(nan)).toThrow(
      'node 2 has a threshold that is not a finite number (NaN at a numeric split)',
    );
    const inf = caterpillar(2);
    inf.threshold[2] = Infinity; // grow.ts writes it: every present value left, missing right
    expect(() => check(inf)).not.toThrow();
  });

  it('refuses leaf probabilities outside 0..1 or not summing to 1, unless they are not probabilities', () => {
    const big = caterpillar(2);
    big.value.set([1.5, -0.5], 3 * 2);
    expect(() => check(big)).toThrow('node 3 has class 0 probability 1.5, outside 0..1');
    const sum = caterpillar(2);
    sum.value.set([0.5, 0.6], 3 * 2);
    expect(() => check(sum)).toThrow(/node 3 has class probabilities summing to 1.1/);
    const nan = caterpillar(2);
    nan.value[3 * 2] = NaN;
    expect(() => check(nan)).toThrow('node 3 has class 0 probability NaN');
    expect(() => checkTree(big, 'tree 7', { ...opts, probabilities: false })).not.toThrow();
    expect(() => checkTree(nan, 'tree 7', { ...opts, probabilities: false })).toThrow(
      'node 3 has a value that is not a finite number',
    );
  });

  it("refuses sample weights that are negative, not finite, or not their children's sum", () => {
    const neg = caterpillar(2);
    neg.weight[4] = -1;
    expect(() => check(neg)).toThrow(/node 2 has sample weight 2, but its children hold 0/);
    const sum = caterpillar(2);
    sum.weight[0] = 4;
    expect(() => check(sum)).toThrow('node 0 has sample weight 4, but its children hold 3');
    const inf = caterpillar(2);
    inf.weight[3] = Infinity;
    expect(() => check(inf)).toThrow(/sample weight/);
    expect(() => checkTree(sum, 'tree 7', { ...opts, counts: false })).not.toThrow();
  });
});
