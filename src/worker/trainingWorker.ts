/**
 * The training-worker role: hold one binned dataset and grow shards of trees on it. It imports the forest engine
 * only (no CSV parser, no zod, no explainers), so every pool worker starts small. DOM- and Node-free, so the browser
 * entry (training.worker.ts), the Node entry (node.training.worker.ts) and tests expose the very same object.
 */
import { transfer } from 'comlink';
import { binFeatures } from '../engine/forest/binning';
import { growTrees as growShard } from '../engine/forest/grow';
import type { TreeShard } from '../engine/forest/types';
import type { BinnedColumns, TrainingData, TrainingWorkerApi } from './api';
import { release, report } from './callbacks';
import { newDataId } from './trainingData';
import { shardTransferables } from './transferables';

/** Called after each tree with the trees this call has grown; may throw to stop growing (test hooks use it). */
export type AfterTree = (treesDone: number) => void;

/** A new training worker with its own (empty) dataset. */
export function createTrainingWorker(afterTree?: AfterTree): TrainingWorkerApi {
  let training: TrainingData | null = null;
  return {
    async setTrainingData(binned, y, nClasses, id): Promise<void> {
      if (y.length !== binned.nRows) {
        throw new Error(
          `The outcome has ${y.length} rows but the binned data has ${binned.nRows}.`,
        );
      }
      training = { id: id ?? newDataId(), binned, y, nClasses };
    },

    async binColumns(X, nRows, isCategorical, out): Promise<BinnedColumns> {
      const nFeatures = isCategorical.length;
      // Each column is binned on its own, so a slice of columns bins exactly as in a whole-table binFeatures.
      const b = binFeatures(X, nRows, nFeatures, isCategorical);
      const thresholds = b.thresholds;
      if (out) {
        out.set(b.bins);
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

    async growTrees(params, treeIndices, rows, onTreeDone): Promise<TreeShard> {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      let last: Promise<unknown> | undefined;
      try {
        const shard = growShard(t.binned, t.y, t.nClasses, params, treeIndices, {
          rows: rows ?? undefined,
          onTreeDone: (done) => {
            // The hook runs first: a test crash after n trees never reports the nth, so the crashed chunk is never
            // counted complete, however fast the other workers empty the queue.
            afterTree?.(done);
            last = report(onTreeDone, treeIndices[done - 1]) ?? last;
          },
        });
        // Progress goes over its own channel; wait for the last report so it arrives before the result.
        await last;
        return transfer(shard, shardTransferables([shard]));
      } finally {
        release(onTreeDone);
      }
    },
  };
}

function columnTransferables(nBins: Uint16Array, thresholds: Float64Array[]): ArrayBuffer[] {
  return [nBins.buffer as ArrayBuffer, ...thresholds.map((t) => t.buffer as ArrayBuffer)];
}
