/**
 * Restoring remembered work at startup, before the app renders: the stored file is read again through the
 * engine (so the worker holds the same table), the stored model text is re-opened through importModel (so the
 * worker holds the same forest, with the table as its cohort), and the store starts from the saved choices,
 * settings, form and patients. Each part that fails is skipped and said, never half-restored.
 */
import type { EngineClient } from '../../worker/api';
import { initialState, type AppState } from '../app/store';
import { readRemembered } from './deviceDb';

export interface Restored {
  state: AppState;
  /** One plain-words sentence: what was restored, and what could not be. */
  message: string;
}

/** The state to start from, or null when nothing is remembered (remembering is off). */
export async function restoreSession(engine: EngineClient): Promise<Restored | null> {
  let records;
  try {
    records = await readRemembered();
  } catch {
    return null;
  }
  if (!records) return null;
  const { dataset, model, session } = records;
  let state: AppState = initialState;
  const notes: string[] = [];
  const problems: string[] = [];

  if (dataset) {
    try {
      const table = await engine.loadCsv(dataset.blob, dataset.fileName);
      const sameFile = session?.fileName === table.fileName;
      const columns = new Set(table.headers);
      const choices = Object.fromEntries(
        Object.entries(sameFile ? session.choices : {}).filter(([name]) => columns.has(name)),
      );
      const target =
        sameFile && session.target && columns.has(session.target)
          ? session.target
          : table.suggestedTarget;
      state = {
        ...state,
        load: { ...state.load, status: 'done', fileName: table.fileName, table, choices, target },
      };
      notes.push(`the file ${table.fileName}`);
    } catch {
      problems.push('The stored file could not be read again; load it once more.');
    }
  }

  if (model) {
    try {
      const { info, evaluation } = await engine.importModel(model.text);
      state = {
        ...state,
        train: {
          ...state.train,
          status: 'done',
          model: info,
          modelSource: session?.modelSource ?? null,
        },
        evaluate: {
          ...state.evaluate,
          status: evaluation ? 'done' : 'idle',
          report: evaluation,
          modelTrainedAt: info.trainedAt,
        },
      };
      notes.push('the trained model');
    } catch {
      problems.push('The stored model could not be opened; train it again.');
    }
  }

  if (session) {
    state = {
      ...state,
      // Sessions remembered before the settings had a mode used every field as typed: custom.
      settings: {
        ...state.settings,
        ...session.settings,
        mode: (session.settings as Partial<typeof session.settings>).mode ?? 'custom',
      },
      form: { ...session.form },
      predict: {
        ...state.predict,
        patients: session.patients,
        nextId: session.nextId,
        shownId: session.shownId,
      },
    };
    if (session.patients.length > 0) {
      notes.push(
        session.patients.length === 1 ? '1 patient' : `${session.patients.length} patients`,
      );
    }
  }
  const message = [
    notes.length > 0 ? `Restored from this device: ${notes.join(', ')}.` : '',
    ...problems,
  ]
    .filter(Boolean)
    .join(' ');
  if (message) state = { ...state, announcement: { text: message, seq: 1 } };
  return { state, message };
}
