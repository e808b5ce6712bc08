/**
 * The genotype QC filters and ancestry components as typed, what the engine said of them (the QC summary, the
 * components' view), and the setup training sends (TrainingSetup.genetics).
 */
import type {
  AncestryView,
  LdPruneOptions,
  QcFilterReport,
  QcFilters,
  TrainingSetup,
} from '../../worker/api';
import type { Action, AppState } from '../app/store';

/** The filters and the components as typed (strings, so a wrong entry is shown, not lost); "" = off. */
export interface GeneticsDraft {
  maf: string;
  geno: string;
  mind: string;
  hwe: string;
  /** Add ancestry components as features. */
  addComponents: boolean;
  components: string;
  /** LD-prune the variants before the components (PLINK's --indep-pairwise window step r²). */
  ldPrune: boolean;
  ldWindow: string;
  ldStep: string;
  ldR2: string;
}

/** PLINK's filters off (as PLINK without the flags), 10 components offered but not added, LD pruning 50 5 0.2. */
export const DEFAULT_GENETICS_DRAFT: GeneticsDraft = {
  maf: '',
  geno: '',
  mind: '',
  hwe: '',
  addComponents: false,
  components: '10',
  // The components are meant for LD-pruned variants (as FastPCA and plink2 --pca are run); 50 5 0.2 is the usual.
  ldPrune: true,
  ldWindow: '50',
  ldStep: '5',
  ldR2: '0.2',
};

export interface GeneticsState {
  draft: GeneticsDraft;
  /** The QC summary of the filters as typed (key: the filters as JSON, so a late answer is recognised). */
  qc: { key: string; report: QcFilterReport | null; error: string | null; checking: boolean };
  ancestry: {
    status: 'idle' | 'running' | 'done' | 'error';
    view: AncestryView | null;
    /** The table the view was computed for (a new table makes it stale). */
    tableKey: string;
    error: string | null;
    /** Seq of the last request: an older answer is dropped. */
    requestId: number;
  };
}

export const initialGenetics: GeneticsState = {
  draft: DEFAULT_GENETICS_DRAFT,
  qc: { key: '', report: null, error: null, checking: false },
  ancestry: { status: 'idle', view: null, tableKey: '', error: null, requestId: 0 },
};

export type GeneticsAction =
  | { type: 'genetics/set'; field: keyof GeneticsDraft; value: string | boolean }
  | { type: 'genetics/qc-checking'; key: string }
  | { type: 'genetics/qc-done'; key: string; report: QcFilterReport | null; error: string | null }
  | { type: 'genetics/ancestry-started' }
  | { type: 'genetics/ancestry-done'; requestId: number; view: AncestryView; tableKey: string }
  | { type: 'genetics/ancestry-failed'; requestId: number; error: string };

/** What each PLINK filter is, for its field, its check and the summary. */
export const QC_FIELDS = [
  {
    name: 'mind',
    label: 'Maximum missing per sample',
    flag: '--mind',
    max: 1,
    plinkDefault: '0.1',
    help: 'Removes samples with a larger share of missing calls (PLINK --mind; 0.1 when given without a value).',
  },
  {
    name: 'geno',
    label: 'Maximum missing per variant',
    flag: '--geno',
    max: 1,
    plinkDefault: '0.1',
    help: 'Removes variants with a larger share of missing calls (PLINK --geno; 0.1 when given without a value).',
  },
  {
    name: 'hwe',
    label: 'HWE p below',
    flag: '--hwe',
    max: 1,
    plinkDefault: '1e-6',
    help: 'Removes variants whose Hardy–Weinberg exact-test p is below this (PLINK --hwe, which has no default; 1e-6 is common).',
  },
  {
    name: 'maf',
    label: 'Minimum MAF',
    flag: '--maf',
    max: 0.5,
    plinkDefault: '0.01',
    help: 'Removes variants whose minor-allele frequency is below this (PLINK --maf; 0.01 when given without a value).',
  },
] as const satisfies readonly {
  name: keyof QcFilters;
  label: string;
  flag: string;
  max: number;
  plinkDefault: string;
  help: string;
}[];

/** The most components the app offers (src/app/cohortGenetics MAX_ANCESTRY_COMPONENTS). */
export const MAX_COMPONENTS = 20;

/** A number as typed: a plain or scientific decimal, else NaN. */
function typedNumber(text: string): number {
  const t = text.trim();
  return /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** The filters and components as the engine takes them, with a message per field typed wrongly. */
export function checkGenetics(draft: GeneticsDraft): {
  qc: QcFilters;
  components: number;
  ldPrune: LdPruneOptions | null;
  errors: Partial<Record<keyof GeneticsDraft, string>>;
} {
  const qc: QcFilters = {};
  const errors: Partial<Record<keyof GeneticsDraft, string>> = {};
  for (const f of QC_FIELDS) {
    const text = draft[f.name].trim();
    if (text === '') continue;
    const v = typedNumber(text);
    if (!(v >= 0 && v <= f.max))
      errors[f.name] = `Enter a number from 0 to ${f.max}, or leave it empty (off).`;
    else qc[f.name] = v;
  }
  let components = 0;
  if (draft.addComponents) {
    const k = typedNumber(draft.components);
    if (!Number.isInteger(k) || k < 1 || k > MAX_COMPONENTS)
      errors.components = `Enter a whole number from 1 to ${MAX_COMPONENTS}.`;
    else components = k;
  }
  let ldPrune: LdPruneOptions | null = null;
  if (draft.ldPrune) {
    const window = typedNumber(draft.ldWindow);
    const step = typedNumber(draft.ldStep);
    const r2 = typedNumber(draft.ldR2);
    if (!Number.isInteger(window) || window < 2)
      errors.ldWindow = 'Enter a whole number of variants, 2 or more.';
    if (!Number.isInteger(step) || step < 1 || (Number.isInteger(window) && step > window))
      errors.ldStep = 'Enter a whole number from 1 to the window.';
    if (!(r2 >= 0 && r2 <= 1)) errors.ldR2 = 'Enter a number from 0 to 1.';
    if (!errors.ldWindow && !errors.ldStep && !errors.ldR2) ldPrune = { window, step, r2 };
  }
  return { qc, components, ldPrune, errors };
}

/**
 * Whether a field training would use is typed wrongly (then training waits: filters are never dropped silently).
 * The LD fields count only when components are added; the component view checks them itself.
 */
export function trainingBlocked(draft: GeneticsDraft): boolean {
  const { errors } = checkGenetics(draft);
  return Object.keys(errors).some(
    (f) => draft.addComponents || !['ldWindow', 'ldStep', 'ldR2'].includes(f),
  );
}

/**
 * The TrainingSetup.genetics of a draft as JSON ("" when nothing is asked or a field is wrong): a string, so a
 * component can select it without re-rendering on every state change.
 */
export function geneticsSetupKey(draft: GeneticsDraft): string {
  const { qc, components, ldPrune } = checkGenetics(draft);
  if (trainingBlocked(draft)) return '';
  const hasQc = Object.keys(qc).length > 0;
  if (!hasQc && components === 0) return '';
  return JSON.stringify({
    ...(hasQc ? { qc } : {}),
    ...(components > 0 ? { ancestryComponents: components } : {}),
    ...(components > 0 && ldPrune ? { ldPrune } : {}),
  });
}

type GeneticsSetup = NonNullable<TrainingSetup['genetics']>;

/** The genetics a training setup carries, from geneticsSetupKey's text. */
export function geneticsFromKey(key: string): { genetics: GeneticsSetup } | Record<string, never> {
  return key === '' ? {} : { genetics: JSON.parse(key) as GeneticsSetup };
}

/** The genetics actions (null for any other action). */
export function geneticsReducer(state: AppState, action: Action): AppState | null {
  const g = state.genetics;
  switch (action.type) {
    case 'genetics/set':
      return { ...state, genetics: { ...g, draft: { ...g.draft, [action.field]: action.value } } };
    case 'genetics/qc-checking':
      return { ...state, genetics: { ...g, qc: { ...g.qc, key: action.key, checking: true } } };
    case 'genetics/qc-done':
      if (action.key !== g.qc.key) return state;
      return {
        ...state,
        genetics: {
          ...g,
          qc: { key: action.key, report: action.report, error: action.error, checking: false },
        },
      };
    case 'genetics/ancestry-started':
      return {
        ...state,
        genetics: {
          ...g,
          ancestry: {
            ...g.ancestry,
            status: 'running',
            error: null,
            requestId: g.ancestry.requestId + 1,
          },
        },
      };
    case 'genetics/ancestry-done':
      if (action.requestId !== g.ancestry.requestId) return state;
      return {
        ...state,
        genetics: {
          ...g,
          ancestry: {
            ...g.ancestry,
            status: 'done',
            view: action.view,
            tableKey: action.tableKey,
            error: null,
          },
        },
      };
    case 'genetics/ancestry-failed':
      if (action.requestId !== g.ancestry.requestId) return state;
      return {
        ...state,
        genetics: { ...g, ancestry: { ...g.ancestry, status: 'error', error: action.error } },
      };
    default:
      return null;
  }
}
