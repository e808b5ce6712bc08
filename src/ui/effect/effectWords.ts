/** The treatment-effect figures in words (display only: the engine computed them). */
import type { EffectReport } from '../../worker/api';
import { percent, signedPoints } from '../app/format';
import { shortName } from '../load/shortName';

type Estimate = EffectReport['ate'];

/** A p-value as read: "p = 0.012", "p < 0.001". */
export function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** "+2.0 percentage points to +9.1 percentage points", or why there is none. */
export function intervalText(e: Estimate): string {
  return Number.isFinite(e.estimate)
    ? `${signedPoints(e.lower)} to ${signedPoints(e.upper)}`
    : 'cannot be estimated';
}

/** The calibration test in words: is there heterogeneity at all, and is the average right? */
export function calibrationReading(c: EffectReport['calibration']): string {
  if (!Number.isFinite(c.differentialP))
    return 'The calibration test could not be computed (the effects do not vary or the regression is singular).';
  const het =
    c.differentialP < 0.05
      ? `Evidence of heterogeneity: the differences in effect the forest finds between patients are more than noise (differential coefficient ${c.differential.toFixed(2)}, ${pText(c.differentialP)}; 1 means they are about the right size).`
      : `No evidence of heterogeneity: the forest finds no clear differences in effect between patients (differential coefficient ${c.differential.toFixed(2)}, ${pText(c.differentialP)}). Read each patient's effect as the average effect.`;
  const mean = `The average prediction's coefficient is ${c.mean.toFixed(2)} (1 when the average effect is right).`;
  return `${het} ${mean}`;
}

/** The RATE in words: does ranking patients by predicted effect find those who gain more? */
export function rateReading(rate: NonNullable<EffectReport['rate']>): string {
  const figure = `RATE (area under the TOC curve) ${signedPoints(rate.estimate)}, 95 % interval ${signedPoints(rate.lower)} to ${signedPoints(rate.upper)}`;
  const how =
    rate.folds === 2
      ? 'each half of the patients ranked by effects predicted by forests fitted on the other half'
      : `each of ${rate.folds} folds ranked by effects predicted by forests fitted on the other folds`;
  return rate.lower > 0
    ? `Ranking patients by their predicted effect finds those who gain more: ${figure} (${how}).`
    : `No clear evidence that ranking patients by their predicted effect finds those who gain more: ${figure} (${how}).`;
}

/** One line naming the top columns, for the patient view (the same drivers for every patient). */
export function driversSentence(drivers: EffectReport['drivers']): string | null {
  const top = drivers.filter((d) => d.importance > 0).slice(0, 3);
  if (top.length === 0) return null;
  const named = top.map((d) => `${shortName(d.feature)} (${percent(d.importance)})`).join(', ');
  return `Across the cohort the effect varies most with ${named} — shares of the effect forest's splits, the same for every patient, not a breakdown of this patient's effect.`;
}
