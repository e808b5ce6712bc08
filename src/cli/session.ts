/**
 * A saved model opened for predict and explain through the app's own data worker, run in this
 * process: the same validation of the .genoforest.json file, the same predictions, intervals, warnings,
 * explanations and export CSV as the app.
 */
import type { DataWorkerApi, ModelInfo } from '../worker/api.ts';
import { createDataWorker } from '../worker/dataWorker.ts';
import { CliError } from './errors.ts';
import { listNames, readTextFile } from './files.ts';

/** An opened model. */
export interface ModelSession {
  api: DataWorkerApi;
  info: ModelInfo;
  /** Whether the training cohort was given (--cohort), so familiarity can be measured. */
  hasCohort: boolean;
}

/** Open `modelPath`; with `cohortPath` (the training CSV), familiarity to the cohort is measured too. */
export async function openModel(modelPath: string, cohortPath?: string): Promise<ModelSession> {
  const text = readTextFile(modelPath, 'model file');
  const api = createDataWorker();
  let cohortHeaders: string[] = [];
  if (cohortPath !== undefined) {
    const cohortText = readTextFile(cohortPath, 'cohort file');
    try {
      ({ headers: cohortHeaders } = await api.loadCsv(new Blob([cohortText]), cohortPath));
    } catch (error) {
      throw new CliError(`${cohortPath}: ${(error as Error).message}`);
    }
  }
  let info: ModelInfo;
  try {
    ({ info } = await api.importModel(text));
  } catch (error) {
    throw new CliError(`${modelPath}: ${(error as Error).message}`);
  }
  if (cohortPath !== undefined) {
    // importModel keeps the loaded table as the cohort only when it has every model column and the outcome.
    const needed = [...info.encoding.features.map((f) => f.name), info.encoding.target];
    const absent = needed.filter((name) => !cohortHeaders.includes(name));
    if (absent.length > 0) {
      throw new CliError(
        `cohort file ${cohortPath} lacks the model's column(s) ${listNames(absent, 5)}, so familiarity cannot be measured`,
      );
    }
  }
  return { api, info, hasCohort: cohortPath !== undefined };
}
