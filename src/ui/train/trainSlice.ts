/** Step 2's state: the settings as typed, the training run and the model in use. */
import type { ModelInfo, TrainProgress } from '../../worker/api';
import { IDLE_JOB, jobReducer, type Job, type JobEvent } from '../app/job';
import { applyJob, say } from '../app/slice';
import { requestFocus } from '../app/focusRequest';
import type { Action, AppState } from '../app/store';

/**
 * How the forest's settings are chosen: minimum patients per leaf and features per split tuned on out-of-bag patients
 * (the app's default: probability forests with larger leaves often estimate risks better, and the data decide),
 * scikit-learn's RandomForestClassifier defaults as they are (figures comparable with scikit-learn's), or every
 * setting as typed.
 */
export type SettingsMode = 'tuned' | 'sklearn' | 'custom';

/** Training settings exactly as typed (strings), so an invalid entry is never lost. */
export interface SettingsDraft {
  mode: SettingsMode;
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

/**
 * The app's starting settings: scikit-learn's RandomForestClassifier defaults except the number of trees. The
 * per-patient standard errors (infinitesimal jackknife) need many trees: their Monte Carlo bias grows like
 * patients × Var(tree)/trees, and on the 400-patient sample cohort 2 in 200 patients' standard errors were usable
 * at 100 trees, 98 at 500 and 182 at 1,000. 500 trees grow in well under a second there; the summary after training
 * offers 1,000 when they would still be quick. The engine and the command line keep scikit-learn's 100
 * (DEFAULT_PARAMS), so their figures stay comparable with scikit-learn's.
 */
export const APP_DEFAULT_TREES = 500;

/** The settings a new session starts with (see APP_DEFAULT_TREES). */
export const DEFAULT_SETTINGS: SettingsDraft = {
  mode: 'tuned',
  nEstimators: String(APP_DEFAULT_TREES),
  maxDepth: '',
  minSamplesLeaf: '1',
  maxFeatures: 'sqrt',
  maxFeaturesCount: '',
  classWeight: 'none',
  randomState: '1',
};

/** Settings used only in the custom mode (the other modes take scikit-learn's defaults for them). */
export const CUSTOM_FIELDS: readonly (keyof SettingsDraft)[] = [
  'maxDepth',
  'minSamplesLeaf',
  'maxFeatures',
  'maxFeaturesCount',
  'classWeight',
];

export interface ModelSource {
  fileName: string;
  target: string;
}

export interface TrainState extends Job<TrainProgress> {
  /** The model in use. A failed or cancelled run keeps the previous one. */
  model: ModelInfo | null;
  modelSource: ModelSource | null;
}

export const initialTrain: TrainState = { ...IDLE_JOB, model: null, modelSource: null };

export interface TrainResult {
  model: ModelInfo;
  source: ModelSource;
}

/** What a training run starts with: the final forest's trees, and whether tuning comes first. */
export interface TrainStart {
  treesTotal: number;
  tune?: boolean;
}

export type TrainEvent = JobEvent<TrainStart, TrainResult>;

export type TrainAction =
  | { type: 'settings/set'; field: keyof SettingsDraft; value: string }
  | { type: 'settings/reset' }
  | { type: 'train/job'; event: TrainEvent }
  /** A model opened from a .genoforest.json file (the engine holds it already). */
  | { type: 'model/opened'; model: ModelInfo; source: ModelSource };

const trainJob = jobReducer<TrainState, TrainStart, TrainProgress, TrainResult>({
  started: (_, { treesTotal }) => ({
    progress: { treesDone: 0, treesTotal, elapsedMs: 0, remainingMs: null },
  }),
  succeeded: (_, { model, source }) => ({ model, modelSource: source }),
  focus: 'train-result',
  say: {
    started: ({ treesTotal, tune }) =>
      tune
        ? `Tuning the settings on out-of-bag patients, then training ${treesTotal} trees…`
        : `Training ${treesTotal} trees…`,
    succeeded: ({ model }) =>
      `Model trained: ${model.nTrees} trees on ${model.nRows} patients in ${model.fitSeconds.toFixed(1)} s.`,
    cancelled: (t) =>
      t.model ? 'Training cancelled. The previous model is still in use.' : 'Training cancelled.',
  },
});

/** Step 2's actions (null for any other action). */
export function trainReducer(state: AppState, action: Action): AppState | null {
  switch (action.type) {
    case 'settings/set': {
      const settings = { ...state.settings, [action.field]: action.value } as SettingsDraft;
      // A leaf size, feature count, depth or weighting set from elsewhere (the tall-cohort suggestion) is a custom
      // setting: shown, and used as typed rather than overruled by tuning or scikit-learn's defaults.
      if (CUSTOM_FIELDS.includes(action.field) && action.value !== state.settings[action.field])
        settings.mode = 'custom';
      return { ...state, settings };
    }
    case 'settings/reset':
      return { ...state, settings: DEFAULT_SETTINGS };
    case 'train/job':
      return applyJob(state, 'train', trainJob(state.train, action.event));
    case 'model/opened':
      return {
        ...state,
        // A new run id makes any late answer of a training run stale: the opened model is the one in use.
        train: {
          ...state.train,
          status: 'done',
          runId: state.train.runId + 1,
          progress: null,
          model: action.model,
          modelSource: action.source,
          error: null,
        },
        focus: requestFocus(state.focus, 'train-result'),
        announcement: say(
          state,
          `Opened the model ${action.source.fileName}: ${action.model.nTrees} trees predicting “${action.model.encoding.target}”.`,
        ),
      };
    default:
      return null;
  }
}
