/**
 * A saved model opened for predict and explain through the app's own data worker, run in this
 * process: the same validation of the .genoforest.json file, the same predictions, intervals, warnings,
 * explanations and export CSV as the app. An .onnx model (by extension) is imported the way the app's
 * "Open model" does; its columns come from the file, or from --columns; --cohort is its reference cohort.
 */
import { basename } from 'node:path';
import type { DataWorkerApi, ModelInfo } from '../worker/api.ts';
import { createDataSession } from '../app/dataSession.ts';
import { CliError } from './errors.ts';
import { listNames, readBytesFile, readTextFile } from './files.ts';

/** An opened model. */
export interface ModelSession {
  api: DataWorkerApi;
  info: ModelInfo;
  /** Whether the training cohort was given (--cohort), so familiarity can be measured. */
  hasCohort: boolean;
  /** Whether the model was imported (from .onnx, or a .genoforest.json saved from one). */
  imported: boolean;
}

/** Whether a path names an ONNX model (by extension). */
export function isOnnxPath(file: string): boolean {
  return /\.onnx$/i.test(file);
}

/**
 * Open `modelPath`; with `cohortPath` (the training CSV, or an imported model's reference cohort), familiarity
 * to the cohort is measured too; `columnsPath` (one name per line) names an imported model's features.
 */
export async function openModel(
  modelPath: string,
  cohortPath?: string,
  columnsPath?: string,
): Promise<ModelSession> {
  const onnx = isOnnxPath(modelPath);
  const model = onnx
    ? readBytesFile(modelPath, 'model file')
    : readTextFile(modelPath, 'model file');
  const api = createDataSession();
  const cohortText = cohortPath === undefined ? undefined : readTextFile(cohortPath, 'cohort file');
  let cohortHeaders: string[] = [];
  if (cohortPath !== undefined && cohortText !== undefined && !onnx) {
    try {
      ({ headers: cohortHeaders } = await api.loadCsv(new Blob([cohortText]), cohortPath));
    } catch (error) {
      throw new CliError(`${cohortPath}: ${(error as Error).message}`);
    }
  }
  let info: ModelInfo;
  try {
    ({ info } = await api.importModel(model, basename(modelPath)));
  } catch (error) {
    throw new CliError(`${modelPath}: ${(error as Error).message}`);
  }
  const imported = info.provenance?.origin === 'imported';
  if (columnsPath !== undefined) {
    if (!imported) {
      throw new CliError(
        `--columns names the features of an imported (.onnx) model; ${modelPath} already names its columns`,
      );
    }
    const text = readTextFile(columnsPath, 'column list');
    try {
      info = await api.mapColumns({ kind: 'column-list', text, fileName: columnsPath });
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  } else if (info.provenance?.columns?.source === 'unmapped') {
    throw new CliError(
      `${modelPath} does not name its ${info.encoding.features.length} feature columns: give --columns <list.txt> (one column name per line, in the model's feature order)`,
    );
  }
  if (cohortPath === undefined || cohortText === undefined) {
    return { api, info, hasCohort: false, imported };
  }
  if (imported) {
    // An imported model's reference cohort is set explicitly; importModel never takes the loaded table.
    try {
      info = await api.setReferenceCohort(new Blob([cohortText]), basename(cohortPath));
    } catch (error) {
      throw new CliError(`${cohortPath}: ${(error as Error).message}`);
    }
    return { api, info, hasCohort: true, imported };
  }
  // importModel keeps the loaded table as the cohort only when it has every model column and the outcome.
  const needed = [...info.encoding.features.map((f) => f.name), info.encoding.target];
  const absent = needed.filter((name) => !cohortHeaders.includes(name));
  if (absent.length > 0) {
    throw new CliError(
      `cohort file ${cohortPath} lacks the model's column(s) ${listNames(absent, 5)}, so familiarity cannot be measured`,
    );
  }
  // --cohort names the training cohort: the model's fingerprint decides whether it is (in any row order).
  const cohort = info.trainingCohort;
  if (cohort && cohort.note !== null) {
    throw new CliError(`--cohort ${cohortPath}: ${cohort.note.replace(/^Not available: /, '')}`);
  }
  return { api, info, hasCohort: true, imported };
}
