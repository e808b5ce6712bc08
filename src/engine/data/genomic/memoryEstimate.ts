/**
 * What a hard-called genotype cohort (a .bed) will hold in memory at each stage from load to a trained forest, worked
 * out before the file is loaded from its samples and variants, so the app can say it and refuse what cannot fit.
 * The stages follow the arrays the code makes (bench/TWOBIT.md, "What the copies are"); the two constants that are
 * not an array's length were fitted to the measured loads there, and memoryEstimate.test.ts checks every stage
 * against the measured peaks at 5,000 × 20,000 and 5,000 × 100,000.
 */
import { formatBytes } from './memoryBudget';

/**
 * Bytes a variant holds at the load's peak besides its genotypes: its .bim line as text while read, its name
 * (headers and originalHeaders), locus, allele coding and column objects. Fitted with LOAD_FIXED_BYTES to the two
 * measured loads of bench/TWOBIT.md, step 3 (5,000 samples: 92 MiB for 20,000 variants, 270 MiB for 100,000).
 */
export const LOAD_BYTES_PER_VARIANT = 1_080;
/** The reader's working memory whatever the size: the .bed slices read at a time and the heap's young generation. */
export const LOAD_FIXED_BYTES = 50_000_000;
/** A worker's own JavaScript engine and code before it holds any data (measured: about 60 MiB each). */
export const WORKER_ISOLATE_BYTES = 60 * 2 ** 20;
/**
 * The grower's working memory while trees grow, a fraction of the genotype count (row orders, histograms of the
 * features a node tries, the trees being assembled): 0.21–0.33 B a genotype measured.
 */
export const GROWTH_BYTES_PER_GENOTYPE = 0.25;
/** Cross-validation copies a sample of at most 1/16 of the rows as float32 (4 bytes a genotype) to score it. */
export const CV_SAMPLE_BYTES_PER_GENOTYPE = 4 / 16;
/**
 * Bytes a variant adds when its codes are read in place: its feature encoding and column objects (the encode stage),
 * fitted to bench/TWOBIT.md step 5 at 5,000 × 100,000 (16–17 MiB for 100,000 variants, in this thread and on 2 workers).
 */
export const IN_PLACE_ENCODE_BYTES_PER_VARIANT = 175;
/**
 * Bytes a variant adds to the training data binned with its codes in place: its bin thresholds and bin metadata
 * (bench/TWOBIT.md step 5: the training data added 29 MiB at 100,000 variants).
 */
export const IN_PLACE_TRAINING_DATA_BYTES_PER_VARIANT = 300;

/** One stage: what it adds and keeps, what it needs only while it runs, and the totals. */
export interface MemoryStage {
  name: string;
  /** What the stage adds, in words. */
  holds: string;
  /** Bytes held above the idle app once the stage is over. */
  afterBytes: number;
  /** Bytes held above the idle app at the stage's peak. */
  peakBytes: number;
}

/** The stages of a genotype cohort from load to a trained and cross-validated forest, and variant importance. */
export interface GenotypeMemoryEstimate {
  nSamples: number;
  nSnps: number;
  /** Training workers the estimate is for. */
  workers: number;
  stages: MemoryStage[];
  /** Peak of loading the file. */
  loadBytes: number;
  /**
   * Peak from load through training and cross-validation: with memory shared, for a two-class outcome and every
   * sample kept (the genotypes read in place, `inPlaceStages`); else as `byteBinBytes`.
   */
  trainBytes: number;
  /** The same peak for any other fit, the genotypes binned a byte each (`stages`): an upper bound. */
  byteBinBytes: number;
  /**
   * The stages when the genotypes' own 2-bit codes are the feature columns and the bins (two classes, unit class
   * weights, every sample kept, memory shared), or null where memory cannot be shared.
   */
  inPlaceStages: MemoryStage[] | null;
  /** Peak of "Find which variants matter" (its shadow forest) run after training. */
  importanceBytes: number;
}

/** How the forest will be grown: how many workers, whether they share memory, whether they run in this thread. */
export interface GrowthSetting {
  /** Training workers (the app's pool size). */
  workers: number;
  /** SharedArrayBuffer is available (a cross-origin isolated page, Node): bins are not cloned into each worker. */
  sharedMemory: boolean;
  /** Trees grow in the calling thread (the CLI, the bench's one-thread run): no worker isolates. */
  inProcess?: boolean;
}

/** The stage-by-stage memory of a .bed of `nSamples` × `nSnps` hard calls loaded, binned and trained. */
export function genotypeMemoryEstimate(
  nSamples: number,
  nSnps: number,
  setting: GrowthSetting,
): GenotypeMemoryEstimate {
  const workers = Math.max(1, Math.floor(setting.workers));
  const genotypes = nSamples * nSnps;
  const packed = nSnps * Math.ceil(nSamples / 4);
  const isolate = setting.inProcess ? 0 : WORKER_ISOLATE_BYTES;
  const stages: MemoryStage[] = [];
  let held = 0;
  const stage = (name: string, holds: string, kept: number, transient = 0): void => {
    const peakBytes = held + kept + transient;
    held += kept;
    stages.push({ name, holds, afterBytes: held, peakBytes });
  };
  stage(
    'load',
    'the .bed’s genotypes, 2 bits each, and each variant’s name and locus',
    packed + LOAD_BYTES_PER_VARIANT * nSnps + LOAD_FIXED_BYTES,
  );
  stage('encode', 'feature columns, 2 bits a genotype', packed);
  stage(
    'bin',
    `bins, a byte a genotype${setting.sharedMemory ? ' (shared)' : ''}${isolate ? `; ${workersWord(workers)} started` : ''}`,
    genotypes + workers * isolate,
  );
  // Each grower's 2-bit copy of the SNP bins lives while it grows (packedScan.ts), then is let go.
  stage(
    'train',
    `a 2-bit copy in each of ${workersWord(workers)} while it grows${setting.sharedMemory ? '' : ', and a copy of the bins in each'}`,
    workers * (setting.sharedMemory ? 0 : genotypes),
    workers * packed + GROWTH_BYTES_PER_GENOTYPE * genotypes,
  );
  stage('training data', 'bins again in the data worker, a byte a genotype', genotypes);
  stage(
    'cross-validation',
    'a sample of at most 1/16 of the rows as float32',
    0,
    CV_SAMPLE_BYTES_PER_GENOTYPE * genotypes,
  );
  const byteBinBytes = Math.max(...stages.map((s) => s.peakBytes));
  const inPlaceStages = setting.sharedMemory
    ? inPlaceTraining(stages[0].afterBytes, genotypes, nSnps, workers, isolate)
    : null;
  // Growth kept by the workers can put a tiny cohort's in-place figure a hair over the byte bins'; never more.
  const trainBytes = inPlaceStages
    ? Math.min(byteBinBytes, Math.max(...inPlaceStages.map((s) => s.peakBytes)))
    : byteBinBytes;
  stage(
    'variant importance',
    `bins with a shadow of each variant (2 bytes a genotype) and their 2-bit copy${setting.sharedMemory ? '' : ', and a copy of the bins'}, in the evaluation worker`,
    2 * genotypes + isolate + (setting.sharedMemory ? 0 : genotypes),
    2 * packed + GROWTH_BYTES_PER_GENOTYPE * genotypes,
  );
  return {
    nSamples,
    nSnps,
    workers,
    stages,
    loadBytes: stages[0].peakBytes,
    trainBytes,
    byteBinBytes,
    inPlaceStages,
    importanceBytes: stages[stages.length - 1].peakBytes,
  };
}

/**
 * The stages after the load when the genotypes are read in place (bench/TWOBIT.md step 5): no feature-column or bin
 * copy of the codes, only each variant's encoding and thresholds; the growers' working memory, which worker isolates
 * keep once grown (so cross-validation's folds on the pool reuse it: its sample copy fits in it), and in this thread
 * is let go after each fit.
 */
function inPlaceTraining(
  loaded: number,
  genotypes: number,
  nSnps: number,
  workers: number,
  isolate: number,
): MemoryStage[] {
  const stages: MemoryStage[] = [];
  let held = loaded;
  const stage = (name: string, holds: string, kept: number, transient = 0): void => {
    stages.push({ name, holds, afterBytes: held + kept, peakBytes: held + kept + transient });
    held += kept;
  };
  const growth = GROWTH_BYTES_PER_GENOTYPE * genotypes;
  const cvSample = CV_SAMPLE_BYTES_PER_GENOTYPE * genotypes;
  stage(
    'encode',
    'each variant’s encoding; the feature columns are the table’s codes',
    IN_PLACE_ENCODE_BYTES_PER_VARIANT * nSnps,
  );
  stage(
    'bin',
    `none for the genotypes (their codes are their bins)${isolate ? `; ${workersWord(workers)} started` : ''}`,
    workers * isolate,
  );
  if (isolate)
    stage('train', `the growers’ working memory, kept by ${workersWord(workers)}`, growth);
  else stage('train', 'the grower’s working memory while it grows', 0, growth);
  stage(
    'training data',
    'each variant’s bin thresholds; the genotypes read in place',
    IN_PLACE_TRAINING_DATA_BYTES_PER_VARIANT * nSnps,
  );
  stage(
    'cross-validation',
    'a sample of at most 1/16 of the rows as float32, and the folds’ growth',
    0,
    Math.max(0, Math.max(growth, cvSample) - (isolate ? growth : 0)),
  );
  return stages;
}

/** "1 worker", "4 workers". */
function workersWord(n: number): string {
  return `${n} worker${n > 1 ? 's' : ''}`;
}

/** What training would need, said with a refused load (the load's own figure comes first). */
export function describeTrainingNeed(estimate: GenotypeMemoryEstimate): string {
  return `Training a forest on it would need about ${formatBytes(estimate.trainBytes)} on ${workersWord(estimate.workers)}${inPlaceWords(estimate)}.`;
}

/** The condition of the in-place figure and the figure otherwise, when they differ. */
function inPlaceWords(estimate: GenotypeMemoryEstimate): string {
  if (!estimate.inPlaceStages || estimate.byteBinBytes <= estimate.trainBytes) return '';
  return ` for a two-class outcome with every sample kept (the genotypes are read in place), up to ${formatBytes(estimate.byteBinBytes)} otherwise`;
}

/**
 * The sentence the app shows before a genotype file is held: what loading, training and variant importance need,
 * and which of them this device's budget does not allow.
 */
export function describeGenotypeMemory(
  estimate: GenotypeMemoryEstimate,
  budgetBytes?: number,
): string {
  const needs =
    `This file needs about ${formatBytes(estimate.loadBytes)} to load, about ` +
    `${formatBytes(estimate.trainBytes)} to train and cross-validate a forest on ${workersWord(estimate.workers)}${inPlaceWords(estimate)}, ` +
    `and about ${formatBytes(estimate.importanceBytes)} to find which variants matter.`;
  if (budgetBytes === undefined) return needs;
  const over = [
    estimate.trainBytes > budgetBytes
      ? 'training'
      : estimate.byteBinBytes > budgetBytes
        ? 'training other than a two-class outcome on every sample'
        : null,
    estimate.importanceBytes > budgetBytes ? 'finding which variants matter' : null,
  ].filter((s) => s !== null);
  if (estimate.loadBytes > budgetBytes || over.length === 0) return needs;
  return `${needs} This device allows about ${formatBytes(budgetBytes)}: ${over.join(' and ')} may run out of memory; QC and ancestry components need little more than the load. Apply QC filters or load fewer variants to train.`;
}
