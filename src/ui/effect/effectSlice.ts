/** The "Which treatment" step's state: the last treatment-effect estimate and the run that makes it. */
import type { EffectProgress, EffectReport, MultiArmReport } from '../../worker/api';
import { IDLE_JOB, jobReducer, type Job, type JobEvent } from '../app/job';
import { applyJob } from '../app/slice';
import type { Action, AppState } from '../app/store';

/** The table an estimate was made on: a result is shown (and asked for per patient) only while it is loaded. */
export interface EffectSource {
  fileName: string;
  rowCount: number;
}

export interface EffectState extends Job<EffectProgress> {
  /** The two-arm report, or the joint multi-arm one (a treatment of three or more arms, all compared at once). */
  report: EffectReport | MultiArmReport | null;
  source: EffectSource | null;
}

export const initialEffect: EffectState = { ...IDLE_JOB, report: null, source: null };

export type EffectEvent = JobEvent<
  null,
  { report: EffectReport | MultiArmReport; source: EffectSource }
>;

export type EffectAction = { type: 'effect/job'; event: EffectEvent };

const effectJob = jobReducer<
  EffectState,
  null,
  EffectProgress,
  { report: EffectReport | MultiArmReport; source: EffectSource }
>({
  // The kept fit in the effect worker is gone once a new run starts: the old result must go too.
  started: () => ({ report: null, source: null }),
  succeeded: (_, { report, source }) => ({ report, source }),
  say: {
    started: () => 'Estimating the effect of treatment…',
    succeeded: ({ report }) =>
      'method' in report
        ? `Treatment effects of ${report.arms.length} arms estimated on ${report.patients} patients.`
        : `Treatment effect estimated on ${report.patients} patients (${report.treatedCount} treated).`,
    cancelled: () => 'Estimating the treatment effect was cancelled.',
  },
});

/** The "Which treatment" step's actions (null for any other action). */
export function effectReducer(state: AppState, action: Action): AppState | null {
  if (action.type !== 'effect/job') return null;
  return applyJob(state, 'effect', effectJob(state.effect, action.event));
}
