/**
 * Partial dependence and ICE (individual conditional expectation, Goldstein et al. 2015): how the
 * predicted probability changes when one feature is swept over its range while every other value is
 * kept, for this patient, for a sample of cohort patients (ICE), and on average (partial dependence).
 * The same brute-force definition as sklearn.inspection.partial_dependence(method="brute").
 */
import { asColumns, readColumn, type ColumnsOrMatrix } from '../forest/featureColumns';
import type { FeatureEncoding } from '../data/types';
import { predictProba } from '../forest/predict';
import { Rng } from '../forest/rng';
import type { ForestModel, Tree } from '../forest/types';
import type { DependenceCurve } from './types';
import { percentileSorted } from './uncertainty';

export interface DependenceOptions {
  /** Grid points for a numeric feature (quantiles of the cohort). Default 20. */
  gridSize?: number;
  /** Cohort patients whose ICE curves are returned. Default 30. */
  iceSamples?: number;
  /** Cohort patients averaged for the partial dependence (a seeded sample when the cohort is larger). Default 300. */
  averageSamples?: number;
  /** Seed of the samples. Default 1. */
  seed?: number;
  /** These feature values instead of dependenceGrid's (e.g. 0, 1, 2 copies of an allele), labelled by themselves. */
  grid?: number[];
}

/** Whether a tree splits on feature f anywhere (if not, sweeping f cannot change its output). */
function usesFeature(tree: Tree, f: number): boolean {
  for (let i = 0; i < tree.nodeCount; i++)
    if (tree.left[i] !== -1 && tree.feature[i] === f) return true;
  return false;
}

/**
 * Grid of a feature: numeric → distinct quantiles (0, 1/(n−1), …, 1) of the cohort's non-missing
 * values (numpy's linear interpolation); categorical → every training category (index i = category i).
 */
export function dependenceGrid(
  X: ColumnsOrMatrix,
  nRows: number,
  feature: number,
  encodingFeature: FeatureEncoding,
  gridSize = 20,
): { values: number[]; labels: (number | string)[] } {
  if (encodingFeature.kind === 'categorical') {
    const values = encodingFeature.categories.map((_, i) => i);
    return { values, labels: [...encodingFeature.categories] };
  }
  const present: number[] = [];
  const column = readColumn(asColumns(X, nRows), feature);
  for (let r = 0; r < nRows; r++) {
    const v = column[r];
    if (!Number.isNaN(v)) present.push(v);
  }
  const sorted = Float64Array.from(present).sort();
  const values: number[] = [];
  if (sorted.length > 0) {
    const n = Math.max(2, gridSize);
    for (let i = 0; i < n; i++) {
      const v = percentileSorted(sorted, i / (n - 1));
      if (values.length === 0 || v > values[values.length - 1]) values.push(v);
    }
  }
  return { values, labels: values };
}

/**
 * Partial dependence of class `classIndex`'s probability on one feature: this patient's curve (x is
 * its raw encoded row), the cohort average (over up to averageSamples cohort rows, X column-major
 * nRows×nFeatures) and iceSamples individual cohort curves, on the grid of dependenceGrid. Only the
 * trees that split on the feature are re-evaluated at each grid value.
 */
export function dependenceCurve(
  model: Pick<ForestModel, 'trees' | 'nClasses' | 'nFeatures'>,
  X: ColumnsOrMatrix,
  nRows: number,
  x: ArrayLike<number>,
  feature: number,
  encodingFeature: FeatureEncoding,
  classIndex: number,
  options: DependenceOptions = {},
): DependenceCurve {
  const K = model.nClasses;
  const nF = model.nFeatures;
  if (!(feature >= 0 && feature < nF)) throw new Error(`There is no feature number ${feature}.`);
  if (!(classIndex >= 0 && classIndex < K))
    throw new Error(`There is no outcome class number ${classIndex}.`);
  const { values, labels } = options.grid
    ? { values: options.grid, labels: options.grid }
    : dependenceGrid(X, nRows, feature, encodingFeature, options.gridSize ?? 20);

  // Rows: 0 = the patient, then a seeded sample of the cohort (the first iceSamples also give ICE curves).
  const nAvg = Math.min(nRows, options.averageSamples ?? 300);
  const nIce = Math.min(nAvg, options.iceSamples ?? 30);
  const order = Int32Array.from({ length: nRows }, (_, i) => i);
  const rng = new Rng(options.seed ?? 1);
  for (let i = 0; i < nAvg; i++) {
    const j = i + rng.nextInt(nRows - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const n = nAvg + 1;
  const S = new Float32Array(n * nF);
  const cohort = asColumns(X, nRows);
  const sampled = order.subarray(0, nAvg);
  for (let f = 0; f < nF; f++) {
    S[f * n] = x[f];
    readColumn(cohort, f, sampled, S.subarray(f * n + 1, (f + 1) * n));
  }

  const varying: Tree[] = [];
  const fixed: Tree[] = [];
  for (const tree of model.trees) (usesFeature(tree, feature) ? varying : fixed).push(tree);
  const nTrees = model.trees.length;
  // Trees that never split on the feature give the same output at every grid value: sum them once.
  const fixedSum = new Float64Array(n);
  if (fixed.length > 0) {
    const p = predictProba({ trees: fixed, nClasses: K }, S, n);
    for (let r = 0; r < n; r++) fixedSum[r] = p[r * K + classIndex] * fixed.length;
  }

  const patient: number[] = [];
  const average: number[] = [];
  const ice: number[][] = Array.from({ length: nIce }, () => []);
  for (const g of values) {
    S.fill(g, feature * n, feature * n + n);
    const p = varying.length > 0 ? predictProba({ trees: varying, nClasses: K }, S, n) : null;
    const at = (r: number): number =>
      nTrees > 0 ? (fixedSum[r] + (p ? p[r * K + classIndex] * varying.length : 0)) / nTrees : NaN;
    patient.push(at(0));
    let sum = 0;
    for (let j = 0; j < nAvg; j++) sum += at(1 + j);
    average.push(nAvg > 0 ? sum / nAvg : NaN);
    for (let j = 0; j < nIce; j++) ice[j].push(at(1 + j));
  }
  return { feature: encodingFeature.name, classIndex, grid: labels, patient, average, ice };
}
