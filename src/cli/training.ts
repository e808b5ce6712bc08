/**
 * The training steps the train and evaluate commands share: read and encode the table with the target's
 * checks, then grow forests in this process (--threads 1) or in a pool of worker threads (the browser's path).
 * Both paths bin the whole table once and grow trees on a set of rows, so a seed gives the same forest
 * whatever the number of threads.
 */
import { availableParallelism } from 'node:os';
import type { EncodedCohort, RawTable } from '../engine/data/types.ts';
import { inferSchema } from '../engine/data/schema.ts';
import { buildEncoding, encodeColumns } from '../engine/data/encode.ts';
import { growTrees } from '../engine/forest/grow.ts';
import { screenWeights } from '../engine/forest/featureWeights.ts';
import { assembleForest, validateParams } from '../engine/forest/forest.ts';
import { resolveMaxFeatures } from '../engine/forest/params.ts';
import {
  DEFAULT_PARAMS,
  type BinnedData,
  type ForestModel,
  type ForestParams,
  type TreeShard,
} from '../engine/forest/types.ts';
import type { OutcomeSummary } from '../worker/api.ts';
import { binTableFor } from '../app/trainingData.ts';
import { holdsSnpPacked, type SnpPackedBins } from '../engine/forest/packedSnp.ts';
import { SHARED_COLUMNS } from '../engine/forest/featureColumns.ts';
import { canShareMemory } from '../app/sharedMemory.ts';
import {
  reusableShards,
  tuneOnOutOfBag,
  type TuningReport,
  type TuningSummary,
} from '../app/tuneForest.ts';
import { createNodePool, trainInPool } from '../worker/node.ts';
import type { TrainingPool } from '../worker/pool.ts';
import type { ParsedArgs } from './args.ts';
import { CliError, UsageError } from './errors.ts';
import { listNames } from './files.ts';
import { readCohort } from './cohortFiles.ts';
import { filterCohort, type QcFilterReport } from '../app/qcFilter.ts';
import type { QcFilters } from '../engine/genetics/qc.ts';
import { hasQcFilters } from './qcFilters.ts';
import type { JoinSummary } from '../engine/data/genomic/join.ts';
import { shortName } from '../engine/data/values.ts';
import { collectGarbage } from './memory.ts';

/** A training table read, checked and encoded. */
export interface LoadedTraining {
  file: string;
  table: RawTable;
  summary: OutcomeSummary;
  data: EncodedCohort;
  /** Set when the genotypes were joined to a clinical table (--pheno). */
  join?: JoinSummary;
  /** PLINK's PHENOTYPE is the outcome (1 = control, 2 = case): "case" is the default positive class. */
  plinkPhenotype: boolean;
  /** Set when QC filters (--maf, --geno, --mind, --hwe) were applied: what each removed. */
  qc?: QcFilterReport;
}

/**
 * Read `file` (any cohort format, joined to `pheno` when given, on `phenoKey` when given), check the target and
 * encode every usable column as the app does by default.
 */
export async function loadTraining(
  file: string,
  target: string,
  pheno?: string,
  phenoKey?: string,
  filters: QcFilters = {},
): Promise<LoadedTraining> {
  const loaded = await readTraining(file, target, pheno, phenoKey, filters);
  // The schema and the reading's leftovers (no longer referenced once readTraining has returned) are garbage now:
  // collected before the fit rather than held through it.
  collectGarbage();
  return loaded;
}

async function readTraining(
  file: string,
  target: string,
  pheno: string | undefined,
  phenoKey: string | undefined,
  filters: QcFilters,
): Promise<LoadedTraining> {
  const load = await readCohort(file, { pheno, phenoKey });
  let { table } = load;
  // PLINK's filters on the cohort as loaded (after any join), before the outcome and features are read.
  let qc: QcFilterReport | undefined;
  if (hasQcFilters(filters)) {
    try {
      ({ table, report: qc } = filterCohort(table, filters));
    } catch (error) {
      throw new CliError(`${file}: ${(error as Error).message}`);
    }
  }
  if (!table.headers.includes(target)) {
    const names = table.headers.map((h) => shortName(h));
    throw new CliError(
      `target column "${shortName(target)}" is not in ${pheno ? `${file} + ${pheno}` : file}; its columns are: ${listNames(names)}`,
    );
  }
  const schema = inferSchema(table);
  const { encoding, summary } = buildEncoding(table, schema, { target, columns: [] });
  if (summary.classes.length === 1) {
    throw new CliError(
      `target column "${target}" has only one class ("${summary.classes[0]}") in ${file}; a model needs at least two`,
    );
  }
  if (summary.errors.length > 0) throw new CliError(summary.errors[0]);
  if (summary.nFeatures === 0 || encoding.features.length === 0) {
    throw new CliError(`${file} has no usable feature columns besides "${target}"`);
  }
  // In shared memory, a pool's workers read the columns in place instead of the pool copying them there first.
  const data = encodeColumns(table, encoding, canShareMemory() ? SHARED_COLUMNS : undefined);
  return {
    file,
    table,
    summary,
    data,
    ...(load.join ? { join: load.join } : {}),
    ...(qc ? { qc } : {}),
    plinkPhenotype: table.hints?.plinkPhenotype === true && table.hints.outcome === target,
  };
}

/** What --max-features accepts, for its error messages. */
const MAX_FEATURES_FORMS = 'sqrt, log2, all, a whole number of features or a fraction in (0, 1]';

/**
 * --max-features as scikit-learn reads max_features: "sqrt", "log2", "all" (its None), a count ("3") or a
 * fraction ("0.3"; "1.0" is every feature, as in scikit-learn, while "1" is one feature).
 */
export function parseMaxFeatures(raw: string): ForestParams['maxFeatures'] {
  const text = raw.trim().toLowerCase();
  if (text === 'sqrt' || text === 'log2' || text === 'all') return text;
  if (text === 'none') return 'all';
  if (/^\+?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && n >= 1) return n;
    throw new UsageError(`--max-features must be at least 1 feature, got ${raw}`);
  }
  if (/^\+?(\d+\.\d*|\.\d+)(e[+-]?\d+)?$/.test(text) || /^\+?\d+e[+-]?\d+$/.test(text)) {
    const f = Number(text);
    if (f > 0 && f < 1) return f;
    if (f === 1) return 'all';
    throw new UsageError(`--max-features as a fraction must be in (0, 1], got ${raw}`);
  }
  throw new UsageError(`--max-features must be ${MAX_FEATURES_FORMS}, got "${raw}"`);
}

/**
 * --max-samples as scikit-learn reads max_samples: a count ("500") or a fraction ("0.5"; "1.0" is every patient,
 * the default). Whether a count exceeds the training patients is checked once the table is read.
 */
export function parseMaxSamples(raw: string): number | null {
  const text = raw.trim().toLowerCase();
  if (/^\+?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && n >= 1) return n;
    throw new UsageError(`--max-samples must be at least 1 patient, got ${raw}`);
  }
  if (/^\+?(\d+\.\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) {
    const f = Number(text);
    if (f > 0 && f < 1) return f;
    if (f === 1) return null;
    throw new UsageError(`--max-samples as a fraction must be in (0, 1], got ${raw}`);
  }
  throw new UsageError(
    `--max-samples must be a whole number of patients or a fraction in (0, 1], got "${raw}"`,
  );
}

/**
 * The forest settings of the command line, checked before any file is read (a bad value is a usage error,
 * exit 2); scikit-learn's defaults for whatever is not given.
 */
export function settingsFromArgs(args: ParsedArgs): ForestParams {
  const classWeight = args.string('class-weight');
  if (classWeight !== undefined && classWeight.trim().toLowerCase() !== 'balanced') {
    throw new UsageError(
      `--class-weight must be "balanced" (the one weighting besides the default, every patient alike), got "${classWeight}"`,
    );
  }
  const maxFeatures = args.string('max-features');
  return {
    ...DEFAULT_PARAMS,
    nEstimators: args.int('trees', DEFAULT_PARAMS.nEstimators),
    randomState: args.int('seed', 1, 0),
    maxFeatures:
      maxFeatures === undefined ? DEFAULT_PARAMS.maxFeatures : parseMaxFeatures(maxFeatures),
    maxDepth: args.string('max-depth') === undefined ? null : args.int('max-depth', 1, 1),
    minSamplesLeaf: args.int('min-samples-leaf', DEFAULT_PARAMS.minSamplesLeaf, 1),
    minSamplesSplit: args.int('min-samples-split', DEFAULT_PARAMS.minSamplesSplit, 2),
    classWeight: classWeight === undefined ? null : 'balanced',
    bootstrap: !args.flag('no-bootstrap'),
    maxSamples: maxSamplesFromArgs(args),
  };
}

function maxSamplesFromArgs(args: ParsedArgs): number | null {
  const raw = args.string('max-samples');
  if (raw === undefined) return null;
  if (args.flag('no-bootstrap')) {
    throw new UsageError(
      '--max-samples sets the size of each bootstrap sample, which --no-bootstrap turns off; give one or the other',
    );
  }
  return parseMaxSamples(raw);
}

/**
 * Whether to tune minimum patients per leaf and features per split on out-of-bag patients (--tune; default not:
 * the command line keeps scikit-learn's defaults, so its figures compare with scikit-learn's). Refuses settings
 * tuning would overrule or cannot work with.
 */
export function tuneFromArgs(args: ParsedArgs): boolean {
  const tune = args.flag('tune');
  if (tune && args.flag('no-tune')) throw new UsageError('give --tune or --no-tune, not both');
  if (!tune) return false;
  for (const option of ['min-samples-leaf', 'max-features']) {
    if (args.string(option) !== undefined) {
      throw new UsageError(
        `--tune chooses --min-samples-leaf and --max-features itself; give --${option} without --tune to fix it`,
      );
    }
  }
  if (args.flag('no-bootstrap')) {
    throw new UsageError(
      '--tune scores settings on out-of-bag patients, which --no-bootstrap leaves none of; give one or the other',
    );
  }
  return true;
}

/** The forest settings of the command line, checked against the table's `nFeatures` feature columns. */
export function paramsFromArgs(args: ParsedArgs, nFeatures: number): ForestParams {
  const params = settingsFromArgs(args);
  const m = params.maxFeatures;
  if (typeof m === 'number' && Number.isInteger(m) && m > nFeatures) {
    throw new UsageError(
      `--max-features ${m} is more features than the table has (${nFeatures} feature column${nFeatures === 1 ? '' : 's'}); give at most ${nFeatures}, or a fraction`,
    );
  }
  try {
    return validateParams(params, nFeatures);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** The settings a forest was grown with, as --json reports them ("settings"): scikit-learn's meanings, camelCased. */
export function settingsJson(params: ForestParams, nFeatures: number) {
  return {
    nEstimators: params.nEstimators,
    maxFeatures: params.maxFeatures,
    featuresPerSplit: resolveMaxFeatures(params.maxFeatures, nFeatures),
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    minSamplesSplit: params.minSamplesSplit,
    classWeight: params.classWeight,
    bootstrap: params.bootstrap,
    randomState: params.randomState,
    maxSamples: params.maxSamples ?? null,
    // Named, not listed: the weights are in the model file.
    featureWeights: params.featureWeights ? ('screened' as const) : null,
  };
}

/** The same settings in one line of text. */
export function settingsLine(s: ReturnType<typeof settingsJson>): string {
  return (
    `  settings: ${s.nEstimators} trees, max features ${String(s.maxFeatures)} (${s.featuresPerSplit} per split), ` +
    `max depth ${s.maxDepth ?? 'none'}, min samples leaf ${s.minSamplesLeaf}, min samples split ${s.minSamplesSplit}, ` +
    `class weight ${s.classWeight ?? 'none'}, ${s.bootstrap ? 'bootstrap' : 'no bootstrap'}` +
    (s.maxSamples !== null ? ` of ${String(s.maxSamples)} patients` : '') +
    (s.featureWeights ? ', features drawn by the screen' : '') +
    `, seed ${s.randomState}`
  );
}

/** Threads from --threads (default: the machine's cores). */
export function threadsFromArgs(args: ParsedArgs): number {
  return args.int('threads', availableParallelism());
}

/** Grows forests on one encoded table, in-process or in a pool that is reused across calls (CV folds). */
export class ForestTrainer {
  private pool: TrainingPool | null = null;
  /** The table binned for this thread's fits: its genotypes 2-bit only (packed) or as byte bins. */
  private binned: { packed: boolean; bins: BinnedData | SnpPackedBins } | null = null;

  constructor(
    private readonly data: EncodedCohort,
    readonly threads: number,
  ) {}

  /**
   * A forest grown on `rows` (default: all rows) and the seconds it took, binning included; its trees are firstTree
   * onwards (default 0) of the forest `params` make, and `kept` (shards of its first trees) are not grown again.
   */
  async fit(
    params: ForestParams,
    rows?: Int32Array,
    firstTree = 0,
    kept: TreeShard[] = [],
  ): Promise<{ forest: ForestModel; seconds: number }> {
    const start = performance.now();
    const { data } = this;
    const nClasses = data.encoding.classes.length;
    let forest: ForestModel;
    const whole = { ...params, nEstimators: firstTree + params.nEstimators };
    if (this.threads <= 1 || params.nEstimators === 0) {
      const shards = [...kept];
      if (params.nEstimators > 0) shards.push(this.growHere(params, rows, firstTree));
      forest = assembleForest(shards, whole, data.nRows, nClasses, data.nFeatures, data.y);
    } else {
      this.pool ??= createNodePool(this.threads, { idleTimeoutMs: 0 });
      forest = await trainInPool(data, params, {
        pool: this.pool,
        rows,
        firstTree,
        ...(kept.length > 0 ? { kept } : {}),
      });
    }
    return { forest, seconds: (performance.now() - start) / 1000 };
  }

  /**
   * Trees firstTree onwards of `params` as shards: grown in this thread (one shard) or on the pool; with `groups`,
   * their out-of-bag sums by group too.
   */
  private async growShards(
    params: ForestParams,
    rows: Int32Array | undefined,
    firstTree: number,
    groups?: Int32Array,
  ): Promise<TreeShard[]> {
    if (this.threads <= 1) return [this.growHere(params, rows, firstTree, groups)];
    let shards: TreeShard[] = [];
    this.pool ??= createNodePool(this.threads, { idleTimeoutMs: 0 });
    await trainInPool(this.data, params, {
      pool: this.pool,
      rows,
      ...(groups ? { groups } : {}),
      firstTree,
      onShards: (s) => {
        shards = s;
      },
    });
    return shards;
  }

  /** The table binned in this thread for fits with `params` (kept for the next). */
  private binsFor(params: ForestParams): BinnedData | SnpPackedBins {
    const { data } = this;
    const nClasses = data.encoding.classes.length;
    // As the app bins (binTableFor): no byte a genotype when every fit on the data takes the packed path.
    const packed = holdsSnpPacked({ X: data.X, nRows: data.nRows, nClasses, params });
    if (this.binned?.packed !== packed) {
      this.binned = { packed, bins: binTableFor(data, params.classWeight) };
    }
    return this.binned.bins;
  }

  /** Trees firstTree onwards of `params` grown in this thread, as one shard. */
  private growHere(
    params: ForestParams,
    rows: Int32Array | undefined,
    firstTree: number,
    groups?: Int32Array,
  ): TreeShard {
    const { data } = this;
    const nClasses = data.encoding.classes.length;
    const indices = Array.from({ length: params.nEstimators }, (_, i) => firstTree + i);
    return growTrees(this.binsFor(params), data.y, nClasses, params, indices, {
      ...(rows ? { rows } : {}),
      ...(groups ? { groups } : {}),
    });
  }

  /**
   * With `tune`, settings tuned on the out-of-bag patients of `rows` (default all) first, then the forest grown with
   * them; the seconds count both; with `groups` (each row's group), tuned keeping groups where it can (tune.ts).
   * Without, fit(params, rows).
   */
  async fitTuned(
    params: ForestParams,
    tune: boolean,
    rows?: Int32Array,
    groups?: ArrayLike<number>,
  ): Promise<{
    forest: ForestModel;
    seconds: number;
    params: ForestParams;
    tuning: TuningReport | null;
    /** The forest's first trees taken from the search (the chosen setting's own), not grown again. */
    treesReused: number;
  }> {
    if (!tune) return { ...(await this.fit(params, rows)), params, tuning: null, treesReused: 0 };
    const start = performance.now();
    const { data } = this;
    // The screen of the screened candidates (tune.ts) sees the training rows only (a fold's, never its held-out ones).
    const featureWeights = screenWeights(
      this.binsFor(params),
      data.y,
      data.encoding.classes.length,
      rows,
    );
    // The candidates' trees come back as shards, and the chosen one's first trees are the final forest's: only the
    // rest is grown, and the forest is the one grown afresh.
    const tuned = await tuneOnOutOfBag(
      {
        y: data.y,
        nClasses: data.encoding.classes.length,
        nFeatures: data.nFeatures,
        rows,
        ...(groups ? { groups } : {}),
        featureWeights,
      },
      params,
      (p, firstTree, byGroup) =>
        this.growShards(p, rows, firstTree, byGroup ? Int32Array.from(byGroup) : undefined),
    );
    const n = tuned.params.nEstimators;
    const reuse = reusableShards(tuned.firstTrees, n);
    const { forest } =
      reuse.firstTree > 0
        ? await this.fit(
            { ...tuned.params, nEstimators: n - reuse.firstTree },
            rows,
            reuse.firstTree,
            reuse.shards,
          )
        : await this.fit(tuned.params, rows);
    return {
      forest,
      seconds: (performance.now() - start) / 1000,
      params: tuned.params,
      tuning: tuned.report,
      treesReused: reuse.firstTree,
    };
  }

  /** End the worker threads, if any were started. */
  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }
}

/** The key's columns on each side: [IID] or [FID, IID]. */
function keyColumns(join: JoinSummary, side: 'genotypeColumn' | 'clinicalColumn'): string[] {
  const { key } = join;
  return key.family ? [key.family[side], key[side]] : [key[side]];
}

/** The join in --json: samples joined, unmatched and duplicated (each by count with examples) and the key. */
export function joinJson(join: JoinSummary) {
  return {
    samplesJoined: join.samplesJoined,
    samplesUnmatched: {
      onlyInGenotypes: join.onlyInGenotypes,
      onlyInClinical: join.onlyInClinical,
    },
    samplesDuplicated: {
      inGenotypes: join.duplicateGenotypes,
      inClinical: join.duplicateClinical,
    },
    joinKey: {
      genotypes: keyColumns(join, 'genotypeColumn'),
      clinical: keyColumns(join, 'clinicalColumn'),
      chosen: join.key.chosen === true,
    },
  };
}

/** The join of genotypes and clinical table in one stderr note: key, joined, unmatched and repeated IDs by count. */
export function joinNote(join: JoinSummary): string {
  const examples = (n: { examples: string[] }) =>
    n.examples.map((e) => shortName(e, 30)).join(', ');
  const side = (n: { count: number; examples: string[] }, where: string): string =>
    n.count === 0 ? '' : `; ${n.count} only in the ${where} (e.g. ${examples(n)})`;
  const dup = (n: { count: number; rows: number; examples: string[] }, where: string): string =>
    n.count === 0
      ? ''
      : `; ${n.count} ID${n.count === 1 ? '' : 's'} repeated in the ${where} (${n.rows} rows, left out; e.g. ${examples(n)})`;
  const key = `${keyColumns(join, 'genotypeColumn').join('+')} = ${keyColumns(join, 'clinicalColumn').join('+')}`;
  return `genoforest: joined ${join.samplesJoined} samples on ${key}${join.key.chosen ? ' (--pheno-key)' : ''}${side(join.onlyInGenotypes, 'genotypes')}${side(join.onlyInClinical, 'clinical table')}${dup(join.duplicateGenotypes, 'genotypes')}${dup(join.duplicateClinical, 'clinical table')}\n`;
}

/** A tuning summary as text: the chosen settings and a small table of the candidates' out-of-bag figures. */
export function tuningLines(t: TuningSummary, indent = '  '): string[] {
  const lines = [
    `${indent}tuned on out-of-bag patients: min samples leaf ${t.chosen.minSamplesLeaf}, ${t.chosen.featuresPerSplit} features per split, max depth ${t.chosen.maxDepth ?? 'none'}, ${t.chosen.draws ?? 'uniform'} draws (${t.treesGrown} trees grown for ${t.candidates.length} candidates, then ${t.finalTrees})`,
    `${indent}  score: ${t.metric}; ${t.groupAware ? 'groups kept together (each patient scored only by trees that drew nobody of their group)' : 'groups are not kept together'}`,
    ...(t.screen ? [`${indent}  ${t.screen}`] : []),
    `${indent}  leaf  features  depth  draws     trees  score (Brier)  OOB Brier  OOB log loss`,
  ];
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
  for (const c of t.candidates) {
    lines.push(
      `${indent}  ${String(c.minSamplesLeaf).padStart(4)}  ${String(c.featuresPerSplit).padStart(8)}  ${String(c.maxDepth ?? 'none').padStart(5)}  ${(c.draws ?? 'uniform').padEnd(8)}  ${String(c.trees).padStart(5)}  ${f(c.brier).padStart(13)}  ${f(c.oobBrier).padStart(9)}  ${f(c.oobLogLoss).padStart(12)}${c.chosen ? '  ← chosen' : ''}`,
    );
  }
  return lines;
}
