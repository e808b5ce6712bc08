/**
 * Header fields of the printed patient report: dates in ISO 8601 (a US "12/6/2026" reads as 12 June in most of
 * the world) and where the model came from, in words that are true whether it was trained here or opened.
 */
import type { ModelInfo } from '../../worker/api';
import type { ModelSource } from '../train/trainSlice';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local calendar date as YYYY-MM-DD (local, not UTC: a report printed at 00:30 carries that day's date). */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A stored ISO timestamp as local "YYYY-MM-DD HH:MM"; "an unknown date" when it does not parse. */
export function isoDateTime(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return 'an unknown date';
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Hex digits of the model hash on the printed report: 48 bits, ample to tell models apart, short enough to read. */
const SHORT_HASH = 12;

/**
 * The model's identity on the printed report: the first 12 hex digits of its SHA-256 (app/modelHash, computed in
 * the data worker), the same digits that begin the hash on the model card and in `genoforest train/explain --json`.
 */
export function modelHashText(model: Pick<ModelInfo, 'modelHash'> | null): string {
  const hash = model?.modelHash;
  return hash && /^[0-9a-f]{64}$/.test(hash)
    ? `SHA-256 ${hash.slice(0, SHORT_HASH)}`
    : 'not recorded';
}

/**
 * Where the model in use came from, for the report's "Model" field. The app's model source is the cohort file
 * for a model trained here and the model file for one opened, so the words say which.
 */
export function modelOrigin(model: ModelInfo, source: ModelSource | null): string {
  const p = model.provenance;
  if (p?.origin === 'imported') {
    const format = p.format === 'onnx' ? 'ONNX' : (p.format ?? 'unknown format');
    return `imported from “${p.fileName ?? source?.fileName ?? 'an unnamed file'}” (${format})`;
  }
  if (model.trainingCohort?.status === 'trained-here') {
    return source
      ? `trained in this session on “${source.fileName}” (not opened from a model file)`
      : 'trained in this session (not opened from a model file)';
  }
  return source ? `from “${source.fileName}”` : 'source not recorded';
}
