/**
 * Memory of a genotype cohort at each stage of training, through the app's own use cases (the data session, a
 * training worker and the evaluation worker, run in this process as src/worker/inProcess.ts runs them): a .bed made
 * at run time by `plink1.9 --dummy`, loaded, encoded, binned, 100 trees grown, then cross-validated (out-of-bag
 * replay, permutation) and the training data asked back as the app asks for it. For each stage: the process's peak
 * RSS during it (VmHWM, reset before each stage through /proc/self/clear_refs) and its RSS after, both above the idle
 * process and per genotype, and the bytes of every large array alive then.
 *
 *   node --expose-gc --import tsx bench/twoBitMemory.ts [--samples 5000] [--snps 20000] [--trees 100] [--folds 2]
 *        [--threads n] [--importance] [--json] [--write KEY]
 *
 * With --write KEY the measured table (with the machine's load average before and after the run) replaces the text
 * between `<!-- twoBitMemory KEY -->` and `<!-- /twoBitMemory KEY -->` in bench/TWOBIT.md (added at its end when
 * absent), so the figures there are the script's own.
 *
 * With --importance a last stage grows variant importance's shadow forest (as many trees as --trees; the app grows
 * at least 500, which changes its time, not the arrays it holds) in the evaluation worker on the training data.
 *
 * With --threads n the binning and growth run on the app's pool of n worker threads (shared memory, as in a
 * cross-origin isolated page); worker threads live in this process, so its RSS covers them.
 *
 * Linux only (/proc). Not part of `npm run bench`; measured figures in bench/TWOBIT.md.
 */
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadWords, writeMarkedSection } from './markdownSection.ts';
import { makeDummyFileset } from './plinkDummy.ts';
import path from 'node:path';
import { createDataSession } from '../src/app/dataSession.ts';
import { binFeatures, binFeaturesSnpPacked } from '../src/engine/forest/binning.ts';
import { holdsSnpPacked, isSnpPacked, type SnpPackedBins } from '../src/engine/forest/packedSnp.ts';
import { columnBytes, type FeatureColumns } from '../src/engine/forest/featureColumns.ts';
import type { NamedFile, TrainingData } from '../src/app/types.ts';
import type { BinnedData } from '../src/engine/forest/types.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { createTrainingWorker } from '../src/worker/trainingWorker.ts';
import { createEvaluationWorker } from '../src/worker/evaluationWorker.ts';
import { createNodePool } from '../src/worker/node.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const samples = Number(arg('samples', '5000'));
const snps = Number(arg('snps', '20000'));
const trees = Number(arg('trees', '100'));
const folds = Number(arg('folds', '2'));
/** 0: bin and grow in this thread (a training worker's code, in-process); n: on a pool of n Node worker threads. */
const threads = Number(arg('threads', '0'));
const asJson = process.argv.includes('--json');
/** Section of bench/TWOBIT.md to write the measured table into, or '' for none. */
const writeKey = arg('write', '');
const withImportance = process.argv.includes('--importance');
const genotypes = samples * snps;

/** Kibibytes of a /proc/self/status field (VmRSS, VmHWM). */
function status(field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`/proc/self/status has no ${field}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so each stage's peak is its own. */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

function settle(): void {
  // Garbage left by an earlier stage would otherwise count in the next one's peak.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

interface Stage {
  stage: string;
  seconds: number;
  peakMiB: number;
  rssAfterMiB: number;
  peakBytesPerGenotype: number;
  rssBytesPerGenotype: number;
  /** Large arrays alive after the stage: what they are, and their bytes per genotype. */
  arrays: Record<string, number>;
}

/**
 * Bytes of the 2-bit copy packedColumns makes in each training worker (numeric columns of at most 3 bins), counted
 * here rather than made: a copy in this thread would be counted in the peak too.
 */
function packedBytes(binned: BinnedData | SnpPackedBins): number {
  // A table held SNP-packed is grown on as is: no copy.
  if (isSnpPacked(binned)) return 0;
  let columns = 0;
  for (let f = 0; f < binned.nFeatures; f++) {
    if (binned.isCategorical[f] === 0 && binned.nBins[f] <= 3) columns++;
  }
  return columns * Math.ceil(binned.nRows / 4);
}

const stages: Stage[] = [];

/** Whether two arrays are the same memory (a write to one shows in the other; undone at once). */
function sameMemory(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer === b.buffer) return a.byteOffset === b.byteOffset;
  if (a.length === 0 || a.length !== b.length) return false;
  const before = b[0];
  a[0] ^= 0xff;
  const seen = b[0];
  a[0] ^= 0xff;
  return seen !== before;
}

/**
 * Bytes of bins the binned table adds: its byte bins, and its 2-bit codes unless they are the feature columns' own
 * (binFeaturesSnpPacked's inPlace).
 */
function ownBinBytes(b: BinnedData | SnpPackedBins, X: Float32Array | FeatureColumns): number {
  if (!isSnpPacked(b)) return b.bins.byteLength;
  const shared = !(X instanceof Float32Array) && sameMemory(X.packed, b.snp.packed);
  return b.byteBins.byteLength + (shared ? 0 : b.snp.packed.byteLength);
}

/** Bytes of the encoded columns: a float matrix, or feature columns (floats and 2-bit packed genotypes). */
function xBytes(X: Float32Array | FeatureColumns): number {
  return X instanceof Float32Array ? X.byteLength : columnBytes(X);
}
const mib = (b: number): number => Math.round(b / 2 ** 20);
const perGenotype = (b: number): number => Number((b / genotypes).toFixed(2));

/** Runs one stage, measuring its peak and the RSS after it above `idle`. */
async function stage<T>(
  name: string,
  idle: number,
  run: () => Promise<T> | T,
  arrays: (result: T) => Record<string, number>,
): Promise<T> {
  settle();
  resetPeak();
  const start = performance.now();
  const result = await run();
  const seconds = (performance.now() - start) / 1000;
  const peak = status('VmHWM') - idle;
  settle();
  const after = status('VmRSS') - idle;
  const sizes = Object.fromEntries(
    Object.entries(arrays(result)).map(([k, bytes]) => [k, perGenotype(bytes)]),
  );
  stages.push({
    stage: name,
    seconds: Number(seconds.toFixed(1)),
    peakMiB: mib(peak),
    rssAfterMiB: mib(after),
    peakBytesPerGenotype: perGenotype(peak),
    rssBytesPerGenotype: perGenotype(after),
    arrays: sizes,
  });
  return result;
}

/** Replaces (or adds) the section KEY of bench/TWOBIT.md with this run's table. */
function writeSection(
  key: string,
  result: { idleMiB: number; oobScore: number | null },
  loadBefore: number[],
  loadAfter: number[],
): void {
  const file = path.join(import.meta.dirname, 'TWOBIT.md');
  const command = process.argv.slice(2).join(' ');
  const peak = Math.max(...stages.map((s) => s.peakMiB));
  const rows = stages.map(
    (s) =>
      `| ${s.stage} | ${s.seconds} | ${s.peakMiB.toLocaleString('en')} (${s.peakBytesPerGenotype.toFixed(2)}) | ${s.rssAfterMiB.toLocaleString('en')} (${s.rssBytesPerGenotype.toFixed(2)}) | ${Object.entries(
        s.arrays,
      )
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')} |`,
  );
  writeMarkedSection(file, `twoBitMemory ${key}`, [
    `${samples.toLocaleString('en')} × ${snps.toLocaleString('en')}, ${trees} trees, ${threads > 0 ? `pool of ${threads}` : 'in this thread'} (\`bench/twoBitMemory.ts ${command}\`, Node ${process.version}); idle process ${result.idleMiB} MiB; load average ${loadWords(loadBefore)} before, ${loadWords(loadAfter)} after; OOB score ${result.oobScore}. Peak over the run: **${peak.toLocaleString('en')} MiB (${((peak * 2 ** 20) / genotypes).toFixed(2)} B/genotype)**.`,
    '',
    '| stage | s | peak MiB (B/genotype) | after MiB (B/genotype) | arrays alive (B/genotype) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
  ]);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'genoforest-twobit-'));
try {
  const stem = path.join(dir, 'dummy');
  makeDummyFileset(stem, samples, snps);
  const files: NamedFile[] = [];
  for (const ext of ['bed', 'bim', 'fam']) {
    // A Blob read from disk as it is needed, like the File the browser gives.
    const blob = await openAsBlob(`${stem}.${ext}`);
    files.push(new File([blob], `dummy.${ext}`));
  }
  settle();
  const idle = status('VmRSS');
  const session = createDataSession();
  /** The table the session holds: plinkBed keeps the .bed's 2 bits a genotype (packed doses, ceil(n / 4) a SNP). */
  const tableCodes = Math.ceil(samples / 4) * snps;
  const loadAverageBefore = os.loadavg();

  const summary = await stage(
    'load (.bed → packed doses)',
    idle,
    () => session.loadFiles(files),
    () => ({ 'table codes (2-bit packed)': tableCodes }),
  );
  const target = summary.suggestedTarget;
  if (!target) throw new Error('The .fam gave no outcome to train on.');
  const setup = { target, columns: [] };
  const params = { ...DEFAULT_PARAMS, nEstimators: trees, randomState: 1 };

  const loadedRss = status('VmRSS');
  const columns = await stage(
    'encode (feature columns: floats, genotypes 2-bit)',
    idle,
    () => session.prepareColumns(setup, params),
    (c) => ({ 'table codes': tableCodes, 'X (columns)': xBytes(c.X) }),
  );
  // The table's codes read in place (encode.ts packedView) add no copy: told by the RSS the encoding added (the
  // session holds the table, not this script), under half of a copy of the codes.
  const encodedInPlace =
    !(columns.X instanceof Float32Array) &&
    status('VmRSS') - loadedRss < columns.X.packed.byteLength / 2;
  const xOwn = (X: Float32Array | FeatureColumns): number =>
    X instanceof Float32Array ? X.byteLength : encodedInPlace ? X.dense.byteLength : columnBytes(X);
  if (encodedInPlace) {
    const last = stages[stages.length - 1];
    last.stage = 'encode (feature columns: floats; genotypes the table’s codes, read in place)';
    last.arrays = {
      'table codes': perGenotype(tableCodes),
      'X (columns, own)': perGenotype(xOwn(columns.X)),
    };
  }

  const pool = threads > 0 ? createNodePool(threads) : null;
  // As the app's train() decides (two classes, unit class weights): genotypes held 2-bit packed only, no byte bins.
  const snpPacked = holdsSnpPacked(columns);
  const binLabel = snpPacked ? 'byte bins of the other columns, genotypes 2-bit' : '1-byte bins';
  const binned = await stage(
    pool ? `bin (${binLabel}, pool of ${threads})` : `bin (${binLabel})`,
    idle,
    async () =>
      pool
        ? (await pool.prepareData({ ...columns, snpPacked })).binned
        : snpPacked
          ? // As the pool bins them (binFeaturesSnpPacked, in one of its workers, reading the shared codes in place).
            binFeaturesSnpPacked(columns.X as FeatureColumns, columns.isCategorical, 255, {
              inPlace: true,
            })
          : // As the pool's workers bin column ranges (binColumns: binFeatures on each range).
            binFeatures(columns.X, columns.nRows, columns.nFeatures, columns.isCategorical),
    (b) => ({ 'table codes': tableCodes, X: xOwn(columns.X), bins: ownBinBytes(b, columns.X) }),
  );

  const trainer = createTrainingWorker();
  let packed = 0;
  const packedLabel = `2-bit packed SNP columns (per training worker${pool ? `, × ${threads}` : ''})`;
  const info = await stage(
    `train ${trees} trees (${pool ? `pool of ${threads}` : 'one worker'})`,
    idle,
    async () => {
      packed = packedBytes(binned);
      if (pool) {
        const shards = await pool.grow(columns.params);
        return session.assembleModel(shards, columns.params, 0);
      }
      await trainer.setTrainingData(binned, columns.y, columns.nClasses, columns.id);
      const all = Array.from({ length: columns.params.nEstimators }, (_, i) => i);
      const shard = await trainer.growTrees(columns.params, all, null);
      return session.assembleModel([shard], columns.params, 0);
    },
    () => ({
      'table codes': tableCodes,
      X: xOwn(columns.X),
      bins: ownBinBytes(binned, columns.X),
      [packedLabel]: packed,
    }),
  );

  let again: TrainingData | null = null;
  await stage(
    'training data asked back (data worker bins again: genotypes read in place)',
    idle,
    async () => {
      again = await session.trainingData();
    },
    () => ({
      'table codes': tableCodes,
      X: xOwn(columns.X),
      'bins (pool)': ownBinBytes(binned, columns.X),
      'bins (data worker)':
        again && again.binned !== binned ? ownBinBytes(again.binned, columns.X) : 0,
      packed,
    }),
  );

  const evaluator = createEvaluationWorker();
  const report = await stage(
    `cross-validation (${folds} folds: OOB replay, permutation)`,
    idle,
    async () => {
      const input = await session.evaluationInput(true, folds);
      if (!input.cohort) throw new Error('The data session gave no cohort.');
      await evaluator.setCohort(input.dataId, input.cohort);
      const plan = await evaluator.begin(input, folds);
      const all = Array.from({ length: plan.params.nEstimators }, (_, i) => i);
      for (let f = 0; f < plan.k; f++) {
        const rows = plan.trainRows[f];
        await evaluator.scoreFold(
          f,
          pool
            ? await pool.grow(plan.params, { rows })
            : [await trainer.growTrees(plan.params, all, rows)],
        );
      }
      return evaluator.finish(1);
    },
    () => ({
      'table codes': tableCodes,
      X: xOwn(columns.X),
      bins: ownBinBytes(binned, columns.X),
      packed,
    }),
  );

  if (withImportance) {
    await stage(
      `variant importance (shadow forest, ${trees} trees)`,
      idle,
      async () => {
        const input = await session.variantImportanceInput();
        return evaluator.variantImportance({
          ...input,
          params: { ...input.params, nEstimators: trees },
        });
      },
      () => ({
        'table codes': tableCodes,
        X: xOwn(columns.X),
        bins: ownBinBytes(binned, columns.X),
        'bins with shadows (2/genotype, while it runs)': 2 * genotypes,
        packed,
      }),
    );
  }

  const result = {
    samples,
    snps,
    genotypes,
    trees,
    threads,
    idleMiB: mib(idle),
    oobScore: info.oobScore,
    cvAucFolds: report.aucFolds ?? null,
    stages,
  };
  pool?.dispose();
  if (writeKey) writeSection(writeKey, result, loadAverageBefore, os.loadavg());
  if (asJson) console.log(JSON.stringify(result));
  else {
    console.log(
      `${samples} × ${snps} (${genotypes.toLocaleString('en')} genotypes), ${trees} trees, ${threads > 0 ? `pool of ${threads}` : 'in this thread'}; idle process ${mib(idle)} MiB; ` +
        'peak and after: RSS above idle (bytes per genotype)',
    );
    for (const s of stages) {
      console.log(
        `${s.stage.padEnd(58)} ${String(s.seconds).padStart(6)} s  peak ${String(s.peakMiB).padStart(6)} MiB (${s.peakBytesPerGenotype.toFixed(2)})  after ${String(s.rssAfterMiB).padStart(6)} MiB (${s.rssBytesPerGenotype.toFixed(2)})`,
      );
      console.log(
        `    ${Object.entries(s.arrays)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
