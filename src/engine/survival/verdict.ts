/**
 * Harrell's C in the words the class mode uses for its AUC (engine/evaluate/summary.ts and clinical.ts): the same
 * opening, the same verdict words for the same values, the same "no better than chance" warning below 0.55, and the
 * same cautions about few events and features outnumbering patients (engine/evaluate/cautions.ts).
 */
import { evaluationCautions } from '../evaluate/cautions.ts';
import { rankingChance, type ChanceVerdict } from '../evaluate/clinical.ts';
import { aucVerdict, opening, percent } from '../evaluate/summary.ts';

/** What the words are made from. */
export interface CindexFacts {
  cindex: number;
  cindexInterval: [number, number];
  /** Where the figure comes from: k-fold cross-validation or out-of-bag. */
  source: 'cv' | 'oob';
  /** The event column's value that means the event, patients and events among them, features of the model. */
  eventValue: string;
  patients: number;
  events: number;
  nFeatures: number;
}

/** The summary sentence, the chance verdict and the cautions of a C-index. */
export function cindexWords(f: CindexFacts): {
  summary: string;
  chance: ChanceVerdict;
  cautions: string[];
} {
  const [lo, hi] = f.cindexInterval;
  const start = opening(f.source);
  let summary: string;
  if (!Number.isFinite(f.cindex)) {
    summary = `${start}, Harrell’s C could not be computed: no two patients could be compared.`;
  } else {
    const range = Number.isFinite(lo) ? `, 95 % interval ${lo.toFixed(3)}–${hi.toFixed(3)}` : '';
    const lower =
      Number.isFinite(lo) && aucVerdict(lo) !== aucVerdict(f.cindex)
        ? `, though its interval reaches down to ${lo.toFixed(2)} (${aucVerdict(lo)})`
        : '';
    summary = `${start}, of two patients whose order of events is known the model gave the higher risk to the one with the event first ${percent(f.cindex)} of the time (Harrell’s C ${f.cindex.toFixed(3)}${range}; 50 % would be guessing, 100 % perfect) — ${aucVerdict(f.cindex)}${lower}.`;
  }
  const chance = rankingChance(
    'Harrell’s C',
    f.cindex,
    f.source === 'cv' ? 'In cross-validation' : 'Out of bag',
  );
  // Events are what a survival model learns from: only their number is judged (all patients as the other "class").
  const cautions = evaluationCautions({
    classes: [f.eventValue, 'all patients'],
    classCounts: [f.events, f.patients],
    nFeatures: f.nFeatures,
    nTrainingRows: f.patients,
    auc: NaN,
  });
  return { summary, chance, cautions };
}
