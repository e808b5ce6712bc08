/**
 * The data worker: the application's data session (src/app/dataSession.ts) as a Comlink host. Transport only: large
 * results are transferred instead of copied, and a caller's proxied progress callbacks are let go once used.
 */
import { transfer } from 'comlink';
import { createDataSession } from '../app/dataSession';
import type { DataWorkerApi } from './api';
import { release } from './callbacks';
import { cohortTransferables } from './transferables';

/**
 * What a genotype load may take here: three quarters of the device's memory as the browser reports it
 * (navigator.deviceMemory, in GiB, rounded and capped at 8 by Chromium); none where it is not reported (Node, Firefox).
 */
export function deviceMemoryBudget(): number | undefined {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return typeof gib === 'number' && gib > 0 ? gib * 0.75 * 2 ** 30 : undefined;
}

/** A data session ready to be exposed over Comlink. */
export function createDataWorker(): DataWorkerApi {
  const session = createDataSession({ release, memoryBudgetBytes: deviceMemoryBudget() });
  return {
    ...session,
    async prepareColumns(setup, params) {
      const result = await session.prepareColumns(setup, params);
      // Shared columns are read in place by the pool's workers; a copy is moved to the caller.
      return transfer(result, cohortTransferables(result));
    },
    async exportOnnx() {
      const bytes = await session.exportOnnx();
      return transfer(bytes, [bytes.buffer]);
    },
  };
}
