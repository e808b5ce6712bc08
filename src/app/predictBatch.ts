/**
 * Batch prediction, as the data worker answers `predictBatch`: every row of a table of new patients (outcome
 * optional) through the current model, and the CSV to save.
 */
import { inferSchema } from '../engine/data/schema';
import { cellText, cellValue } from '../engine/data/cells';
import { toCsv, type CsvCell } from '../engine/data/csvExport';
import { setField } from '../engine/data/fields';
import type { RawTable, TableSchema } from '../engine/data/types';
import type { BatchResult, BatchRow, PatientInput } from './types';
import { predictPatient, type PatientModel } from './predictPatient';

/** Predicts every row of `batch`; `trainingSchema` (of the loaded table) helps find the column naming each row. */
export function predictTable(
  m: PatientModel,
  batch: RawTable,
  trainingSchema: TableSchema | null,
): BatchResult {
  const { encoding } = m.info;
  const classes = encoding.classes;
  const issues = batch.issues.map((i) => i.message);
  const featureNames = encoding.features.map((f) => f.name);
  // Each feature's column in this file, looked up once (a wide file has thousands of both).
  const columnIndex = new Map<string, number>();
  batch.headers.forEach((h, c) => {
    if (!columnIndex.has(h)) columnIndex.set(h, c);
  });
  const featureColumns = featureNames.map((name) => columnIndex.get(name) ?? -1);
  // A number column's cell is handed over as the number (no text made and read again) where a number is what the
  // feature reads; a categorical feature reads the text exactly as written ("1.50" is not "1.5").
  const asNumber = encoding.features.map((f) => f.kind === 'numeric');
  const absent = featureNames.filter((_, f) => featureColumns[f] < 0);
  if (absent.length === featureNames.length) {
    throw new Error(
      `None of the model's columns are in this file (the model uses ${listSome(featureNames)}).`,
    );
  }
  if (absent.length > 0) {
    issues.push(
      `${absent.length === 1 ? 'The column' : `${absent.length} columns`} ${listSome(absent)} ${absent.length === 1 ? 'is' : 'are'} not in the file: treated as unknown for every patient.`,
    );
  }
  const labelColumn = findLabelColumn(
    batch,
    new Set(featureNames),
    encoding.target,
    trainingSchema,
  );
  const targetIndex = columnIndex.get(encoding.target) ?? -1;
  const rows: BatchRow[] = [];
  const csvRows: CsvCell[][] = [];
  for (let r = 0; r < batch.rowCount; r++) {
    const patient: PatientInput = {};
    for (let f = 0; f < featureNames.length; f++) {
      const c = featureColumns[f];
      const value = c < 0 ? null : asNumber[f] ? cellValue(batch, c, r) : cellText(batch, c, r);
      setField(patient, featureNames[f], value);
    }
    const prediction = predictPatient(m, patient);
    const label =
      labelColumn >= 0 ? cellText(batch, labelColumn, r) || `Row ${r + 1}` : `Row ${r + 1}`;
    const actualCell = targetIndex >= 0 ? cellText(batch, targetIndex, r) : '';
    const actual = actualCell.trim() === '' ? null : actualCell;
    rows.push({ index: r, label, prediction, actual });
    csvRows.push([
      label,
      ...(targetIndex >= 0 ? [actual ?? ''] : []),
      prediction.predictedClass,
      ...prediction.probabilities.map((p) => round(p)),
      ...prediction.intervals.flatMap((i) => [round(i.low), round(i.high)]),
      round(prediction.familiarity),
      prediction.warnings.map((w) => w.message).join(' '),
    ]);
  }
  const headers = [
    labelColumn >= 0 ? batch.headers[labelColumn] : 'row',
    ...(targetIndex >= 0 ? [`actual ${encoding.target}`] : []),
    'predicted',
    ...classes.map((c) => `P(${c})`),
    ...classes.flatMap((c) => [`P(${c}) low`, `P(${c}) high`]),
    'familiarity',
    'warnings',
  ];
  return { rows, csv: toCsv(headers, csvRows), issues };
}

/** Column naming each patient of a batch: an identifier column of the training table, else of this file. */
function findLabelColumn(
  batch: RawTable,
  features: Set<string>,
  target: string,
  trainingSchema: TableSchema | null,
): number {
  const usable = (name: string): boolean => !features.has(name) && name !== target;
  for (const c of trainingSchema?.columns ?? []) {
    if (c.inferred === 'identifier' && usable(c.name)) {
      const i = batch.headers.indexOf(c.name);
      if (i >= 0) return i;
    }
  }
  const inferred = inferSchema(batch);
  const id = inferred.columns.find((c) => c.inferred === 'identifier' && usable(c.name));
  return id ? id.index : -1;
}

/** Six decimals are plenty for a probability in a CSV. */
function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : NaN;
}

/** Up to five quoted names, then how many more. */
function listSome(names: string[]): string {
  const quoted = names.slice(0, 5).map((n) => `"${n}"`);
  return names.length > 5 ? `${quoted.join(', ')} and ${names.length - 5} more` : quoted.join(', ');
}
