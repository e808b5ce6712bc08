/**
 * Is a tree read from a file really a tree? Prediction, TreeSHAP and every walk over nodes assume that each
 * node but the root has exactly one parent, so a walk from the root meets each node once. A file that shares a
 * child between two parents (a chain whose nodes both point at the next one) is a DAG whose root-to-leaf paths
 * double at every level: 22 such nodes cost TreeSHAP 1.9 s, each more doubles it (40: about six days), in a
 * worker the app then waits on. Files are hostile, so every tree is walked once (O(nodes)) here, before
 * anything else touches it.
 *
 * The depth bound: TreeSHAP (explain/treeshap.ts) recurses once per level. On a caterpillar tree (one leaf per
 * level) Node's default stack overflowed between depth 2,000 and 4,000 (measured 2026-12, both TreeSHAP
 * implementations), and browser workers have no larger stacks; its quadrature buffers grow as depth² (16 MB at
 * depth 1,000 for two classes). 1,000 keeps a margin on both and is far above what bagged trees reach (their depth
 * grows about as the logarithm of the rows; a pathological column can deepen one, and such a tree would fail
 * TreeSHAP in the app as well).
 */
import { CAT_WORDS } from './predict.ts';
import type { Tree } from './types.ts';

/** The deepest tree a model file may hold (root-to-leaf edges); see the module comment for why. */
export const MAX_TREE_DEPTH = 1000;

/** What a tree's nodes must satisfy besides the shape; GenoForest's own files are checked on all of it. */
export interface TreeCheckOptions {
  nFeatures: number;
  /** Leaf values are class probabilities: each finite in [0, 1], each leaf's summing to 1. */
  probabilities: boolean;
  /** Node weights are sample counts: finite, non-negative, and a split's children's summing to its own. */
  counts: boolean;
}

/** Float32 numbers as written (1.4, not 1.399999976158142). */
const show = (v: number): string => String(Number(v.toPrecision(7)));

// Float32 leaf values and weights are each rounded to 24 bits; sums of K of them drift by K ulps at most.
const SUM_TOLERANCE = 1e-4;

/**
 * Throws an Error naming `where` (e.g. "Corrupt GenoForest model: tree 3") and the node when the arrays do not
 * form one tree rooted at node 0 (a single parent per node, every node reachable, depth <= MAX_TREE_DEPTH) or
 * a node is out of range (feature, category bitset, NaN threshold of a numeric split, values, weights).
 * Assumes every per-node array already has nodeCount entries.
 */
export function checkTree(t: Tree, where: string, options: TreeCheckOptions): void {
  const n = t.nodeCount;
  const fail = (node: number, what: string): never => {
    throw new Error(`${where} node ${node} ${what}`);
  };
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const linkChild = (j: number, c: number): void => {
    if (!(c >= 1 && c < n)) fail(j, `links to node ${c}, outside 1..${n - 1}`);
    if (parent[c] !== -1) {
      fail(j, `links to node ${c}, which node ${parent[c]} links to already (not a tree)`);
    }
    parent[c] = j;
  };
  // Children are checked as they are met, so a shared child is found before any walk could multiply it.
  for (let j = 0; j < n; j++) {
    const l = t.left[j];
    const r = t.right[j];
    if (l === -1 && r === -1) continue;
    if (l === -1 || r === -1) fail(j, 'has one child: a split needs two');
    if (l === r) fail(j, `has node ${l} as both children`);
    linkChild(j, l);
    linkChild(j, r);
  }
  // Every non-root node now has at most one parent; walking from the root reaches each node at most once,
  // and reaches them all exactly when there is no cycle and no piece cut off from the root.
  const stack = [0];
  const reached = new Uint8Array(n);
  let seen = 0;
  while (stack.length > 0) {
    const j = stack.pop() as number;
    reached[j] = 1;
    seen++;
    if (t.left[j] === -1) continue;
    const d = depth[j] + 1;
    if (d > MAX_TREE_DEPTH) {
      fail(
        j,
        `has children ${d} levels deep, more than the ${MAX_TREE_DEPTH} any forest grows or TreeSHAP can explain`,
      );
    }
    depth[t.left[j]] = d;
    depth[t.right[j]] = d;
    stack.push(t.left[j], t.right[j]);
  }
  if (seen !== n) {
    const j = reached.indexOf(0);
    throw new Error(
      `${where} has ${n - seen} node${n - seen === 1 ? '' : 's'} the root does not reach (node ${j} among them: cut off, or on a cycle)`,
    );
  }
  const K = t.nClasses;
  for (let j = 0; j < n; j++) {
    if (t.left[j] === -1) {
      if (options.probabilities) checkProbabilities(t, j, K, fail);
      else {
        for (let k = 0; k < K; k++) {
          if (!Number.isFinite(t.value[j * K + k]))
            fail(j, 'has a value that is not a finite number');
        }
      }
    } else checkSplit(t, j, options.nFeatures, fail);
    if (options.counts) checkCounts(t, j, fail);
  }
}

function checkSplit(
  t: Tree,
  j: number,
  nFeatures: number,
  fail: (j: number, w: string) => never,
): void {
  const f = t.feature[j];
  if (f < 0 || f >= nFeatures) fail(j, `uses feature ${f} of ${nFeatures}`);
  const off = t.catOffset[j];
  if (off >= 0) {
    if (off + CAT_WORDS > t.catBits.length) fail(j, 'has a category bitset out of range');
  } else if (off !== -1) {
    fail(j, `has category offset ${off}`);
  } else if (Number.isNaN(t.threshold[j])) {
    // NaN marks categorical splits only: a numeric split at NaN would send every value right silently.
    fail(j, 'has a threshold that is not a finite number (NaN at a numeric split)');
  }
}

function checkProbabilities(
  t: Tree,
  j: number,
  K: number,
  fail: (j: number, w: string) => never,
): void {
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const v = t.value[j * K + k];
    if (!(v >= 0 && v <= 1)) fail(j, `has class ${k} probability ${show(v)}, outside 0..1`);
    sum += v;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE)
    fail(j, `has class probabilities summing to ${show(sum)}, not 1`);
}

function checkCounts(t: Tree, j: number, fail: (j: number, w: string) => never): void {
  const w = t.weight[j];
  if (!(w >= 0 && w < Infinity)) fail(j, `has sample weight ${show(w)}`);
  if (t.left[j] === -1) return;
  const s = t.weight[t.left[j]] + t.weight[t.right[j]];
  if (Math.abs(s - w) > SUM_TOLERANCE * Math.max(1, w)) {
    fail(j, `has sample weight ${show(w)}, but its children hold ${show(s)}`);
  }
}
