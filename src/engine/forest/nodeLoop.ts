/**
 * The growth loop every kind of tree shares (ranger's Tree::grow with TreeClassification / TreeSurvival): the
 * shard loop over a worker's trees, the depth-first node stack, the stopping at maximum depth, the order in which
 * nodes are numbered and children visited, and the split records of binned columns (bin -> side table with the
 * missing-value side, thresholds and category sets). What differs between kinds is a TreeKind: its node summary
 * and stopping rules, its split criterion (class-weighted Gini in grow.ts, log-rank in survivalGrow.ts) with its
 * histogram sweeps, and what its leaves hold (class fractions, Nelson–Aalen steps).
 */
import { MAX_TREE_DEPTH } from './checkTree.ts';
import { MISSING_BIN } from './types.ts';
import type { Rng } from './rng.ts';
import type { GrowOptions } from './grow.ts';

/** What one kind of tree supplies to the node loop (NodeLoop.grow). */
export interface TreeKind {
  /** Starts a tree on the n in-bag rows idx[0..n): the root's state goes to stack slot 0. */
  openRoot(n: number): void;
  /**
   * Takes node (rows idx[start..end), its state in stack slot sp) off the stack and writes it as a leaf; returns
   * whether the kind's stopping rules let it be split.
   */
  openNode(sp: number, node: number, start: number, end: number): boolean;
  /** Searches the open node's best split; returns the features known constant for its children. */
  findSplit(rng: Rng, start: number, end: number, nKnownConst: number): number;
  /** Whether the last findSplit found a split. */
  foundSplit(): boolean;
  /** The open node stays a leaf (whatever its leaves keep beyond openNode's record). */
  closeLeaf(node: number): void;
  /** Partitions the open node's rows by its best split, left rows first; returns where the right ones start. */
  partition(start: number, end: number): number;
  /** Records the split of node into l and r and saves the children's states in stack slots spLeft and spRight. */
  writeSplit(node: number, l: number, r: number, spLeft: number, spRight: number): void;
}

/** Int32 slots per node on the growth stack: start, end, depth, node id, features known constant. */
const STACK_INTS = 5;

/**
 * The depth-first node stack of one tree at a time: room for 256 nodes from the start (the stack holds about one
 * node per level; growing it is a path first taken in some later tree, which deoptimised the tree loop).
 */
export class NodeLoop {
  private stack = new Int32Array(256 * STACK_INTS);
  private readonly maxDepth: number;

  /** maxDepth: the kind's setting (null: none), capped at MAX_TREE_DEPTH (deeper trees are refused when read). */
  constructor(maxDepth: number | null) {
    this.maxDepth = Math.min(maxDepth ?? Infinity, MAX_TREE_DEPTH);
  }

  /**
   * Splits the root (the n in-bag rows) and its descendants depth first, left child first; returns the number of
   * nodes. Children are numbered in pairs as their parent splits. Called once per tree, apart from the code after
   * it, because V8 optimises this loop while the first tree grows (on-stack replacement).
   */
  grow(kind: TreeKind, rng: Rng, n: number): number {
    kind.openRoot(n);
    let nodeCount = 1;
    let sp = 0;
    this.push(sp++, 0, n, 0, 0, 0);
    while (sp > 0) {
      sp--;
      const si = sp * STACK_INTS;
      const start = this.stack[si];
      const end = this.stack[si + 1];
      const depth = this.stack[si + 2];
      const node = this.stack[si + 3];
      const nKnownConst = this.stack[si + 4];
      const open = kind.openNode(sp, node, start, end);
      if (!open || depth >= this.maxDepth) {
        kind.closeLeaf(node);
        continue;
      }
      const nConst = kind.findSplit(rng, start, end, nKnownConst);
      if (!kind.foundSplit()) {
        kind.closeLeaf(node);
        continue;
      }
      const mid = kind.partition(start, end);
      const l = nodeCount++;
      const r = nodeCount++;
      // The right child goes below the left one on the stack: the left subtree is grown first.
      kind.writeSplit(node, l, r, sp + 1, sp);
      this.push(sp++, mid, end, depth + 1, r, nConst);
      this.push(sp++, start, mid, depth + 1, l, nConst);
    }
    return nodeCount;
  }

  private push(
    sp: number,
    start: number,
    end: number,
    depth: number,
    node: number,
    nConst: number,
  ): void {
    if ((sp + 1) * STACK_INTS > this.stack.length) {
      const a = new Int32Array(this.stack.length * 2);
      a.set(this.stack);
      this.stack = a;
    }
    const si = sp * STACK_INTS;
    this.stack[si] = start;
    this.stack[si + 1] = end;
    this.stack[si + 2] = depth;
    this.stack[si + 3] = node;
    this.stack[si + 4] = nConst;
  }
}

/** Training rows in increasing order (nodes then read feature columns in address order); all rows when absent. */
export function trainingRows(nRows: number, rows?: ArrayLike<number>): Int32Array {
  let out: Int32Array;
  if (rows) {
    for (let i = 0; i < rows.length; i++) {
      if (!(rows[i] >= 0 && rows[i] < nRows))
        throw new Error(`rows[${i}] = ${rows[i]} is out of range`);
    }
    out = Int32Array.from(rows).sort();
  } else {
    out = Int32Array.from({ length: nRows }, (_, i) => i);
  }
  if (out.length < 1) throw new Error('There are no training rows');
  return out;
}

/**
 * A worker's share of the trees: grows each of treeIndices in turn (grow(t)), reporting progress and stopping
 * early when asked (the shard then holds the trees grown so far).
 */
export function growShard<T>(
  treeIndices: number[],
  options: GrowOptions,
  grow: (t: number) => T,
): { treeIndices: number[]; trees: T[] } {
  const trees: T[] = [];
  const done: number[] = [];
  for (const t of treeIndices) {
    if (options.shouldStop?.()) break;
    trees.push(grow(t));
    done.push(t);
    options.onTreeDone?.(done.length);
  }
  return { treeIndices: done, trees };
}

/**
 * The bin edge between the node's adjacent non-empty bins a < b nearest the middle of the gap in value
 * (sklearn's threshold is the midpoint of the node's two adjacent values), the upper one on a tie: an SNP
 * node holding only genotypes 0 and 2 then sends a new 1 left, as sklearn's threshold 1.0 does.
 */
export function middleEdge(thr: Float64Array, a: number, b: number): number {
  if (b - a === 1) return a;
  const target = (thr[a] + thr[b - 1]) / 2;
  let e = a;
  while (e < b - 1 && thr[e] < target) e++;
  return e > a && target - thr[e - 1] < thr[e] - target ? e - 1 : e;
}

/** A split criterion's side of the prefix sweep (sweepPrefixes): running left-side sums and candidates. */
export interface PrefixSweep {
  /** Adds the node's rows in this bin to the left side's running sums. */
  addBin(bin: number): void;
  /**
   * Scores the left side made of the first j bins of the order plus, when missingLeft is 1, the missing rows (the
   * rest right), and keeps it when it is the best so far. `last`: the final candidate, every present value left
   * and the missing rows right (j is then the number of bins).
   */
  tryPrefix(j: number, missingLeft: number, last: boolean): void;
}

/**
 * The candidates of a split of a binned column, the same for every criterion: each prefix of the m ordered
 * non-empty bins (ascending for numeric columns, by the criterion's key for categories) as the left side, with the
 * missing rows sent right and then, when there are any, left; then, with missing rows, every present value left
 * and the missing ones right.
 */
export function sweepPrefixes(
  s: PrefixSweep,
  order: Int32Array,
  m: number,
  hasMissing: boolean,
): void {
  for (let j = 0; j < m; j++) {
    if (j > 0) {
      s.tryPrefix(j, 0, false);
      if (hasMissing) s.tryPrefix(j, 1, false);
    }
    s.addBin(order[j]);
  }
  if (hasMissing && m > 0) s.tryPrefix(m, 0, true);
}

/**
 * The bins whose bit is set in a 256-bit occupancy mask (8 words), in increasing order, into order; clears the
 * mask for the next scan and returns the number of bins. Callers take the missing bin (the top bit) out first.
 */
export function occupiedBins(mask: Int32Array, order: Int32Array): number {
  let m = 0;
  for (let wd = 0; wd < 8; wd++) {
    let bits = mask[wd];
    while (bits !== 0) {
      const low = bits & -bits;
      order[m++] = (wd << 5) + 31 - Math.clz32(low);
      bits ^= low;
    }
    mask[wd] = 0;
  }
  return m;
}

/**
 * Puts category c with sort key kv at its place among order[0..j) (keys in key[0..j), ascending), after the
 * equal ones: one step of an insertion sort that keeps categories of equal key in bin order (few categories).
 */
export function insertByKey(
  order: Int32Array,
  key: Float64Array,
  j: number,
  c: number,
  kv: number,
): void {
  let p = j;
  while (p > 0 && key[p - 1] > kv) {
    key[p] = key[p - 1];
    order[p] = order[p - 1];
    p--;
  }
  key[p] = kv;
  order[p] = c;
}

/**
 * Fills lut with each bin's side (1: left) for a split of a binned column, missing bin included: categorical, the
 * first `prefix` of order[0..count) go left; numeric, bins up to `bin` of the column's nBins. missingLeft: the side
 * of missing values and of categories absent from the node.
 */
export function splitLut(
  lut: Uint8Array,
  isCat: boolean,
  order: Int32Array,
  count: number,
  prefix: number,
  bin: number,
  nBins: number,
  missingLeft: number,
): void {
  if (isCat) {
    lut.fill(missingLeft);
    for (let j = 0; j < count; j++) lut[order[j]] = j < prefix ? 1 : 0;
  } else {
    // A numeric column's bins are below nBins (or missing): the rest of the table is never read for it.
    const nb = Math.min(nBins, 255);
    for (let i = 0; i < nb; i++) lut[i] = i <= bin ? 1 : 0;
  }
  lut[MISSING_BIN] = missingLeft;
}
