/**
 * Tree-ensemble attributes (TreeEnsembleClassifier of ai.onnx.ml 1-3, TreeEnsemble of ai.onnx.ml 5) ->
 * GenoForest trees (forest/types.ts layout) that route every float32 input exactly as ONNX Runtime does:
 * - BRANCH_LEQ v: left = true branch, threshold v. BRANCH_LT v: x < v equals x <= prevFloat32(v) for float32 x.
 *   BRANCH_GT / BRANCH_GTE: the same comparisons with the branches swapped (left = false branch).
 * - NaN follows the true branch when nodes_missing_value_tracks_true is 1, else the false branch.
 * - BRANCH_MEMBER (opset 5) with members that are integers 0..253 becomes a categorical split (members go
 *   left). Exact for category codes and NaN; a non-integer or negative input on such a feature goes the
 *   missing way in GenoForest but to the false branch in ONNX Runtime (GenoForest encodes categories as
 *   integer codes, so this does not arise for its own inputs). Other member values are refused.
 * - BRANCH_EQ and BRANCH_NEQ are refused (the same difference for non-integer inputs, on any feature).
 * Leaves hold the summed class weights, scaled so the engine's mean over trees equals ONNX's sum.
 * Trees with the same splits that score different classes (TreeEnsemble writes one copy per class) are
 * merged back into one tree, so each GenoForest tree is one tree of the original forest.
 */
import type { Tree } from '../forest/types.ts';
import { CAT_WORDS, MAX_CATEGORY_BIN } from '../forest/predict.ts';
import { checkTree, MAX_TREE_DEPTH } from '../forest/checkTree.ts';
import { prevFloat32 } from './float32.ts';
import { OnnxImportError } from './onnxAttributes.ts';

export const MODE_NAMES = [
  'BRANCH_LEQ',
  'BRANCH_LT',
  'BRANCH_GTE',
  'BRANCH_GT',
  'BRANCH_EQ',
  'BRANCH_NEQ',
  'BRANCH_MEMBER',
] as const;

/** Split nodes and leaves of every tree; a child reference r >= 0 is split r, r < 0 is leaf -r - 1. */
export interface SplitGraph {
  feature: number[];
  value: Float32Array;
  /** Index into MODE_NAMES. */
  mode: number[];
  trueRef: number[];
  falseRef: number[];
  missingTrue: number[];
  /** Member values of BRANCH_MEMBER splits, by split index. */
  members: Map<number, number[]>;
  /** The file's id of each split (nodes_nodeids, or the index into the nodes_* lists), for messages. */
  splitIds: number[];
  /** Per leaf: the (class, weight) votes. */
  leafClass: number[][];
  leafWeight: number[][];
  roots: number[];
}

/** How leaf weights become class probabilities. */
export interface Scoring {
  nClasses: number;
  /** skl2onnx's two-class form: one weight s (class id 0) per leaf, probabilities [1 - s, s]. */
  binarySingle: boolean;
  /** Divide the sum by the number of trees (TreeEnsemble aggregate_function AVERAGE). */
  average: boolean;
}

/**
 * The most class values (nodes × classes over all trees) an import allocates: 2^27 (134 million), 512 MB as
 * float32 and as much again for the float64 sums while reading: more than a browser tab holds beside the app.
 */
const MAX_VALUES = 2 ** 27;

interface Draft {
  tree: Tree;
  sums: Float64Array;
  targets: Set<number>;
}

/** Engine trees from a split graph; see the module comment for the exact routing rules. */
export function buildTrees(g: SplitGraph, nFeatures: number, scoring: Scoring): Tree[] {
  checkOneParent(g);
  const budget = { values: MAX_VALUES };
  const drafts = g.roots.map((root, t) =>
    draftTree(g, root, t, nFeatures, scoring.nClasses, budget),
  );
  const merged = mergeCopies(drafts);
  const nEngine = merged.length;
  const scale = scoring.average ? nEngine / g.roots.length : nEngine;
  for (const d of merged) {
    const k = scoring.nClasses;
    const v = d.tree.value;
    for (let i = 0; i < d.tree.nodeCount; i++) {
      if (d.tree.left[i] !== -1) continue;
      if (scoring.binarySingle) {
        const s = d.sums[i * k] * scale;
        v[i * 2] = 1 - s;
        v[i * 2 + 1] = s;
      } else for (let c = 0; c < k; c++) v[i * k + c] = d.sums[i * k + c] * scale;
    }
  }
  return merged.map((d, t) => {
    try {
      checkTree(d.tree, `Tree ${t}`, { nFeatures, probabilities: false, counts: false });
    } catch (e) {
      throw new OnnxImportError('corrupt', (e as Error).message);
    }
    return d.tree;
  });
}

/**
 * Every split has at most one parent, and a root none: then a walk from a root meets each split once, as
 * prediction and TreeSHAP assume. A split shared by two parents (a chain whose nodes both point at the next
 * split) doubles the paths at each level: 40 such nodes would keep TreeSHAP busy for days. Leaves may be
 * shared (GenoForest writes a one-leaf tree as a split with the leaf on both sides); they are copied, which
 * at most doubles the nodes.
 */
function checkOneParent(g: SplitGraph): void {
  const parent = new Int32Array(g.feature.length).fill(-1);
  const name = (s: number): string => `node ${g.splitIds[s] ?? s}`;
  for (let s = 0; s < g.feature.length; s++) {
    for (const c of [g.trueRef[s], g.falseRef[s]]) {
      if (c < 0 || c >= g.feature.length) continue;
      if (parent[c] !== -1) {
        throw new OnnxImportError(
          'corrupt',
          parent[c] === s
            ? `The trees are not trees: ${name(s)} sends both branches to the split ${name(c)}`
            : `The trees are not trees: ${name(c)} is a child of both ${name(parent[c])} and ${name(s)}`,
        );
      }
      parent[c] = s;
    }
  }
  const rooted = new Set<number>();
  g.roots.forEach((r, t) => {
    if (r < 0) return;
    if (r < g.feature.length && parent[r] !== -1) {
      throw new OnnxImportError(
        'corrupt',
        `Tree ${t} is not a tree: its root (${name(r)}) is a child of ${name(parent[r])}`,
      );
    }
    if (rooted.has(r)) {
      throw new OnnxImportError('corrupt', `Two trees share the root ${name(r)}`);
    }
    rooted.add(r);
  });
}

function draftTree(
  g: SplitGraph,
  root: number,
  t: number,
  nFeatures: number,
  k: number,
  budget: { values: number },
): Draft {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const missingLeft: number[] = [];
  const leafOf: number[] = [];
  const catOffset: number[] = [];
  const catBits: number[] = [];
  const targets = new Set<number>();
  // Splits have one parent each (checkOneParent), so the walk meets each once and copies only shared leaves.
  const stack: { ref: number; parent: number; isLeft: boolean; depth: number }[] = [
    { ref: root, parent: -1, isLeft: true, depth: 0 },
  ];
  while (stack.length > 0) {
    const { ref, parent, isLeft, depth } = stack.pop() as (typeof stack)[number];
    const at = feature.length;
    if (depth > MAX_TREE_DEPTH) {
      throw new OnnxImportError(
        'unsupported',
        `Tree ${t} is deeper than ${MAX_TREE_DEPTH} levels, more than a forest grows or TreeSHAP can explain`,
      );
    }
    if (parent >= 0) {
      if (isLeft) left[parent] = at;
      else right[parent] = at;
    }
    if (ref < 0) {
      const leaf = -ref - 1;
      if (leaf >= g.leafClass.length)
        throw new OnnxImportError('corrupt', `Tree ${t} refers to a leaf that does not exist`);
      feature.push(0);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      missingLeft.push(0);
      catOffset.push(-1);
      leafOf[at] = leaf;
      for (const c of g.leafClass[leaf]) targets.add(c);
      continue;
    }
    if (ref >= g.feature.length)
      throw new OnnxImportError('corrupt', `Tree ${t} refers to a node that does not exist`);
    const mode = g.mode[ref];
    if (mode === 6) {
      const members = g.members.get(ref) ?? [];
      const bad = members.find((v) => !Number.isInteger(v) || v < 0 || v >= MAX_CATEGORY_BIN);
      if (bad !== undefined) {
        throw new OnnxImportError(
          'unsupported',
          `Tree ${t} tests membership of ${bad}; GenoForest reads BRANCH_MEMBER sets of category codes 0..${MAX_CATEGORY_BIN - 1}`,
        );
      }
      if (!Number.isInteger(g.feature[ref]) || g.feature[ref] < 0 || g.feature[ref] >= nFeatures) {
        throw new OnnxImportError(
          'corrupt',
          `Tree ${t} splits on feature ${g.feature[ref]}, but the model's input has ${nFeatures} features`,
        );
      }
      feature.push(g.feature[ref]);
      threshold.push(0);
      left.push(0);
      right.push(0);
      missingLeft.push(g.missingTrue[ref] === 1 ? 1 : 0);
      catOffset.push(catBits.length);
      const words = new Array<number>(CAT_WORDS).fill(0);
      for (const v of members) words[v >>> 5] |= 1 << (v & 31);
      catBits.push(...words);
      stack.push({ ref: g.falseRef[ref], parent: at, isLeft: false, depth: depth + 1 });
      stack.push({ ref: g.trueRef[ref], parent: at, isLeft: true, depth: depth + 1 });
      continue;
    }
    if (mode > 3) {
      throw new OnnxImportError(
        'unsupported',
        `Tree ${t} uses ${MODE_NAMES[mode] ?? `mode ${mode}`} splits; GenoForest reads BRANCH_LEQ, BRANCH_LT, BRANCH_GTE and BRANCH_GT`,
      );
    }
    const f = g.feature[ref];
    if (!Number.isInteger(f) || f < 0 || f >= nFeatures) {
      throw new OnnxImportError(
        'corrupt',
        `Tree ${t} splits on feature ${f}, but the model's input has ${nFeatures} features`,
      );
    }
    const v = g.value[ref];
    if (Number.isNaN(v)) {
      throw new OnnxImportError(
        'corrupt',
        `Tree ${t} node ${g.splitIds[ref] ?? ref} splits at NaN, which no value is at or below`,
      );
    }
    const strict = mode === 1 || mode === 2; // LT, GTE compare with <
    const swapped = mode === 2 || mode === 3; // GTE, GT: the true branch is x > threshold
    feature.push(f);
    threshold.push(strict ? prevFloat32(v) : v);
    left.push(0);
    right.push(0);
    catOffset.push(-1);
    const tracks = g.missingTrue[ref] === 1;
    missingLeft.push(tracks !== swapped ? 1 : 0);
    const leftRef = swapped ? g.falseRef[ref] : g.trueRef[ref];
    const rightRef = swapped ? g.trueRef[ref] : g.falseRef[ref];
    stack.push({ ref: rightRef, parent: at, isLeft: false, depth: depth + 1 });
    stack.push({ ref: leftRef, parent: at, isLeft: true, depth: depth + 1 });
  }
  const n = feature.length;
  // k comes from a number in the file: a huge class count times the nodes must not allocate gigabytes.
  budget.values -= n * k;
  if (budget.values < 0) {
    throw new OnnxImportError(
      'unsupported',
      `The trees hold more than ${MAX_VALUES.toLocaleString('en-US')} class values (nodes × ${k} classes), more than GenoForest opens`,
    );
  }
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (left[i] !== -1) continue;
    const leaf = leafOf[i];
    const cls = g.leafClass[leaf];
    const w = g.leafWeight[leaf];
    for (let j = 0; j < cls.length; j++) {
      if (cls[j] < 0 || cls[j] >= k) {
        throw new OnnxImportError(
          'corrupt',
          `Tree ${t} has a weight for class ${cls[j]}, but the model has ${k} classes`,
        );
      }
      sums[i * k + cls[j]] += w[j];
    }
  }
  const tree: Tree = {
    nodeCount: n,
    nClasses: k,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    missingLeft: Uint8Array.from(missingLeft),
    catOffset: Int32Array.from(catOffset),
    catBits: Uint32Array.from(catBits, (w) => w >>> 0),
    value: new Float32Array(n * k),
    // ONNX files carry no sample counts: cover is unknown until a local cohort is counted (countCover).
    weight: new Float64Array(n),
    impurityDecrease: new Float64Array(n),
  };
  return { tree, sums, targets };
}

function structureKey(t: Tree): string {
  return [t.feature, t.threshold, t.left, t.right, t.missingLeft, t.catOffset, t.catBits]
    .map((a) => a.join(','))
    .join('|');
}

/** Merge trees with identical splits whose classes do not overlap (TreeEnsemble's per-class copies). */
function mergeCopies(drafts: Draft[]): Draft[] {
  const open = new Map<string, Draft[]>();
  const out: Draft[] = [];
  for (const d of drafts) {
    const key = structureKey(d.tree);
    const groups = open.get(key) ?? [];
    const into = groups.find((g) => [...d.targets].every((c) => !g.targets.has(c)));
    if (into && d.targets.size > 0) {
      for (let i = 0; i < d.sums.length; i++) into.sums[i] += d.sums[i];
      for (const c of d.targets) into.targets.add(c);
      continue;
    }
    const copy: Draft = { tree: d.tree, sums: d.sums.slice(), targets: new Set(d.targets) };
    groups.push(copy);
    open.set(key, groups);
    out.push(copy);
  }
  return out;
}
