/**
 * The file behind the table the engine holds. The engine keeps only the parsed table (in a worker); to
 * remember the dataset on this device we need the original bytes, so the EngineClient is wrapped to note the
 * Blob of every load that succeeded (a cancelled or failed load leaves the previous one).
 */
import type { EngineClient } from '../../worker/api';

export interface LoadedFile {
  blob: Blob;
  fileName: string;
}

export interface FileTrackingEngine {
  engine: EngineClient;
  /** The file of the table the engine holds now, or null. */
  lastLoaded(): LoadedFile | null;
}

export function trackLoadedFile(inner: EngineClient): FileTrackingEngine {
  let last: LoadedFile | null = null;
  const engine: EngineClient = {
    ...inner,
    async loadCsv(file, fileName, options) {
      const summary = await inner.loadCsv(file, fileName, options);
      if (!options?.signal?.aborted) last = { blob: file, fileName };
      return summary;
    },
  };
  return { engine, lastLoaded: () => last };
}
