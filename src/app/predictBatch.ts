/**
 * Batch prediction, as the data worker answers `predictBatch`: every row of a table of new patients (outcome
 * optional) through the current model, and the CSV to save.
 */
import { inferSchema } from '../engine/data/schema';
import { cellText, cellValue } from '../engine/data/cells';
import { toCsv, type CsvCell } from '../engine/data/csvExport';
import { setField } from '../engine/data/fields';
import type { RawTable, TableSchema } from '../engine/data/types';
import { encodeTable } from '../engine/data/encode';
import { rowHashes, trainingRowsOf, type CohortFingerprint } from '../engine/data/cohortIdentity';
import { defaultPositiveClass } from '../engine/data/positiveClass';
import { externalValidation } from '../engine/evaluate/externalValidation';
import type { BatchResult, BatchRow, BatchValidation, PatientInput } from './types';
import { predictPatient, type PatientModel } from './predictPatient';

/** What the external validation of a batch with outcomes needs beyond the model. */
export interface BatchOptions {
  /** The model's training-cohort fingerprint (null: unknown, training patients cannot be recognised). */
  identity?: CohortFingerprint | null;
  /** Two classes: index of the positive class (default: the event-like one, as the Evaluate step's default). */
  positive?: number;
}

/**
 * Predicts every row of `batch`; `trainingSchema` (of the loaded table) helps find the column naming each row. A
 * batch with the outcome column is also an external validation (see validateBatch).
 */
export function predictTable(
  m: PatientModel,
  batch: RawTable,
  trainingSchema: TableSchema | null,
  options: BatchOptions = {},
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
  const probabilities: number[][] = [];
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
    probabilities.push(prediction.probabilities);
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
  if (targetIndex < 0) return { rows, csv: toCsv(csvHeaders(), csvRows), issues };
  let external: BatchValidation;
  try {
    external = validateBatch(m, batch, probabilities, options);
  } catch (error) {
    // The predictions stand on their own; only the validation is refused, with the reason.
    external = {
      trainingRows: [],
      fingerprintKnown: false,
      missingOutcome: 0,
      unknownOutcome: 0,
      validation: null,
      note: `This file cannot be used to validate the model: ${(error as Error).message}`,
    };
  }
  const training = new Set(external.trainingRows);
  if (external.fingerprintKnown) {
    rows.forEach((row, r) => {
      row.trainingPatient = training.has(r);
      csvRows[r].push(training.has(r) ? 'yes' : 'no');
    });
  }
  return {
    rows,
    csv: toCsv(
      [...csvHeaders(), ...(external.fingerprintKnown ? ['training patient'] : [])],
      csvRows,
    ),
    issues,
    external,
  };

  function csvHeaders(): string[] {
    return [
      labelColumn >= 0 ? batch.headers[labelColumn] : 'row',
      ...(targetIndex >= 0 ? [`actual ${encoding.target}`] : []),
      'predicted',
      ...classes.map((c) => `P(${c})`),
      ...classes.flatMap((c) => [`P(${c}) low`, `P(${c}) high`]),
      'familiarity',
      'warnings',
    ];
  }
}

/**
 * The external validation of a batch with the outcome column: its rows encoded exactly as training rows
 * (encodeTable with the model's encoding), those whose fingerprint is a training patient's flagged and left out,
 * and the others' forest probabilities (`probabilities[r]` of batch row r) scored by engine/evaluate.
 */
export function validateBatch(
  m: PatientModel,
  batch: RawTable,
  probabilities: readonly (readonly number[])[],
  options: BatchOptions = {},
): BatchValidation {
  const { encoding } = m.info;
  const K = encoding.classes.length;
  const data = encodeTable(batch, encoding);
  const identity = options.identity ?? null;
  const missingColumns = data.missingColumns?.length ?? 0;
  // A file without some model columns encodes them as missing, so no row can match a training patient's hash.
  const usable = identity !== null && identity.nFeatures === data.nFeatures && missingColumns === 0;
  const trainingRows: number[] = [];
  const isTraining = new Uint8Array(data.nRows);
  if (usable) {
    const toTraining = trainingRowsOf(
      identity,
      rowHashes(data.X, data.y, data.nRows, data.nFeatures),
    );
    for (let i = 0; i < data.nRows; i++) {
      if (toTraining[i] >= 0) {
        isTraining[i] = 1;
        trainingRows.push(data.rowIndex[i]);
      }
    }
  }
  const keep: number[] = [];
  for (let i = 0; i < data.nRows; i++) if (!isTraining[i]) keep.push(i);
  const base = {
    trainingRows,
    fingerprintKnown: usable,
    missingOutcome: data.droppedMissingTarget,
    unknownOutcome: data.droppedUnknownClass ?? 0,
  };
  const unknownNote = usable
    ? null
    : `${identity === null ? 'This model carries no fingerprint of its training cohort' : `${missingColumns} of the model’s columns are not in this file`}, so training patients in this file cannot be recognised: if it holds any, these figures are optimistic.`;
  if (keep.length === 0) {
    return {
      ...base,
      validation: null,
      note:
        data.nRows === 0
          ? 'No row of this file has an outcome the model knows, so nothing can be validated.'
          : 'Every row of this file with an outcome is a training patient: predictions on them are in-sample, so there is nothing to validate the model on.',
    };
  }
  const y = Uint8Array.from(keep, (i) => data.y[i]);
  const proba = new Float64Array(keep.length * K);
  keep.forEach((i, j) => {
    const p = probabilities[data.rowIndex[i]];
    for (let k = 0; k < K; k++) proba[j * K + k] = p[k];
  });
  const positive =
    options.positive ??
    (K === 2 ? (defaultPositiveClass(encoding.classes, m.info.classCounts)?.index ?? 1) : 1);
  const validation = externalValidation(y, proba, K, encoding.classes, {
    positive,
    seed: m.forest.params.randomState,
  });
  return { ...base, validation, note: unknownNote };
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
