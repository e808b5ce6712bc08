/**
 * The training-worker role: hold one binned dataset and grow shards of trees on it. It imports the forest engine
 * only (no CSV parser, no zod, no explainers), so every pool worker starts small. DOM- and Node-free, so the browser
 * entry (training.worker.ts), the Node entry (node.training.worker.ts) and tests expose the very same object.
 */
import { transfer } from 'comlink';
import { binFeatures, binFeaturesSnpPacked } from '../engine/forest/binning';
import { isShared, toShared } from '../app/sharedMemory';
import { asColumns, columnBytes, sliceColumns } from '../engine/forest/featureColumns';
import { growTrees as growShard } from '../engine/forest/grow';
import { screenWeights } from '../engine/forest/featureWeights';
import { growSurvivalTreesPacked, type SurvivalShardWire } from '../engine/forest/survivalGrow';
import { growClaimed } from '../engine/forest/survivalShardPack';
import { growCausalBags, packCausalTrees } from '../engine/causal/causalForest';
import {
  DEFAULT_PARAMS,
  type BinnedData,
  type ForestParams,
  type TreeShard,
} from '../engine/forest/types';
import {
  warmUpSurvivalTable,
  warmUpPerTreeCalls,
  warmUpTable,
  warmUpTuning,
  WARM_UP_SNP_COLUMNS,
} from '../engine/forest/warmUp';
import { DEFAULT_SURVIVAL_PARAMS } from '../engine/forest/survivalParams';
import { timeGrid } from '../engine/forest/timeGrid';
import {
  byteBinned,
  isSnpPacked,
  packColumnCodes,
  packedTable,
  adoptPackedCodes,
  type SnpPackedBins,
} from '../engine/forest/packedSnp';
import type { CausalTree } from '../engine/causal/causalForest';
import type { BinnedColumns, TrainingData, TrainingWorkerApi, WorkerMemory } from './api';
import { release, report } from './callbacks';
import { sparseProgress } from './effectGrowers';
import { newDataId } from '../app/dataId';
import { sweepPart } from '../engine/genetics/pcaSweep';
import {
  causalPackTransferables,
  shardTransferables,
  survivalShardTransferables,
} from './transferables';

/** Called after each tree with the trees this call has grown; may throw to stop growing (test hooks use it). */
export type AfterTree = (treesDone: number) => void;

/** One reading of the worker's own memory (heap and off-heap bytes; NaN when unknown). */
export interface MemoryReading {
  source: WorkerMemory['source'];
  heap: number;
  external: number;
}

/** Reads this worker's memory; the Node entry passes one over v8.getHeapStatistics(). */
export type MemoryProbe = () => MemoryReading;

/** performance.memory where the browser has it (Chromium; heap only), else nothing known. */
export function browserMemoryProbe(): MemoryReading {
  const perf = (globalThis as { performance?: { memory?: { usedJSHeapSize?: number } } })
    .performance;
  const used = perf?.memory?.usedJSHeapSize;
  return typeof used === 'number'
    ? { source: 'performance.memory', heap: used, external: NaN }
    : { source: 'none', heap: NaN, external: NaN };
}

/**
 * How each training worker returns to the state it was made in (no data held, no memory readings) once its start-up
 * warm-up has run on it (warmUpTrainingWorker); kept out of the worker's API, which the page can call.
 */
const afterWarmUp = new WeakMap<TrainingWorkerApi, () => void>();

/** Ids of the warm-up's tables: each starts with this, so that forgetting them never forgets a real table. */
const WARM_UP_ID = 'warm-up';

/** A new training worker with its own (empty) dataset. */
export function createTrainingWorker(
  afterTree?: AfterTree,
  probe: MemoryProbe = browserMemoryProbe,
): TrainingWorkerApi {
  let training: HeldTraining | null = null;
  const unread = (): WorkerMemory => ({
    source: 'none',
    heapBytes: NaN,
    peakHeapBytes: NaN,
    externalBytes: NaN,
    peakExternalBytes: NaN,
    heldBytes: 0,
    peakHeldBytes: 0,
    sharedBytes: 0,
  });
  const memory = unread();
  // Samples at the points where memory peaks between calls; `extra` is what the worker holds beyond its data.
  const sample = (extra = 0): void => {
    const r = probe();
    memory.source = r.source;
    memory.heapBytes = r.heap;
    memory.externalBytes = r.external;
    // Math.max with NaN stays NaN, so a first reading replaces the NaN start.
    memory.peakHeapBytes = Number.isNaN(memory.peakHeapBytes)
      ? r.heap
      : Math.max(memory.peakHeapBytes, r.heap);
    memory.peakExternalBytes = Number.isNaN(memory.peakExternalBytes)
      ? r.external
      : Math.max(memory.peakExternalBytes, r.external);
    const data = training ? trainingBytes(training) : { all: 0, shared: 0 };
    memory.heldBytes = data.all + extra;
    memory.sharedBytes = data.shared;
    memory.peakHeldBytes = Math.max(memory.peakHeldBytes, memory.heldBytes);
  };
  const api: TrainingWorkerApi = {
    async memoryUsage(): Promise<WorkerMemory> {
      sample();
      return { ...memory };
    },

    async setTrainingData(binned, y, nClasses, id, snpCodes): Promise<void> {
      if (y.length !== binned.nRows) {
        throw new Error(
          `The outcome has ${y.length} rows but the binned data has ${binned.nRows}.`,
        );
      }
      // Codes made while binning: growth then does not pack the table again in every worker.
      if (snpCodes && !isSnpPacked(binned)) adoptPackedCodes(binned, snpCodes);
      training = { id: id ?? newDataId(), binned, y, nClasses, ...(snpCodes ? { snpCodes } : {}) };
      sample();
    },

    async holdColumns(X, nRows, isCategorical, y, nClasses, id): Promise<void> {
      if (y.length !== nRows) {
        throw new Error(`The outcome has ${y.length} rows but the table has ${nRows}.`);
      }
      // binFeatures as the calling thread would bin the table: the same bins, made here.
      const binned = binFeatures(X, nRows, isCategorical.length, isCategorical, 255);
      training = { id, binned, y, nClasses };
      sample();
    },

    async screenWeights(rows): Promise<number[]> {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      return screenWeights(t.binned, t.y, t.nClasses, rows ?? undefined);
    },

    async pcaSweepParts(job, q, w, parts, withG) {
      // The genotypes are read in place from shared memory; only the products move back.
      const products = parts.map((c) => sweepPart(job.data, q, w, c, withG));
      sample(products.reduce((sum, r) => sum + r.p.byteLength + (r.g?.byteLength ?? 0), 0));
      return transfer(
        products,
        products.flatMap((r) => (r.g ? [r.p.buffer, r.g.buffer] : [r.p.buffer]) as ArrayBuffer[]),
      );
    },

    async binSnpPacked(X, isCategorical): Promise<BinnedData | SnpPackedBins> {
      // Shared buffers are sent by reference: the page receives the table without copying it.
      // Codes in shared memory are the bins of most genotype columns: read in place, not copied (issue 21).
      const b = binFeaturesSnpPacked(X, isCategorical, 255, {
        inPlace: isShared(X.packed),
        allocate: (n) => new Uint8Array(new SharedArrayBuffer(n)),
      });
      if (!isSnpPacked(b)) return { ...b, bins: toShared(b.bins) };
      sample(b.byteBins.byteLength + (b.snp.packed === X.packed ? 0 : b.snp.packed.byteLength));
      const { packOff, packMissing } = b.snp;
      const packed = toShared(b.snp.packed);
      return packedTable(b, toShared(b.byteBins), b.byteCol, { packed, packOff, packMissing });
    },

    async binColumns(X, nRows, isCategorical, out, codesOut): Promise<BinnedColumns> {
      const nFeatures = isCategorical.length;
      // Each column is binned on its own, so a slice of columns bins exactly as in a whole-table binFeatures. Binned
      // straight into `out` when given (no bins of its own, then copied).
      const b = binFeatures(
        X,
        nRows,
        nFeatures,
        isCategorical,
        255,
        out && out.length === nRows * nFeatures ? { allocateBins: () => out } : {},
      );
      const thresholds = b.thresholds;
      sample(
        (b.bins === out ? 0 : b.bins.byteLength) +
          (X instanceof Float32Array ? X.byteLength : columnBytes(X)),
      );
      if (out) {
        if (b.bins !== out) out.set(b.bins);
        if (codesOut) {
          // Packed here, from bins still in cache, once for every worker (each packed the whole table before).
          const packMissing = packColumnCodes(b.bins, nRows, b.nBins, isCategorical, codesOut);
          return transfer({ nBins: b.nBins, thresholds, bins: null, packMissing }, [
            ...columnTransferables(b.nBins, thresholds),
            packMissing.buffer as ArrayBuffer,
          ]);
        }
        return transfer(
          { nBins: b.nBins, thresholds, bins: null },
          columnTransferables(b.nBins, thresholds),
        );
      }
      return transfer({ nBins: b.nBins, thresholds, bins: b.bins }, [
        ...columnTransferables(b.nBins, thresholds),
        b.bins.buffer as ArrayBuffer,
      ]);
    },

    async growTrees(params, treeIndices, rows, onTreeDone, groups): Promise<TreeShard> {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      let last: Promise<unknown> | undefined;
      // The latest tree's index at most every 100 ms and always the chunk's last (the pool counts the trees between
      // two reports): a message per tree cost the page's main thread thousands of tasks per fit.
      const progress = sparseProgress((done) => {
        last = report(onTreeDone, treeIndices[done - 1]) ?? last;
      });
      try {
        const shard = growShard(t.binned, t.y, t.nClasses, params, treeIndices, {
          rows: rows ?? undefined,
          groups: groups ?? undefined,
          onTreeDone: (done) => {
            // The hook runs first: a test crash after n trees never reports the nth, so the crashed chunk is never
            // counted complete, however fast the other workers empty the queue.
            afterTree?.(done);
            sample();
            progress(done, treeIndices.length);
          },
        });
        // Progress goes over its own channel; wait for the last report so it arrives before the result.
        await last;
        const transferables = shardTransferables([shard]);
        sample(transferables.reduce((sum, b) => sum + b.byteLength, 0));
        return transfer(shard, transferables);
      } finally {
        release(onTreeDone);
      }
    },

    async growSurvivalTrees(params, treeIndices, rows, outcome, onTreeDone, claim) {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      let last: Promise<unknown> | undefined;
      const progress = sparseProgress((done) => {
        last = report(onTreeDone, treeIndices[done - 1]) ?? last;
      });
      // The memory is read every few milliseconds rather than after every tree: a reading (v8.getHeapStatistics in
      // Node) cost 5–9 µs, 13–23 ms for the 2,500 trees of a five-fold cross-validation, a fifth to a third of growing
      // them on a small cohort (lung's 134-patient folds; measured in one Node process, load ~7 on 2 cores).
      let sampled = performance.now();
      try {
        const grow = (indices: number[], report: boolean): SurvivalShardWire =>
          growSurvivalTreesPacked(
            byteBins(t),
            outcome.time,
            outcome.event,
            outcome.grid,
            params,
            indices,
            {
              rows: rows ?? undefined,
              onTreeDone: (done) => {
                afterTree?.(done);
                const now = performance.now();
                if (now - sampled >= SURVIVAL_SAMPLE_MS) {
                  sampled = now;
                  sample();
                }
                if (report) progress(done, indices.length);
              },
            },
          );
        const shard = claim
          ? growClaimed(claim, treeIndices, (part) => grow(part, false))
          : grow(treeIndices, true);
        await last;
        const transferables = survivalShardTransferables([shard]);
        sample(transferables.reduce((sum, b) => sum + b.byteLength, 0));
        return transfer(shard, transferables);
      } finally {
        release(onTreeDone);
      }
    },

    async growCausalBags(params, bagIndices, residuals, onBagDone) {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      let last: Promise<unknown> | undefined;
      const progress = sparseProgress((done) => {
        last = report(onBagDone, bagIndices[done - 1]) ?? last;
      });
      try {
        const trees: CausalTree[] = [];
        // A bag at a time, so progress is reported per bag as for trees.
        for (const b of bagIndices) {
          trees.push(...growCausalBags(byteBins(t), residuals.y, residuals.w, params, [b]));
          afterTree?.(trees.length / 2);
          sample();
          progress(trees.length / 2, bagIndices.length);
        }
        await last;
        const packed = packCausalTrees(trees);
        const transferables = causalPackTransferables([packed]);
        sample(transferables.reduce((sum, b) => sum + b.byteLength, 0));
        return transfer({ treeIndices: bagIndices, trees: packed }, transferables);
      } finally {
        release(onBagDone);
      }
    },
  };
  afterWarmUp.set(api, () => {
    // A real table held meanwhile stays held, with the readings its calls made.
    if (training && !training.id.startsWith(WARM_UP_ID)) return;
    training = null;
    Object.assign(memory, unread());
  });
  return api;
}

/** Training data as a worker holds it: its SNP columns may be held only 2-bit packed (classification's packed path). */
type HeldTraining = Omit<TrainingData, 'binned'> & { binned: BinnedData | SnpPackedBins };

/**
 * The byte bins of the held data for the growers that read byte bins only (survival, treatment effects): a table held
 * SNP-packed is expanded once and kept in its place, the same bins.
 */
function byteBins(t: HeldTraining): BinnedData {
  const b = byteBinned(t.binned);
  t.binned = b;
  return b;
}

/** trainingBytes of held tables (with the labels counted), by table: it is read after every tree. */
const heldBytes = new WeakMap<object, { y: Uint8Array; all: number; shared: number }>();

/**
 * Bytes of the typed arrays of a dataset, and how many of them are in shared memory. Counted once per table and labels:
 * the memory sample after every tree walked every column's thresholds (2,000 arrays on 5000 × 2000 SNPs, a few % of a
 * worker's growth).
 */
function trainingBytes(t: HeldTraining): { all: number; shared: number } {
  const b = t.binned;
  const hit = heldBytes.get(b);
  if (hit && hit.y === t.y) return hit;
  const counted = countBytes(t);
  heldBytes.set(b, { y: t.y, ...counted });
  return counted;
}

function countBytes(t: HeldTraining): { all: number; shared: number } {
  const b = t.binned;
  const binArrays = isSnpPacked(b) ? [b.byteBins, b.snp.packed] : [b.bins];
  const codes = t.snpCodes ? [t.snpCodes.packed] : [];
  const arrays: ArrayBufferView[] = [...binArrays, ...codes, t.y, b.nBins, ...b.thresholds];
  let all = 0;
  let shared = 0;
  for (const a of arrays) {
    all += a.byteLength;
    if (typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer)
      shared += a.byteLength;
  }
  return { all, shared };
}

function columnTransferables(nBins: Uint16Array, thresholds: Float64Array[]): ArrayBuffer[] {
  return [nBins.buffer as ArrayBuffer, ...thresholds.map((t) => t.buffer as ArrayBuffer)];
}

/**
 * A warm-up table binned and held as the pool's data reaches a worker (pool.ts prepareNow): bins in shared memory when
 * `share`, the whole object cloned as the message of setTrainingData clones it.
 */
function warmUpBinned(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  share: boolean,
): BinnedData {
  const b = binFeatures(X, nRows, nFeatures, isCategorical);
  return structuredClone({ ...b, bins: share ? toShared(b.bins) : b.bins });
}

/**
 * Compiles the training worker's hot loops before it takes its first call (engine/forest/warmUp.ts): a throwaway
 * training worker grows a few trees on a small synthetic table through the calls the pool makes, with the data cloned
 * as a message clones it (bins and labels in shared memory when `share`, as the pool sends them), so the code V8 compiles
 * fits the real calls' objects. The tuned fit's calls (warmUp.ts warmUpTuning) come last, after binning of continuous
 * columns: code that the SNP-only and survival fits threw away is compiled again before the first fit, not during it.
 * Costs the worker's start about 0.64 s of CPU (0.55 s before the tuning calls grew the search's trees a group,
 * warmUp.ts warmUpTuning; before that 0.43–0.59 s, and 0.42–0.51 s before the small table's tuning calls,
 * TUNING_WARM_SMALL_ROWS; 0.29–0.33 s before the tuned fit's whole calls, binning and order were added;
 * bench/contender.ts genoforest-tuned-warm and bench/tuneProfile.ts --warm, 2026-12-07, load 2–10 on 2 cores), which
 * the first fit then does not pay: a first tuned fit's CPU on the bench's 300 × 50 and 1,000 × 200 went from
 * 0.19–0.22 and 0.30–0.33 s to 0.09–0.11 and 0.14–0.16 s (with the page's warm-up of the search, app/warmUpSearch.ts).
 * Warms up `worker`, the very worker that then takes the pool's calls when given (a throwaway one otherwise), and
 * leaves it as made once the warm-up's calls have settled (the promise): code V8 compiled against another worker's
 * closures was thrown away at the first real fit (node --trace-deopt: the engine's growTrees, "wrong call target" at
 * the per-tree callback's memory reading); warming up the exposed worker took a first tuned fit on a warm worker from
 * 0.0420 to 0.0403 s on 300 × 50 and 0.0732 to 0.0699 s on 1,000 × 200 (CPU 0.080 → 0.077 s; medians of 10 fresh
 * processes a side, interleaved, bench/contender.ts genoforest-tuned-warm, load 1.7–2.6, 2026-12-07).
 * Never throws: a worker that could not warm up still works.
 */
export function warmUpTrainingWorker(
  share: boolean,
  worker: TrainingWorkerApi = createTrainingWorker(undefined, () => ({
    source: 'none',
    heap: NaN,
    external: NaN,
  })),
): Promise<void> {
  // Every call's promise, so that the worker forgets the warm-up's tables once they have all settled (each call's work
  // runs before its first await, and none waits on a timer or a message: they settle before any message is taken).
  const pending: Promise<unknown>[] = [];
  const api = new Proxy(worker, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) pending.push(result);
        return result;
      };
    },
  });
  try {
    // A worker's answers move their arrays (transfer), which detaches buffers; the first detach ever made invalidates
    // V8's "no buffer was detached" assumption and with it every compiled typed-array loop. Detach one first, so the
    // code compiled below already holds the checks and is kept.
    const detach = new ArrayBuffer(8);
    structuredClone(detach, { transfer: [detach] });
    const t = warmUpTable();
    const binned = warmUpBinned(t.X, t.nRows, t.nFeatures, new Uint8Array(t.nFeatures), share);
    const { nRows } = binned;
    const y = share ? toShared(t.y) : t.y;
    // Each call's work runs before its first await: the trees are grown when it returns.
    void api.setTrainingData(binned, structuredClone(y), 2, WARM_UP_ID);
    // Several calls, as a worker takes several chunks of a fit: code that called one call's objects only (e.g. its
    // closure) is recompiled for any here, not in the first real fit.
    const params = { ...DEFAULT_PARAMS, nEstimators: 4, oobScore: false };
    const noop = (): void => undefined;
    for (const trees of [
      [0, 1],
      [2, 3],
      [4, 5],
    ]) {
      void api.growTrees(structuredClone(params), trees, null, noop);
    }
    const withOob = { ...DEFAULT_PARAMS, nEstimators: 1, oobScore: true };
    void api.growTrees(structuredClone(withOob), [6], null, noop);
    // The genotype columns alone, an SNP-only table (the kernel's whole-node search, packedKernel.ts drawScan), as the
    // pool's fit on one reaches the worker: binned by column ranges, held with the codes made beside the bins, grown
    // in chunks. Twice, on two tables: each table gets its own kernel instance, and the search compiled against one
    // instance's functions was thrown away on the first fit's table (node --trace-deopt: findSplitInKernel, "wrong
    // call target") and compiled again during that fit.
    const snpX = t.X.subarray(0, WARM_UP_SNP_COLUMNS * nRows);
    for (const id of [`${WARM_UP_ID}-snp`, `${WARM_UP_ID}-snp-2`]) {
      warmUpSnpPoolFit(api, snpX, nRows, y, share, id, params).catch(() => undefined);
    }
    warmUpSurvival(api, share);
    // What a tuned fit (the app's default) asks beyond: the screen and the search's calls (warmUp.ts), last, on the
    // whole table held again: the SNP-only and survival fits above threw away code of the grower's loops that they do
    // not take themselves (node --trace-deopt: findSplit, scanPacked, sumPackedPair, partition "code dependencies"), so
    // a tuned fit's first calls compiled them again.
    warmUpBinning(api, t.X, nRows, t.nFeatures);
    // Twice: on the whole table, then on its first TUNING_WARM_SMALL_ROWS rows (see there). The screen's weights are
    // the engine's on the held table (the worker's call answers them only in a promise).
    const small = TUNING_WARM_SMALL_ROWS;
    const smallX = new Float32Array(small * t.nFeatures);
    for (let f = 0; f < t.nFeatures; f++) {
      smallX.set(t.X.subarray(f * nRows, f * nRows + small), f * small);
    }
    for (const [tb, ty, rows] of [
      [binned, y, nRows],
      [
        warmUpBinned(smallX, small, t.nFeatures, new Uint8Array(t.nFeatures), share),
        share ? toShared(t.y.slice(0, small)) : t.y.slice(0, small),
        small,
      ],
    ] as const) {
      warmUpTuning(
        {
          hold: (table) =>
            void api.setTrainingData(
              structuredClone(tb),
              structuredClone(ty),
              2,
              `${WARM_UP_ID}-tuning-${rows}-${table}`,
            ),
          screen: () => {
            void api.screenWeights(null);
            return screenWeights(tb, ty, 2);
          },
          grow: (p, trees) => void api.growTrees(structuredClone(p), trees, null, noop),
        },
        rows,
        t.nFeatures,
      );
    }
  } catch {
    // Only the first fit's speed depends on it.
  }
  return Promise.allSettled(pending).then(() => afterWarmUp.get(worker)?.());
}

/**
 * Rows of the tuning warm-up's second table (the warm-up table's first rows): a small cohort's, as the bench's 300 × 50
 * (225 training rows). With the whole table's calls alone, a first tuned fit on 300 × 50 took 0.079–0.096 s of CPU
 * where the next one took 0.045–0.06; with this table's calls after them, 0.065–0.069 (bench/tuneProfile.ts --warm,
 * fresh processes interleaved, 5 a side, 2026-12-07, load 5–8 on 2 cores; with 12 trees a group on it, about the same,
 * so one, as on the whole table), on 1,000 × 200 0.110–0.146 → 0.088–0.097 s (3 a side); on 2,000 × 1,000 and
 * 5,000 × 2,000 snp no slower (2 a side). Why is not pinned down: node --trace-opt shows the grower's packed-column calls
 * (scanPacked, sumPackedPairCounted, Grower#grow) optimised during the first fit either way. It costs the warm-up about
 * 0.06 s of CPU (0.40–0.49 → 0.43–0.59 s in the same runs).
 */
const TUNING_WARM_SMALL_ROWS = 240;

/** Rows of the binning warm-up's tables (warmUpBinning): a column's values sorted by radix sort, and by TypedArray#sort. */
const BINNING_WARM_ROWS = [2045, 300];

/**
 * Bins the whole warm-up table's columns (genotypes and continuous values) as the pool's binning of a table reaches a
 * worker (pool.ts prepareNow: binColumns on column ranges), at two row counts: the SNP-only fits bin genotypes alone,
 * and a first fit on a table with continuous columns compiled their thresholds' sorts and search bins itself (node
 * --trace-opt on bench/tuneProfile.ts --warm, 1,000 × 200: numericThresholds, radixSortFloat32, fillSearchBins, and
 * binning took 0.03 s of the first fit's 0.2, 0.005 s once compiled).
 */
function warmUpBinning(api: TrainingWorkerApi, X: Float32Array, nRows: number, nF: number): void {
  const cats = new Uint8Array(nF);
  const half = nF >> 1;
  for (const rows of BINNING_WARM_ROWS) {
    const n = Math.min(rows, nRows);
    const Xr = new Float32Array(n * nF);
    for (let f = 0; f < nF; f++) Xr.set(X.subarray(f * nRows, f * nRows + n), f * n);
    // Continuous values of both signs (the warm-up table's are 0–10): the radix sort maps negative and positive
    // values' bits apart, and a first table with negative values deoptimised it (node --trace-deopt on
    // bench/tuneProfile.ts --warm, 1,000 × 200: radixSortFloat32 "Insufficient type feedback for unary operation").
    for (let f = WARM_UP_SNP_COLUMNS; f < nF; f++) {
      for (let i = f * n; i < (f + 1) * n; i++) Xr[i] -= 5;
    }
    const cols = asColumns(Xr, n);
    for (const [f0, f1] of [
      [0, half],
      [half, nF],
    ]) {
      api
        .binColumns(structuredClone(sliceColumns(cols, f0, f1)), n, cats.slice(f0, f1), null)
        .catch(() => undefined);
    }
  }
}

/** Milliseconds between readings of a survival-growing worker's memory (its peak then read at least that often). */
const SURVIVAL_SAMPLE_MS = 5;

/** Trees of each call of the SNP-only warm-up (warmUpSnpPoolFit): a pool fit's chunks have tens of trees. */
const SNP_WARM_CHUNKS = [3, 3, 2];

/**
 * One SNP-only fit through the calls a pool makes for it (pool.ts prepareNow and growChunks): two column ranges binned
 * by binColumns into shared bins and 2-bit codes (plain bins when memory is not shared), the table held with those
 * codes, then a few chunks of trees. The calls run to completion as they are made (none waits on anything); the
 * promise gives the chunks' shards (for tests).
 */
export function warmUpSnpPoolFit(
  api: TrainingWorkerApi,
  X: Float32Array,
  nRows: number,
  y: Uint8Array,
  share: boolean,
  id: string,
  params: ForestParams,
): Promise<TreeShard[]> {
  const nF = X.length / nRows;
  const cats = new Uint8Array(nF);
  const stride = (nRows + 3) >>> 2;
  const bins = share ? new Uint8Array(new SharedArrayBuffer(nRows * nF)) : null;
  const codes = share ? new Uint8Array(new SharedArrayBuffer(stride * nF)) : null;
  const cols = asColumns(share ? toShared(X) : X.slice(), nRows);
  const half = nF >> 1;
  const calls: Promise<unknown>[] = [];
  for (const [f0, f1] of [
    [0, half],
    [half, nF],
  ]) {
    calls.push(
      api.binColumns(
        structuredClone(sliceColumns(cols, f0, f1)),
        nRows,
        cats.slice(f0, f1),
        bins?.subarray(f0 * nRows, f1 * nRows) ?? null,
        codes?.subarray(f0 * stride, f1 * stride),
      ),
    );
  }
  // The table the pool assembles from those ranges (the same bins as binFeatures gives the whole table).
  const b = binFeatures(X, nRows, nF, cats);
  const binned = structuredClone({ ...b, bins: bins ?? b.bins });
  const snpCodes = codes
    ? {
        packed: codes,
        packOff: Int32Array.from({ length: nF }, (_, f) => f * stride),
        packMissing: packColumnCodes(b.bins, nRows, b.nBins, cats, new Uint8Array(stride * nF)),
      }
    : undefined;
  calls.push(api.setTrainingData(binned, structuredClone(y), 2, id, structuredClone(snpCodes)));
  const noop = (): void => undefined;
  const shards: Promise<TreeShard>[] = [];
  let next = 0;
  for (const n of SNP_WARM_CHUNKS) {
    const trees = Array.from({ length: n }, (_, i) => next + i);
    next += n;
    shards.push(api.growTrees(structuredClone(params), trees, null, noop));
  }
  return Promise.all(calls).then(() => Promise.all(shards));
}

/** Trees the survival warm-up grows per call, and its calls (with out-of-bag sums in the last one). */
const SURVIVAL_WARM_TREES = 32;
const SURVIVAL_WARM_CALLS = 4;

/**
 * The survival half of warmUpTrainingWorker: grows a hundred survival trees on a small synthetic cohort
 * (warmUpSurvivalTable) through growSurvivalTrees as the pool calls it, and clones each shard as its answer's message
 * does, so that the first fit does not compile the WebAssembly kernel, make its instance or run the JavaScript around
 * it cold. Measured on lung's five folds (pool of 2, workers started beforehand, load 1.5–2.3): the first five fits
 * took 239–261 ms of CPU without it, 174–177 ms with it. Even one tree gave most of that (load 5–7: 197–216 ms against
 * 171–207 ms for 8 calls × 48 trees): the cost is in first uses, not in the kernel's tier-up. Replaces the held data;
 * the pool sends its own with the first fit.
 */
function warmUpSurvival(api: TrainingWorkerApi, share: boolean): void {
  // The engine's per-tree helpers, and each tree's progress report (sparseProgress's closure: its compiled code is
  // shared by every call's), which a few hundred warm-up trees leave below V8's optimising compiler (warmUpPerTreeCalls).
  const report = sparseProgress(() => undefined);
  warmUpPerTreeCalls((i) => report(i, i + 1));
  const t = warmUpSurvivalTable();
  const binned = warmUpBinned(t.X, t.nRows, t.nFeatures, t.isCategorical, share);
  void api.setTrainingData(binned, structuredClone(t.event), 2, `${WARM_UP_ID}-survival`);
  const base = {
    ...DEFAULT_SURVIVAL_PARAMS,
    nEstimators: SURVIVAL_WARM_TREES * SURVIVAL_WARM_CALLS,
  };
  const outcome = { time: t.time, event: t.event, grid: timeGrid(t.time, t.event) };
  const noop = (): void => undefined;
  for (let c = 0; c < SURVIVAL_WARM_CALLS; c++) {
    const params = { ...base, oobScore: c === SURVIVAL_WARM_CALLS - 1 };
    const trees = Array.from(
      { length: SURVIVAL_WARM_TREES },
      (_, i) => c * SURVIVAL_WARM_TREES + i,
    );
    void api
      .growSurvivalTrees(structuredClone(params), trees, null, structuredClone(outcome), noop)
      .then((shard) => structuredClone(shard, { transfer: survivalShardTransferables([shard]) }))
      .catch(() => undefined);
  }
}
