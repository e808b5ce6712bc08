/**
 * The time-to-event mode's state: the outcome kind chosen in the Load step, the time/event choice (a guess from the
 * engine until the user changes it), the survival forest's settings, its report and the patient's prediction. The
 * numbers all come from the engine (src/app/survivalCohort.ts, in the data worker); this only remembers them.
 */
import type {
  SurvivalComparison,
  SurvivalOutcomeSummary,
  SurvivalPatientPrediction,
  SurvivalReport,
  TimeToEventProposal,
  TimeUnit,
} from '../../worker/api';
import { say } from '../app/slice';
import type { Action, AppState } from '../app/store';

export type OutcomeKind = 'class' | 'survival';

export interface SurvivalState {
  kind: OutcomeKind;
  /** The file the proposal was made for (a new table asks again). */
  proposedFor: string | null;
  proposal: TimeToEventProposal | null;
  time: string | null;
  event: string | null;
  eventValue: string | null;
  unit: TimeUnit;
  /** The unit is the default, not read from the time column's name nor chosen. */
  unitGuessed: boolean;
  summary: SurvivalOutcomeSummary | null;
  summaryError: string | null;
  /** The forest's settings as typed. */
  trees: string;
  minLeaf: string;
  seed: string;
  /** How the settings are chosen: the leaf size tuned on out-of-bag patients, or as typed (custom). */
  settingsMode: 'tuned' | 'custom';
  training: boolean;
  report: SurvivalReport | null;
  trainError: string | null;
  /** Horizon as typed, in the trained model's unit. */
  horizon: string;
  predicting: boolean;
  prediction: SurvivalPatientPrediction | null;
  predictError: string | null;
  /** Compare treatments: the column chosen, its result, or why not. */
  compareColumn: string | null;
  comparing: boolean;
  comparison: SurvivalComparison | null;
  compareError: string | null;
}

export const initialSurvival: SurvivalState = {
  kind: 'class',
  proposedFor: null,
  proposal: null,
  time: null,
  event: null,
  eventValue: null,
  unit: 'days',
  unitGuessed: true,
  summary: null,
  summaryError: null,
  trees: '300',
  minLeaf: '15',
  seed: '1',
  settingsMode: 'custom',
  training: false,
  report: null,
  trainError: null,
  horizon: '',
  predicting: false,
  prediction: null,
  predictError: null,
  compareColumn: null,
  comparing: false,
  comparison: null,
  compareError: null,
};

export type SurvivalAction =
  | { type: 'survival/proposed'; fileName: string; proposal: TimeToEventProposal | null }
  | { type: 'survival/setKind'; kind: OutcomeKind }
  | {
      type: 'survival/choose';
      choice: Partial<Pick<SurvivalState, 'time' | 'event' | 'eventValue' | 'unit'>>;
    }
  | { type: 'survival/described'; summary: SurvivalOutcomeSummary }
  | { type: 'survival/describeFailed'; error: string }
  | { type: 'survival/setting'; name: 'trees' | 'minLeaf' | 'seed'; value: string }
  | { type: 'survival/setSettingsMode'; mode: SurvivalState['settingsMode'] }
  | { type: 'survival/training' }
  | { type: 'survival/trained'; report: SurvivalReport }
  /** A saved survival model opened: its columns become the choice. */
  | { type: 'survival/opened'; report: SurvivalReport }
  | { type: 'survival/trainFailed'; error: string }
  /** The Evaluate step's k-fold figures arrived: the same model's report, carrying them. */
  | { type: 'survival/evaluated'; report: SurvivalReport }
  | { type: 'survival/setHorizon'; horizon: string }
  | { type: 'survival/predicting' }
  | { type: 'survival/predicted'; prediction: SurvivalPatientPrediction }
  | { type: 'survival/predictFailed'; error: string }
  | { type: 'survival/setCompareColumn'; column: string }
  | { type: 'survival/comparing' }
  | { type: 'survival/compared'; comparison: SurvivalComparison }
  | { type: 'survival/compareFailed'; error: string };

function update(state: AppState, patch: Partial<SurvivalState>, text: string | null = null) {
  return { ...state, survival: { ...state.survival, ...patch }, announcement: say(state, text) };
}

/** The survival slice's reducer (null for actions of other slices). */
export function survivalReducer(state: AppState, action: Action): AppState | null {
  const s = state.survival;
  switch (action.type) {
    case 'survival/proposed': {
      const p = action.proposal;
      // A new table starts afresh: its own guess, no model trained on the old one.
      return update(state, {
        ...initialSurvival,
        trees: s.trees,
        minLeaf: s.minLeaf,
        seed: s.seed,
        settingsMode: s.settingsMode,
        proposedFor: action.fileName,
        proposal: p,
        kind: p ? 'survival' : 'class',
        time: p?.time ?? null,
        event: p?.event ?? null,
        eventValue: p?.eventValue ?? null,
        unit: p?.unit ?? 'days',
        unitGuessed: p?.unit == null,
      });
    }
    case 'survival/setKind':
      return update(state, { kind: action.kind });
    case 'survival/choose': {
      const c = action.choice;
      const columnsChanged =
        (c.time !== undefined && c.time !== s.time) ||
        (c.event !== undefined && c.event !== s.event);
      return update(state, {
        ...c,
        // Another event column has other values: its event value is asked again.
        eventValue:
          c.eventValue !== undefined
            ? c.eventValue
            : c.event !== undefined && c.event !== s.event
              ? null
              : s.eventValue,
        unitGuessed: c.unit !== undefined ? false : s.unitGuessed,
        summary: columnsChanged ? null : s.summary,
        summaryError: null,
      });
    }
    case 'survival/described':
      return update(state, {
        summary: action.summary,
        summaryError: null,
        eventValue: s.eventValue ?? action.summary.eventValue,
      });
    case 'survival/describeFailed':
      return update(state, { summaryError: action.error });
    case 'survival/setting':
      return update(state, { [action.name]: action.value });
    case 'survival/setSettingsMode':
      return update(state, { settingsMode: action.mode });
    case 'survival/training':
      return update(state, { training: true, trainError: null }, 'Training the survival forest…');
    case 'survival/trained': {
      const r = action.report;
      const first = r.horizons.find((h) => h.refused === null);
      return update(
        state,
        {
          training: false,
          report: r,
          prediction: null,
          predictError: null,
          comparison: null,
          compareError: null,
          compareColumn: r.compareColumns[0]?.name ?? null,
          horizon: first ? String(first.time) : String(Math.round(r.maxFollowUp / 2)),
        },
        'The survival forest is trained and evaluated.',
      );
    }
    case 'survival/opened': {
      const r = action.report;
      const first = r.horizons.find((h) => h.refused === null);
      return update(
        state,
        {
          kind: 'survival',
          time: r.choice.time,
          event: r.choice.event,
          eventValue: r.choice.eventValue,
          unit: r.choice.unit,
          unitGuessed: false,
          report: r,
          trainError: null,
          prediction: null,
          predictError: null,
          comparison: null,
          compareError: null,
          compareColumn: r.compareColumns[0]?.name ?? null,
          horizon: first ? String(first.time) : String(Math.round(r.maxFollowUp / 2)),
        },
        `Opened the survival model ${r.openedFrom ?? ''}.`,
      );
    }
    case 'survival/trainFailed':
      return update(state, { training: false, trainError: action.error }, action.error);
    case 'survival/evaluated':
      return update(
        state,
        { report: action.report },
        `${action.report.crossValidation?.folds ?? ''}-fold cross-validation done.`,
      );
    case 'survival/setHorizon':
      return update(state, { horizon: action.horizon });
    case 'survival/predicting':
      return update(state, { predicting: true, predictError: null });
    case 'survival/predicted':
      return update(
        state,
        { predicting: false, prediction: action.prediction, predictError: null },
        action.prediction.words.sentences[0],
      );
    case 'survival/predictFailed':
      return update(state, { predicting: false, predictError: action.error }, action.error);
    case 'survival/setCompareColumn':
      return update(state, { compareColumn: action.column });
    case 'survival/comparing':
      return update(state, { comparing: true, compareError: null });
    case 'survival/compared':
      return update(
        state,
        { comparing: false, comparison: action.comparison },
        `Compared ${action.comparison.arms.length} values of ${action.comparison.column}.`,
      );
    case 'survival/compareFailed':
      return update(state, { comparing: false, compareError: action.error }, action.error);
    default:
      return null;
  }
}
