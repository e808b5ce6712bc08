/** Step 1's state: the table being read or loaded, the user's column choices and the outcome column. */
import type { ColumnChoice, OutcomeSummary, ParseProgress, TableSummary } from '../../worker/api';
import { IDLE_JOB, jobReducer, type Job, type JobEvent } from '../app/job';
import { applyJob } from '../app/slice';
import type { Action, AppState } from '../app/store';

export type ChoiceKind = ColumnChoice['kind'];

export interface LoadState extends Job<ParseProgress> {
  /** Name of the file being read or last read. */
  fileName: string | null;
  table: TableSummary | null;
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

export const initialLoad: LoadState = {
  ...IDLE_JOB,
  fileName: null,
  table: null,
  choices: {},
  columnFilter: '',
  target: null,
};

export const initialOutcome: OutcomeState = {
  status: 'idle',
  requestId: 0,
  summary: null,
  error: null,
};

export type LoadEvent = JobEvent<{ fileName: string }, TableSummary>;

export type LoadAction =
  | { type: 'load/job'; event: LoadEvent }
  /** A file refused before reading (not a text file, the sample could not be fetched…). */
  | { type: 'load/rejected'; error: string }
  | { type: 'schema/setKind'; name: string; kind: ChoiceKind }
  | { type: 'schema/setUsed'; name: string; used: boolean }
  | { type: 'schema/setFilter'; filter: string }
  | { type: 'outcome/setTarget'; target: string }
  | { type: 'outcome/checking' }
  | { type: 'outcome/succeeded'; requestId: number; summary: OutcomeSummary }
  | { type: 'outcome/failed'; requestId: number; error: string };

const loadJob = jobReducer<LoadState, { fileName: string }, ParseProgress, TableSummary>({
  started: (_, { fileName }) => ({ fileName }),
  focus: 'load-result',
  succeeded: (_, t) => ({
    fileName: t.fileName,
    table: t,
    choices: {},
    columnFilter: '',
    // No guess when no column can be an outcome: the picker says why and the user chooses.
    target: t.suggestedTarget ?? null,
  }),
  say: {
    started: ({ fileName }) => `Reading ${fileName}…`,
    succeeded: (t) => `Loaded ${t.fileName}: ${t.rowCount} rows and ${t.columnCount} columns.`,
    cancelled: () => 'Reading the file was cancelled.',
  },
});

/** Kind and exclusion in force for a column: the user's choice, else the inferred schema. */
export function effectiveColumn(
  column: { name: string; kind: string; excluded: boolean },
  choices: Record<string, ColumnChoice>,
): { kind: string; excluded: boolean } {
  const choice = choices[column.name];
  return choice ? { kind: choice.kind, excluded: choice.excluded } : column;
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

/** Step 1's actions (null for any other action). */
export function loadReducer(state: AppState, action: Action): AppState | null {
  switch (action.type) {
    case 'load/job': {
      const next = applyJob(state, 'load', loadJob(state.load, action.event));
      // A new table needs its outcome column checked again; the engine holds a table again after a restart.
      if (action.event.phase === 'succeeded' && next !== state) {
        return {
          ...next,
          outcome: { ...state.outcome, status: 'idle', summary: null, error: null },
          engineRestart: null,
        };
      }
      return next;
    }
    case 'load/rejected':
      return { ...state, load: { ...state.load, status: 'error', error: action.error } };
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
    default:
      return null;
  }
}
