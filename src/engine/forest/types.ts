/** Types of the forest engine. Plain data of typed arrays: cheap to transfer between workers. */

/** scikit-learn's RandomForestClassifier parameters, camelCased, with the same meanings. */
export interface ForestParams {
  /** Number of trees (sklearn n_estimators). Default 100. */
  nEstimators: number;
  /** Features tried at every split: "sqrt" (default), "log2", "all", an integer count, or a fraction in (0,1]. */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  /** Maximum depth; null = grow until leaves are pure or minSamples* stop it. */
  maxDepth: number | null;
  /** Minimum samples needed to split a node. Default 2. */
  minSamplesSplit: number;
  /** Minimum samples in each leaf. Default 1. */
  minSamplesLeaf: number;
  /** Bootstrap sample per tree. Default true. */
  bootstrap: boolean;
  /** null, or "balanced" (weights n_samples / (n_classes * count(class))). */
  classWeight: null | 'balanced';
  /** Seed of the one generator; the same seed gives the same model whatever the number of workers. */
  randomState: number;
  /** Compute out-of-bag predictions (needs bootstrap). Default true. */
  oobScore: boolean;
  /**
   * Draws of each tree's bootstrap (sklearn max_samples): a count, or a fraction in (0, 1] of the training rows
   * (rounded, at least 1). Absent or null: as many draws as training rows, the default.
   */
  maxSamples?: number | null;
  /**
   * Per-feature draw weights (enriched random forests; ranger's split.select.weights): a node draws its features
   * without replacement with probabilities proportional to them (featureWeights.ts makes them from a univariate
   * screen). Positive and finite, one per feature. Absent or null: uniform draws, sklearn's (all equal: the same).
   * A plain array, not a typed one: the settings travel in model files as JSON (serialize.ts), and a reopened model
   * must grow the same trees again.
   */
  featureWeights?: readonly number[] | null;
}

export const DEFAULT_PARAMS: ForestParams = {
  nEstimators: 100,
  maxFeatures: 'sqrt',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  bootstrap: true,
  classWeight: null,
  randomState: 1,
  oobScore: true,
};

/**
 * Features binned once for training (LightGBM style).
 * bins[f * nRows + r] is the bin of row r for feature f; bin 255 (MISSING_BIN) means missing.
 * Numeric: bins 0..nBins[f]-1 in increasing value; upper[f][b] is the largest training value in bin b,
 * the split threshold between bins b and b+1 is (upper[f][b] + lower[f][b+1]) / 2 (stored in thresholds[f][b]).
 * Categorical: bin = category index (categories beyond 254 share bin 254).
 */
export interface BinnedData {
  bins: Uint8Array;
  nRows: number;
  nFeatures: number;
  nBins: Uint16Array;
  /** Per feature: raw-value threshold after each bin (length nBins[f]-1); empty for categorical. */
  thresholds: Float64Array[];
  isCategorical: Uint8Array;
}

export const MISSING_BIN = 255;

/**
 * One tree as flat typed arrays; node 0 is the root; a leaf has left[i] === -1.
 * Numeric split: x <= threshold[i] goes left. Categorical split (catOffset[i] >= 0): a category whose bit is
 * set in catBits (word catOffset[i] + (c >>> 5), bit c & 31) goes left. Missing (NaN) or unseen categories
 * go left when missingLeft[i] === 1, else right.
 */
export interface Tree {
  nodeCount: number;
  nClasses: number;
  feature: Int32Array;
  /**
   * Float64 while growing; float32 (the largest float32 <= the float64 split, compact.ts) once assembled: the
   * engine compares float32 inputs, so both route every input alike.
   */
  threshold: Float64Array | Float32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** -1 for numeric splits and leaves. */
  catOffset: Int32Array;
  catBits: Uint32Array;
  /** value[i * nClasses + k]: class-k probability of node i (weighted class fractions, sum 1). */
  value: Float32Array;
  /** Weighted training samples (bootstrap counts × class weights) reaching node i ("cover" for TreeSHAP). */
  weight: Float64Array | Float32Array;
  /**
   * Weighted impurity decrease at node i (0 for leaves), for MDI importance. Empty (length 0) once the forest
   * is assembled: only the importances computed then need it.
   */
  impurityDecrease: Float64Array;
}

/** A trained forest. */
export interface ForestModel {
  params: ForestParams;
  nFeatures: number;
  nClasses: number;
  trees: Tree[];
  /** MDI feature importances, normalised to sum 1 (sklearn feature_importances_). */
  featureImportances: Float64Array;
  /** Out-of-bag class probabilities per training row (rows never out of bag hold NaN), row-major nRows×nClasses. */
  oobProba: Float64Array | null;
  /** OOB accuracy (sklearn oob_score_), null when unavailable. */
  oobScore: number | null;
}

/** What one worker returns after growing its share of the trees. */
export interface TreeShard {
  /** Global tree indices (0..nEstimators-1) this shard grew, same order as trees. */
  treeIndices: number[];
  trees: Tree[];
  /** Per-row sums of OOB probabilities over this shard's trees (row-major nRows×nClasses), and counts. */
  oobSum: Float64Array | null;
  oobCount: Uint32Array | null;
  /** With groups (GrowOptions.groups): the same sums over only the trees that drew nobody of the row's group. */
  groupOobSum?: Float64Array;
  groupOobCount?: Uint32Array;
}
