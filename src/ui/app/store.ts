/**
 * The app's one state store: plain data, typed actions, one reducer. Components read slices with
 * `useAppState(selector)` so a progress tick re-renders only what shows progress (see storeContext.ts).
 * Nothing here computes on data: the engine (in workers) does that; the store only remembers results.
 */
import type {
  BatchResult,
  ColumnChoice,
  DependenceCurve,
  EvaluationProgress,
  EvaluationReport,
  Explanation,
  ModelInfo,
  OutcomeSummary,
  ParseProgress,
  PatientInput,
  Prediction,
  TableSummary,
  TrainProgress,
} from '../../worker/api';

export type ChoiceKind = ColumnChoice['kind'];

export interface LoadState {
  status: 'idle' | 'reading' | 'ready' | 'error';
  /** Name of the file being read or last read. */
  fileName: string | null;
  progress: ParseProgress | null;
  table: TableSummary | null;
  error: string | null;
  /** The user's overrides of the inferred schema, by column name. */
  choices: Record<string, ColumnChoice>;
  /** Filter text of the schema table. */
  columnFilter: string;
  /** The chosen outcome column. */
  target: string | null;
}

export interface OutcomeState {
  status: 'idle' | 'checking' | 'ready' | 'error';
  /** Increases with every request so a late answer for an old setup is ignored. */
  requestId: number;
  summary: OutcomeSummary | null;
  error: string | null;
}

/** Training settings exactly as typed (strings), so an invalid entry is never lost. */
export interface SettingsDraft {
  nEstimators: string;
  /** Blank = no limit. */
  maxDepth: string;
  minSamplesLeaf: string;
  maxFeatures: 'sqrt' | 'log2' | 'all' | 'count';
  /** Used when maxFeatures is "count": a whole number, or a fraction between 0 and 1. */
  maxFeaturesCount: string;
  classWeight: 'none' | 'balanced';
  randomState: string;
}

/** scikit-learn's RandomForestClassifier defaults. */
export const DEFAULT_SETTINGS: SettingsDraft = {
  nEstimators: '100',
  maxDepth: '',
  minSamplesLeaf: '1',
  maxFeatures: 'sqrt',
  maxFeaturesCount: '',
  classWeight: 'none',
  randomState: '1',
};

export interface ModelSource {
  fileName: string;
  target: string;
}

export interface TrainState {
  status: 'idle' | 'training' | 'trained' | 'cancelled' | 'error';
  /** Increases with every run so a late answer of a cancelled run is ignored. */
  runId: number;
  progress: TrainProgress | null;
  /** The model in use. A failed or cancelled run keeps the previous one. */
  model: ModelInfo | null;
  modelSource: ModelSource | null;
  error: string | null;
}

/** A patient predicted in this session. */
export interface SessionPatient {
  id: number;
  name: string;
  /** The form as typed, to reopen it. */
  values: Record<string, string>;
  /** What was sent to the engine. */
  input: PatientInput;
  prediction: Prediction;
  /** ModelInfo.trainedAt of the model that predicted it. */
  modelTrainedAt: string;
  createdAt: string;
  compare: boolean;
}

export interface PredictState {
  status: 'idle' | 'predicting' | 'filling' | 'error';
  error: string | null;
  patients: SessionPatient[];
  /** The patient whose result is shown. */
  shownId: number | null;
  nextId: number;
}

/** The Evaluate step: cross-validation of the current model, run after every training. */
export interface EvaluateState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  /** Increases with every run so a late answer of a cancelled run is ignored. */
  runId: number;
  /** Number of folds as typed. */
  folds: string;
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  /** ModelInfo.trainedAt of the model the report (or the running evaluation) belongs to. */
  modelTrainedAt: string | null;
  error: string | null;
}

/** Explanation and what-if of the shown patient (engine answers only; the UI never computes them). */
export interface ExplainState {
  /** The session patient they are about. */
  patientId: number | null;
  /** What-if changes to that patient, by feature name, as typed ('' = unknown). */
  changes: Record<string, string>;
  /** The feature the what-if control and the dependence plot are on. */
  feature: string | null;
  /** The class whose probability is explained. */
  classIndex: number;
  /** Increases with every request so only the answer to the latest one is kept. */
  requestId: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Prediction of the patient with the what-if changes (null until asked). */
  prediction: Prediction | null;
  explanation: Explanation | null;
  dependenceId: number;
  dependence: DependenceCurve | null;
  dependenceError: string | null;
  error: string | null;
}

/** "Predict many": a second CSV of new patients scored by the current model. */
export interface BatchState {
  status: 'idle' | 'reading' | 'ready' | 'error';
  runId: number;
  fileName: string | null;
  progress: ParseProgress | null;
  result: BatchResult | null;
  error: string | null;
}

export interface Announcement {
  text: string;
  seq: number;
}

export interface AppState {
  load: LoadState;
  outcome: OutcomeState;
  settings: SettingsDraft;
  train: TrainState;
  /** New-patient form, by feature name, as typed. Kept across retraining and cancelling. */
  form: Record<string, string>;
  predict: PredictState;
  evaluate: EvaluateState;
  explain: ExplainState;
  batch: BatchState;
  /** Polite status message for screen readers (shown in the aria-live region of the app). */
  announcement: Announcement;
}

export const initialState: AppState = {
  load: {
    status: 'idle',
    fileName: null,
    progress: null,
    table: null,
    error: null,
    choices: {},
    columnFilter: '',
    target: null,
  },
  outcome: { status: 'idle', requestId: 0, summary: null, error: null },
  settings: DEFAULT_SETTINGS,
  train: {
    status: 'idle',
    runId: 0,
    progress: null,
    model: null,
    modelSource: null,
    error: null,
  },
  form: {},
  predict: { status: 'idle', error: null, patients: [], shownId: null, nextId: 1 },
  evaluate: {
    status: 'idle',
    runId: 0,
    folds: '5',
    progress: null,
    report: null,
    modelTrainedAt: null,
    error: null,
  },
  explain: {
    patientId: null,
    changes: {},
    feature: null,
    classIndex: 0,
    requestId: 0,
    status: 'idle',
    prediction: null,
    explanation: null,
    dependenceId: 0,
    dependence: null,
    dependenceError: null,
    error: null,
  },
  batch: { status: 'idle', runId: 0, fileName: null, progress: null, result: null, error: null },
  announcement: { text: '', seq: 0 },
};

export type Action =
  | { type: 'load/started'; fileName: string }
  | { type: 'load/progress'; progress: ParseProgress }
  | { type: 'load/succeeded'; table: TableSummary }
  | { type: 'load/failed'; error: string }
  | { type: 'load/cancelled' }
  | { type: 'schema/setKind'; name: string; kind: ChoiceKind }
  | { type: 'schema/setUsed'; name: string; used: boolean }
  | { type: 'schema/setFilter'; filter: string }
  | { type: 'outcome/setTarget'; target: string }
  | { type: 'outcome/checking' }
  | { type: 'outcome/succeeded'; requestId: number; summary: OutcomeSummary }
  | { type: 'outcome/failed'; requestId: number; error: string }
  | { type: 'settings/set'; field: keyof SettingsDraft; value: string }
  | { type: 'settings/reset' }
  | { type: 'train/started'; treesTotal: number }
  | { type: 'train/progress'; runId: number; progress: TrainProgress }
  | { type: 'train/succeeded'; runId: number; model: ModelInfo; source: ModelSource }
  | { type: 'train/failed'; runId: number; error: string }
  | { type: 'train/cancelled' }
  /** A model opened from a .genoforest.json file (the engine holds it already). */
  | { type: 'model/opened'; model: ModelInfo; source: ModelSource }
  | { type: 'form/set'; name: string; value: string }
  | { type: 'form/fill'; values: Record<string, string> }
  | { type: 'form/clear' }
  | { type: 'predict/filling' }
  | { type: 'predict/started' }
  | {
      type: 'predict/succeeded';
      values: Record<string, string>;
      input: PatientInput;
      prediction: Prediction;
      modelTrainedAt: string;
    }
  | { type: 'predict/failed'; error: string }
  | { type: 'predict/dismissError' }
  | { type: 'patients/rename'; id: number; name: string }
  | { type: 'patients/setCompare'; id: number; compare: boolean }
  | { type: 'patients/delete'; id: number }
  | { type: 'patients/reopen'; id: number }
  | { type: 'evaluate/setFolds'; value: string }
  | { type: 'evaluate/started'; modelTrainedAt: string }
  | { type: 'evaluate/progress'; runId: number; progress: EvaluationProgress }
  | { type: 'evaluate/succeeded'; runId: number; report: EvaluationReport }
  | { type: 'evaluate/failed'; runId: number; error: string }
  | { type: 'evaluate/cancelled' }
  /** A report that came with an opened model file. */
  | { type: 'evaluate/restored'; report: EvaluationReport | null; modelTrainedAt: string }
  | { type: 'explain/reset'; patientId: number | null; classIndex: number; feature: string | null }
  | { type: 'explain/setChange'; name: string; value: string | null }
  | { type: 'explain/clearChanges' }
  | { type: 'explain/setFeature'; feature: string }
  | { type: 'explain/setClass'; classIndex: number }
  | { type: 'explain/requested' }
  | {
      type: 'explain/succeeded';
      requestId: number;
      prediction: Prediction;
      explanation: Explanation;
    }
  | { type: 'explain/failed'; requestId: number; error: string }
  | { type: 'explain/dependenceRequested' }
  | { type: 'explain/dependenceSucceeded'; dependenceId: number; dependence: DependenceCurve }
  | { type: 'explain/dependenceFailed'; dependenceId: number; error: string }
  | { type: 'batch/started'; fileName: string }
  | { type: 'batch/progress'; runId: number; progress: ParseProgress }
  | { type: 'batch/succeeded'; runId: number; result: BatchResult }
  | { type: 'batch/failed'; runId: number; error: string }
  | { type: 'batch/cancelled' }
  | { type: 'announce'; text: string };

/** Kind and exclusion in force for a column: the user's choice, else the inferred schema. */
export function effectiveColumn(
  column: { name: string; kind: string; excluded: boolean },
  choices: Record<string, ColumnChoice>,
): { kind: string; excluded: boolean } {
  const choice = choices[column.name];
  return choice ? { kind: choice.kind, excluded: choice.excluded } : column;
}

function announce(state: AppState, text: string): Announcement {
  return { text, seq: state.announcement.seq + 1 };
}

function setChoice(
  state: AppState,
  name: string,
  update: (current: { kind: string; excluded: boolean }) => ColumnChoice,
): AppState {
  const column = state.load.table?.schema.columns.find((c) => c.name === name);
  if (!column) return state;
  const current = effectiveColumn(column, state.load.choices);
  return {
    ...state,
    load: { ...state.load, choices: { ...state.load.choices, [name]: update(current) } },
  };
}

/** A kind the engine accepts for a column whose inferred kind is identifier/constant/empty. */
function usableKind(kind: string): ChoiceKind {
  return kind === 'numeric' || kind === 'empty' ? 'numeric' : 'categorical';
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'load/started':
      return {
        ...state,
        load: {
          ...state.load,
          status: 'reading',
          fileName: action.fileName,
          progress: null,
          error: null,
        },
        announcement: announce(state, `Reading ${action.fileName}…`),
      };
    case 'load/progress':
      if (state.load.status !== 'reading') return state;
      return { ...state, load: { ...state.load, progress: action.progress } };
    case 'load/succeeded': {
      const t = action.table;
      return {
        ...state,
        load: {
          status: 'ready',
          fileName: t.fileName,
          progress: null,
          table: t,
          error: null,
          choices: {},
          columnFilter: '',
          target: t.suggestedTarget ?? t.headers[t.headers.length - 1] ?? null,
        },
        outcome: { ...state.outcome, status: 'idle', summary: null, error: null },
        announcement: announce(
          state,
          `Loaded ${t.fileName}: ${t.rowCount} rows and ${t.columnCount} columns.`,
        ),
      };
    }
    case 'load/failed':
      return {
        ...state,
        load: {
          ...state.load,
          status: state.load.table ? 'ready' : 'error',
          progress: null,
          error: action.error,
        },
      };
    case 'load/cancelled':
      return {
        ...state,
        load: { ...state.load, status: state.load.table ? 'ready' : 'idle', progress: null },
        announcement: announce(state, 'Reading the file was cancelled.'),
      };
    case 'schema/setKind':
      return setChoice(state, action.name, (c) => ({
        name: action.name,
        kind: action.kind,
        excluded: c.excluded,
      }));
    case 'schema/setUsed':
      return setChoice(state, action.name, (c) => ({
        name: action.name,
        kind: usableKind(c.kind),
        excluded: !action.used,
      }));
    case 'schema/setFilter':
      return { ...state, load: { ...state.load, columnFilter: action.filter } };
    case 'outcome/setTarget':
      return { ...state, load: { ...state.load, target: action.target } };
    case 'outcome/checking':
      return {
        ...state,
        outcome: {
          ...state.outcome,
          status: 'checking',
          requestId: state.outcome.requestId + 1,
          error: null,
        },
      };
    case 'outcome/succeeded':
      if (action.requestId !== state.outcome.requestId) return state;
      return {
        ...state,
        outcome: { ...state.outcome, status: 'ready', summary: action.summary, error: null },
      };
    case 'outcome/failed':
      if (action.requestId !== state.outcome.requestId) return state;
      return {
        ...state,
        outcome: { ...state.outcome, status: 'error', summary: null, error: action.error },
      };
    case 'settings/set':
      return { ...state, settings: { ...state.settings, [action.field]: action.value } };
    case 'settings/reset':
      return { ...state, settings: DEFAULT_SETTINGS };
    case 'train/started':
      return {
        ...state,
        train: {
          ...state.train,
          status: 'training',
          runId: state.train.runId + 1,
          progress: {
            treesDone: 0,
            treesTotal: action.treesTotal,
            elapsedMs: 0,
            remainingMs: null,
          },
          error: null,
        },
        announcement: announce(state, `Training ${action.treesTotal} trees…`),
      };
    case 'train/progress':
      if (action.runId !== state.train.runId || state.train.status !== 'training') return state;
      return { ...state, train: { ...state.train, progress: action.progress } };
    case 'train/succeeded':
      if (action.runId !== state.train.runId) return state;
      return {
        ...state,
        train: {
          ...state.train,
          status: 'trained',
          progress: null,
          model: action.model,
          modelSource: action.source,
          error: null,
        },
        announcement: announce(
          state,
          `Model trained: ${action.model.nTrees} trees on ${action.model.nRows} patients in ${action.model.fitSeconds.toFixed(1)} s.`,
        ),
      };
    case 'train/failed':
      if (action.runId !== state.train.runId) return state;
      return {
        ...state,
        train: { ...state.train, status: 'error', progress: null, error: action.error },
      };
    case 'train/cancelled':
      if (state.train.status !== 'training') return state;
      return {
        ...state,
        // A new run id makes any late answer of the cancelled run stale.
        train: {
          ...state.train,
          status: 'cancelled',
          runId: state.train.runId + 1,
          progress: null,
        },
        announcement: announce(
          state,
          state.train.model
            ? 'Training cancelled. The previous model is still in use.'
            : 'Training cancelled.',
        ),
      };
    case 'model/opened':
      return {
        ...state,
        // A new run id makes any late answer of a training run stale: the opened model is the one in use.
        train: {
          ...state.train,
          status: 'trained',
          runId: state.train.runId + 1,
          progress: null,
          model: action.model,
          modelSource: action.source,
          error: null,
        },
        announcement: announce(
          state,
          `Opened the model ${action.source.fileName}: ${action.model.nTrees} trees predicting “${action.model.encoding.target}”.`,
        ),
      };
    case 'form/set':
      return { ...state, form: { ...state.form, [action.name]: action.value } };
    case 'form/fill':
      return {
        ...state,
        form: { ...state.form, ...action.values },
        predict: { ...state.predict, status: 'idle' },
        announcement: announce(state, 'The form is filled with the cohort’s typical values.'),
      };
    case 'form/clear':
      return { ...state, form: {}, announcement: announce(state, 'The form is cleared.') };
    case 'predict/filling':
      return { ...state, predict: { ...state.predict, status: 'filling', error: null } };
    case 'predict/started':
      return { ...state, predict: { ...state.predict, status: 'predicting', error: null } };
    case 'predict/succeeded': {
      const id = state.predict.nextId;
      const p = action.prediction;
      const patient: SessionPatient = {
        id,
        name: `Patient ${id}`,
        values: action.values,
        input: action.input,
        prediction: p,
        modelTrainedAt: action.modelTrainedAt,
        createdAt: new Date().toISOString(),
        compare: false,
      };
      const best = p.classes.indexOf(p.predictedClass);
      const pct = best >= 0 ? ` (${(p.probabilities[best] * 100).toFixed(1)} %)` : '';
      return {
        ...state,
        predict: {
          ...state.predict,
          status: 'idle',
          error: null,
          patients: [...state.predict.patients, patient],
          shownId: id,
          nextId: id + 1,
        },
        announcement: announce(
          state,
          `Prediction for ${patient.name}: most likely ${p.predictedClass}${pct}.`,
        ),
      };
    }
    case 'predict/failed':
      return { ...state, predict: { ...state.predict, status: 'error', error: action.error } };
    case 'predict/dismissError':
      return { ...state, predict: { ...state.predict, status: 'idle', error: null } };
    case 'patients/rename':
      return {
        ...state,
        predict: {
          ...state.predict,
          patients: state.predict.patients.map((p) =>
            p.id === action.id ? { ...p, name: action.name } : p,
          ),
        },
      };
    case 'patients/setCompare':
      return {
        ...state,
        predict: {
          ...state.predict,
          patients: state.predict.patients.map((p) =>
            p.id === action.id ? { ...p, compare: action.compare } : p,
          ),
        },
      };
    case 'patients/delete': {
      const gone = state.predict.patients.find((p) => p.id === action.id);
      const patients = state.predict.patients.filter((p) => p.id !== action.id);
      return {
        ...state,
        predict: {
          ...state.predict,
          patients,
          shownId: state.predict.shownId === action.id ? null : state.predict.shownId,
        },
        announcement: gone
          ? announce(state, `${gone.name || 'Patient'} deleted.`)
          : state.announcement,
      };
    }
    case 'patients/reopen': {
      const p = state.predict.patients.find((x) => x.id === action.id);
      if (!p) return state;
      return {
        ...state,
        form: { ...p.values },
        predict: { ...state.predict, shownId: p.id },
        announcement: announce(state, `${p.name || 'Patient'} reopened in the form.`),
      };
    }
    case 'announce':
      return { ...state, announcement: announce(state, action.text) };
    default:
      return (
        evaluateReducer(state, action) ??
        explainReducer(state, action) ??
        batchReducer(state, action)
      );
  }
}

/** The Evaluate step's actions (null for any other action). */
function evaluateReducer(state: AppState, action: Action): AppState | null {
  const ev = state.evaluate;
  switch (action.type) {
    case 'evaluate/setFolds':
      return { ...state, evaluate: { ...ev, folds: action.value } };
    case 'evaluate/started':
      return {
        ...state,
        evaluate: {
          ...ev,
          status: 'running',
          runId: ev.runId + 1,
          progress: null,
          // A report of another model must not be shown as this one's.
          report: ev.modelTrainedAt === action.modelTrainedAt ? ev.report : null,
          modelTrainedAt: action.modelTrainedAt,
          error: null,
        },
        announcement: announce(state, 'Evaluating the model on patients it has not seen…'),
      };
    case 'evaluate/progress':
      if (action.runId !== ev.runId || ev.status !== 'running') return state;
      return { ...state, evaluate: { ...ev, progress: action.progress } };
    case 'evaluate/succeeded':
      if (action.runId !== ev.runId) return state;
      return {
        ...state,
        evaluate: { ...ev, status: 'done', progress: null, report: action.report, error: null },
        announcement: announce(state, `Evaluation finished. ${action.report.summary}`),
      };
    case 'evaluate/failed':
      if (action.runId !== ev.runId) return state;
      return {
        ...state,
        evaluate: { ...ev, status: 'error', progress: null, error: action.error },
      };
    case 'evaluate/cancelled':
      if (ev.status !== 'running') return state;
      return {
        ...state,
        evaluate: { ...ev, status: 'cancelled', runId: ev.runId + 1, progress: null },
        announcement: announce(state, 'Evaluation cancelled.'),
      };
    case 'evaluate/restored':
      return {
        ...state,
        evaluate: {
          ...ev,
          status: action.report ? 'done' : 'idle',
          runId: ev.runId + 1,
          progress: null,
          report: action.report,
          modelTrainedAt: action.modelTrainedAt,
          error: null,
        },
      };
    default:
      return null;
  }
}

/** Explanation and what-if actions (null for any other action). */
function explainReducer(state: AppState, action: Action): AppState | null {
  const ex = state.explain;
  switch (action.type) {
    case 'explain/reset':
      return {
        ...state,
        explain: {
          ...initialState.explain,
          requestId: ex.requestId + 1,
          dependenceId: ex.dependenceId + 1,
          patientId: action.patientId,
          classIndex: action.classIndex,
          feature: action.feature,
        },
      };
    case 'explain/setChange': {
      const changes = { ...ex.changes };
      if (action.value === null) delete changes[action.name];
      else changes[action.name] = action.value;
      return { ...state, explain: { ...ex, changes } };
    }
    case 'explain/clearChanges':
      return { ...state, explain: { ...ex, changes: {} } };
    case 'explain/setFeature':
      return { ...state, explain: { ...ex, feature: action.feature } };
    case 'explain/setClass':
      return { ...state, explain: { ...ex, classIndex: action.classIndex } };
    case 'explain/requested':
      return {
        ...state,
        explain: { ...ex, status: 'loading', requestId: ex.requestId + 1, error: null },
      };
    case 'explain/succeeded':
      if (action.requestId !== ex.requestId) return state;
      return {
        ...state,
        explain: {
          ...ex,
          status: 'ready',
          prediction: action.prediction,
          explanation: action.explanation,
          error: null,
        },
      };
    case 'explain/failed':
      if (action.requestId !== ex.requestId) return state;
      return { ...state, explain: { ...ex, status: 'error', error: action.error } };
    case 'explain/dependenceRequested':
      return {
        ...state,
        explain: { ...ex, dependenceId: ex.dependenceId + 1, dependenceError: null },
      };
    case 'explain/dependenceSucceeded':
      if (action.dependenceId !== ex.dependenceId) return state;
      return { ...state, explain: { ...ex, dependence: action.dependence, dependenceError: null } };
    case 'explain/dependenceFailed':
      if (action.dependenceId !== ex.dependenceId) return state;
      return { ...state, explain: { ...ex, dependence: null, dependenceError: action.error } };
    default:
      return null;
  }
}

/** "Predict many" actions (the state unchanged for any other action). */
function batchReducer(state: AppState, action: Action): AppState {
  const b = state.batch;
  switch (action.type) {
    case 'batch/started':
      return {
        ...state,
        batch: {
          status: 'reading',
          runId: b.runId + 1,
          fileName: action.fileName,
          progress: null,
          result: b.result,
          error: null,
        },
        announcement: announce(state, `Predicting the patients of ${action.fileName}…`),
      };
    case 'batch/progress':
      if (action.runId !== b.runId || b.status !== 'reading') return state;
      return { ...state, batch: { ...b, progress: action.progress } };
    case 'batch/succeeded':
      if (action.runId !== b.runId) return state;
      return {
        ...state,
        batch: { ...b, status: 'ready', progress: null, result: action.result, error: null },
        announcement: announce(
          state,
          `Predicted ${action.result.rows.length} patients of ${b.fileName ?? 'the file'}.`,
        ),
      };
    case 'batch/failed':
      if (action.runId !== b.runId) return state;
      return { ...state, batch: { ...b, status: 'error', progress: null, error: action.error } };
    case 'batch/cancelled':
      if (b.status !== 'reading') return state;
      return {
        ...state,
        batch: { ...b, status: b.result ? 'ready' : 'idle', runId: b.runId + 1, progress: null },
        announcement: announce(state, 'Predicting the file was cancelled.'),
      };
    default:
      return state;
  }
}

export interface AppStore {
  getState(): AppState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

/** A tiny external store (for useSyncExternalStore); pass a state to start from, e.g. in tests. */
export function createAppStore(start: AppState = initialState): AppStore {
  let state = start;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
