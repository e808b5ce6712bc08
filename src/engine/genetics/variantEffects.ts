/**
 * What a forest says of a few chosen variants beyond their importance: out-of-bag permutation importance (the drop
 * in out-of-bag AUC when the variant's column is shuffled, Breiman 2001, with its standard error over the shuffles)
 * and the direction of its effect from partial dependence (the cohort's average predicted risk with every patient
 * given 0, 1 and 2 copies of the counted allele). Out-of-bag: each patient is scored only by the trees whose
 * bootstrap left it out (replayed from the seed, forest/inbag.ts), so the drop is measured on patients the trees
 * did not train on, without holding any out.
 */
import { aucFromProba } from '../evaluate/metrics';
import { dependenceCurve } from '../explain/dependence';
import { forestInBagCounts } from '../forest/inbag';
import { goesLeft, leafIndexOfColumns } from '../forest/predict';
import {
  asColumns,
  columnValue,
  readColumn,
  type ColumnsOrMatrix,
  type FeatureColumns,
} from '../forest/featureColumns';
import { Rng, deriveSeed } from '../forest/rng';
import type { FeatureEncoding } from '../data/types';
import type { ForestModel, ForestParams, Tree } from '../forest/types';

/** One feature's out-of-bag permutation importance. */
export interface OobPermutationDrop {
  feature: number;
  /** Mean drop in out-of-bag AUC over the shuffles (positive: the forest relies on the feature). */
  drop: number;
  /** Standard error of that mean: the shuffles' standard deviation over √repeats. */
  se: number;
}

/** Whether a tree splits on feature f anywhere (else shuffling f cannot change its votes). */
function splitsOn(tree: Tree, f: number): boolean {
  for (let i = 0; i < tree.nodeCount; i++)
    if (tree.left[i] !== -1 && tree.feature[i] === f) return true;
  return false;
}

/** Leaf of row r with feature f's value read from `column` instead of X. */
function leafWithColumn(
  tree: Tree,
  X: FeatureColumns,
  r: number,
  f: number,
  column: Float32Array,
): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const g = tree.feature[node];
    const v = g === f ? column[r] : columnValue(X, g, r);
    node = goesLeft(tree, node, v) ? tree.left[node] : tree.right[node];
  }
  return node;
}

/**
 * Out-of-bag permutation importance of `features` for a forest grown with bootstrap on all nRows rows of the
 * columns X (feature columns or a column-major matrix): per feature, `repeats` shuffles of its column (each seeded from (seed, feature, repeat), so a
 * feature's figure does not depend on which others are asked), only the trees that split on it re-scored. Refused
 * for a forest without bootstrap (nothing is out of bag) or when no patient is out of bag of some tree.
 */
export function oobPermutationImportance(
  forest: Pick<ForestModel, 'trees' | 'nClasses'>,
  params: Pick<ForestParams, 'randomState' | 'bootstrap' | 'maxSamples'>,
  cohort: ColumnsOrMatrix,
  nRows: number,
  y: ArrayLike<number>,
  features: readonly number[],
  options: { repeats?: number; seed?: number } = {},
): { baseAuc: number; scoredRows: number; drops: OobPermutationDrop[] } {
  if (!params.bootstrap) {
    throw new Error(
      'The forest was grown without bootstrap, so no patient is out of bag: permutation importance needs held-out patients.',
    );
  }
  const X = asColumns(cohort, nRows);
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(repeats) || repeats < 2)
    throw new Error(
      `Permutation importance needs at least 2 shuffles to give a standard error, got ${repeats}.`,
    );
  const K = forest.nClasses;
  const B = forest.trees.length;
  const inbag = forestInBagCounts(params, nRows, B);
  const sum = new Float64Array(nRows * K);
  const count = new Uint32Array(nRows);
  for (let t = 0; t < B; t++) {
    const tree = forest.trees[t];
    for (let r = 0; r < nRows; r++) {
      if (inbag.counts[t * nRows + r] !== 0) continue;
      const at = leafIndexOfColumns(tree, X, r) * K;
      for (let k = 0; k < K; k++) sum[r * K + k] += tree.value[at + k];
      count[r]++;
    }
  }
  const scored = Int32Array.from({ length: nRows }, (_, r) => r).filter((r) => count[r] > 0);
  if (scored.length === 0)
    throw new Error('No patient is out of bag of any tree: grow more trees.');
  const yScored = Int32Array.from(scored, (r) => y[r]);
  const proba = new Float64Array(scored.length * K);
  const aucOf = (s: Float64Array): number => {
    scored.forEach((r, i) => {
      for (let k = 0; k < K; k++) proba[i * K + k] = s[r * K + k] / count[r];
    });
    return aucFromProba(yScored, proba, K);
  };
  const baseAuc = aucOf(sum);
  const perm = new Int32Array(nRows);
  const shuffled = new Float32Array(nRows);
  const column = new Float32Array(nRows);
  const moved = new Float64Array(nRows * K);
  const drops = features.map((f): OobPermutationDrop => {
    const trees = forest.trees
      .map((tree, t) => ({ tree, t }))
      .filter(({ tree }) => splitsOn(tree, f));
    const d: number[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      const rng = new Rng(deriveSeed(deriveSeed(seed, f), rep));
      for (let r = 0; r < nRows; r++) perm[r] = r;
      for (let r = nRows - 1; r > 0; r--) {
        const j = rng.nextInt(r + 1);
        const tmp = perm[r];
        perm[r] = perm[j];
        perm[j] = tmp;
      }
      readColumn(X, f, undefined, column);
      for (let r = 0; r < nRows; r++) shuffled[r] = column[perm[r]];
      moved.set(sum);
      for (const { tree, t } of trees) {
        for (let r = 0; r < nRows; r++) {
          if (inbag.counts[t * nRows + r] !== 0) continue;
          const was = leafIndexOfColumns(tree, X, r) * K;
          const now = leafWithColumn(tree, X, r, f, shuffled) * K;
          if (was === now) continue;
          for (let k = 0; k < K; k++) moved[r * K + k] += tree.value[now + k] - tree.value[was + k];
        }
      }
      d.push(baseAuc - aucOf(moved));
    }
    const mean = d.reduce((a, b) => a + b, 0) / repeats;
    const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (repeats - 1);
    return { feature: f, drop: mean, se: Math.sqrt(variance / repeats) };
  });
  return { baseAuc, scoredRows: scored.length, drops };
}

/** How the predicted risk moves with copies of the counted allele. */
export type EffectDirection = 'raises' | 'lowers' | 'mixed' | 'flat';

/**
 * The cohort's average predicted probability of class `classIndex` with every patient given 0, 1 and 2 copies of
 * a dose column's counted allele (partial dependence on that grid), and which way it goes. Differences below
 * `flat` (default 0.001) count as none.
 */
export function doseDependence(
  model: Pick<ForestModel, 'trees' | 'nClasses' | 'nFeatures'>,
  X: ColumnsOrMatrix,
  nRows: number,
  feature: number,
  encodingFeature: FeatureEncoding,
  classIndex: number,
  options: { averageSamples?: number; seed?: number; flat?: number } = {},
): { risk: [number, number, number]; direction: EffectDirection } {
  const first = asColumns(X, nRows);
  const x = Array.from({ length: model.nFeatures }, (_, f) => columnValue(first, f, 0));
  const curve = dependenceCurve(model, X, nRows, x, feature, encodingFeature, classIndex, {
    grid: [0, 1, 2],
    iceSamples: 0,
    averageSamples: options.averageSamples ?? 300,
    seed: options.seed ?? 1,
  });
  const [r0, r1, r2] = curve.average;
  const flat = options.flat ?? 0.001;
  const up = (a: number, b: number) => (b - a > flat ? 1 : a - b > flat ? -1 : 0);
  const steps = [up(r0, r1), up(r1, r2)].filter((s) => s !== 0);
  const direction: EffectDirection =
    steps.length === 0
      ? 'flat'
      : steps.every((s) => s > 0)
        ? 'raises'
        : steps.every((s) => s < 0)
          ? 'lowers'
          : 'mixed';
  return { risk: [r0, r1, r2], direction };
}
