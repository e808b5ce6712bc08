/**
 * Cautions that go with an evaluation whose figures are easy to over-read: few patients with the rarer outcome,
 * far more features than patients, or a near-perfect AUC on a small cohort. Plain sentences, shown in the app above
 * the figures and written by `genoforest evaluate` among its warnings.
 */
import type { Interval } from './types';

/** Fewer patients than this in the smallest class make every figure shaky: validation studies are asked for at least 100 (Vergouwe et al. 2005). */
export const FEW_EVENTS = 50;
/**
 * Features per patient above which chance associations abound: at 10 per patient about half as many features as
 * there are patients separate the outcomes "at p < 0.05" by chance alone, so a forest always finds splits that fit
 * noise, and selecting features on the whole cohort before loading (common with variants) leaks the outcome into
 * every fold. Genotype tables of ordinary cohorts cross it, which is meant: that leak is their most common one.
 */
export const FEATURES_PER_PATIENT = 10;
/** An AUC at least this high... */
export const NEAR_PERFECT_AUC = 0.95;
/**
 * ...on fewer patients than this reads as a warning sign (leakage) before it reads as a result. The Wisconsin
 * breast-cancer table (569 patients, AUC 0.99 on a known easy task) stays clear of it.
 */
export const SMALL_COHORT = 200;

/** What the cautions are judged on. */
export interface CautionInput {
  classes: readonly string[];
  /** Patients of each class among those evaluated. */
  classCounts: readonly number[];
  /** Features the model was trained with. */
  nFeatures: number;
  /** Patients the model was trained on (the evaluated ones, in cross-validation). */
  nTrainingRows: number;
  /** The evaluated ROC AUC and its 95 % interval, when known. */
  auc: number;
  aucInterval?: Interval;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The cautions that apply, each a plain sentence; empty when none does. */
export function evaluationCautions(input: CautionInput): string[] {
  const out: string[] = [];
  const { classes, classCounts } = input;
  const patients = classCounts.reduce((a, b) => a + b, 0);
  if (classCounts.length >= 2) {
    let smallest = 0;
    for (let k = 1; k < classCounts.length; k++)
      if (classCounts[k] < classCounts[smallest]) smallest = k;
    const few = classCounts[smallest];
    if (few < FEW_EVENTS) {
      out.push(
        `Only ${count(few)} patient${few === 1 ? '' : 's'} had “${classes[smallest] ?? smallest}”, the rarer outcome: with fewer than ${FEW_EVENTS} in the smaller class every figure here is uncertain and can look good or bad by chance. Read the 95 % intervals, not the single figures.`,
      );
    }
  }
  const n = input.nTrainingRows;
  if (n > 0 && input.nFeatures > FEATURES_PER_PATIENT * n) {
    const per = Math.round(input.nFeatures / n);
    out.push(
      `The model has ${count(input.nFeatures)} features for ${count(n)} patients (about ${count(per)} per patient): with features far outnumbering patients some separate the outcomes by chance alone. The cross-validated figures stay honest only if no feature was chosen using the whole cohort (for example variants picked by their association with the outcome before loading); if any was, they are optimistic.`,
    );
  }
  if (Number.isFinite(input.auc) && input.auc >= NEAR_PERFECT_AUC && patients < SMALL_COHORT) {
    const lo = input.aucInterval?.[0];
    const range =
      input.aucInterval && Number.isFinite(lo)
        ? ` (95 % interval ${input.aucInterval[0].toFixed(2)}–${input.aucInterval[1].toFixed(2)})`
        : '';
    out.push(
      `An AUC of ${input.auc.toFixed(3)}${range} on only ${count(patients)} patients is more often a sign of leakage than of a real signal: check for a column that records the outcome or is measured after it, patients entered twice, or features chosen on the whole cohort, and confirm on patients from elsewhere before relying on it.`,
    );
  }
  return out;
}
