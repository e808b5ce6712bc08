/**
 * Batch prediction in time-to-event mode: every row of a table of new patients through the current survival model,
 * its survival at each chosen horizon as a column, and the CSV to save. Only the model's feature columns are read
 * (new patients have no follow-up yet). DOM- and worker-free.
 */
import { cellText } from '../engine/data/cells';
import { toCsv, type CsvCell } from '../engine/data/csvExport';
import { encodeFeatureMatrix } from '../engine/data/encode';
import { inferSchema } from '../engine/data/schema';
import type { TimeUnit } from '../engine/data/timeToEvent';
import type { RawTable } from '../engine/data/types';
import { curvesAt, predictCumHazard, survivalFromCumHazard } from '../engine/forest/survivalForest';
import { horizonRefusal, type HeldSurvival } from './survivalCohort';

/** Rows shown on the page (the CSV has all). */
export const PREVIEW_ROWS = 20;

/** A file of patients' survival at the chosen horizons. */
export interface SurvivalBatchResult {
  horizons: number[];
  unit: TimeUnit;
  rows: number;
  /** The first PREVIEW_ROWS rows: a name for the row, survival at each horizon, unknown fields. */
  preview: { row: number; label: string; survival: number[]; unknown: number }[];
  csv: string;
  /** The file's problems, columns of the model not in it. */
  issues: string[];
}

/** The CSV header of a horizon's column, e.g. "event_free_at_365_days". */
export function horizonColumn(horizon: number, unit: TimeUnit): string {
  return `event_free_at_${String(horizon).replace('.', '_')}_${unit}`;
}

/** Survival at each of `horizons` for every row of `batch`; refuses a horizon beyond the longest follow-up. */
export function predictSurvivalBatch(
  held: HeldSurvival,
  batch: RawTable,
  horizons: number[],
): SurvivalBatchResult {
  const { report, forest, encoding } = held;
  const unit = report.choice.unit;
  if (horizons.length === 0) throw new Error(`Give at least one horizon (in ${unit}).`);
  for (const h of horizons) {
    const refusal = horizonRefusal(h, report.maxFollowUp, unit);
    if (refusal) throw new Error(refusal);
  }
  const names = encoding.features.map((f) => f.name);
  if (!names.some((n) => batch.headers.includes(n))) {
    throw new Error(
      `None of the model's columns are in this file (the model uses ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).`,
    );
  }
  const issues = batch.issues.map((i) => i.message);
  const { X, nRows, nFeatures, missingColumns } = encodeFeatureMatrix(batch, encoding);
  if (missingColumns.length > 0) {
    issues.push(
      `The column(s) ${missingColumns.join(', ')} are not in the file: treated as unknown for every patient.`,
    );
  }
  const S = survivalFromCumHazard(predictCumHazard(forest, X, nRows));
  const at = curvesAt(S, forest.timeGrid, Float64Array.from(horizons), 1);
  // A column naming each patient, when the file has one that is not a feature nor the follow-up.
  const skip = new Set([...names, report.choice.time, report.choice.event]);
  const idColumn = inferSchema(batch).columns.findIndex(
    (c) => c.kind === 'identifier' && !skip.has(c.name),
  );
  const K = horizons.length;
  const rows: CsvCell[][] = [];
  const preview: SurvivalBatchResult['preview'] = [];
  for (let r = 0; r < nRows; r++) {
    let unknown = 0;
    for (let f = 0; f < nFeatures; f++) if (Number.isNaN(X[f * nRows + r])) unknown++;
    const label = idColumn >= 0 ? cellText(batch, idColumn, r) : '';
    const survival = Array.from(at.subarray(r * K, r * K + K));
    rows.push([
      r + 1,
      ...(idColumn >= 0 ? [label] : []),
      ...survival.map((p) => Math.round(p * 10000) / 10000),
      unknown,
    ]);
    if (r < PREVIEW_ROWS)
      preview.push({ row: r + 1, label: label || `Row ${r + 1}`, survival, unknown });
  }
  const headers = [
    'row',
    ...(idColumn >= 0 ? [batch.headers[idColumn]] : []),
    ...horizons.map((h) => horizonColumn(h, unit)),
    'unknown_fields',
  ];
  return { horizons, unit, rows: nRows, preview, csv: toCsv(headers, rows), issues };
}
