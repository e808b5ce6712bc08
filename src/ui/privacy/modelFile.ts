/** Save model / Open model, on the UI side: the file name, the download, and reading a chosen file. */

/** Files larger than this are not model files anyone saved here; refuse before reading them into memory. */
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;

/** "sample-cohort.csv" → "sample-cohort.genoforest.json"; a model opened from a file keeps its name. */
export function modelFileName(sourceFileName: string | null): string {
  const base = (sourceFileName ?? '')
    .replace(/\.genoforest\.json$/i, '')
    .replace(/\.[^.]*$/, '')
    // Characters that are not allowed or awkward in file names on some systems.
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return `${base || 'model'}.genoforest.json`;
}
