import { describe, expect, it } from 'vitest';
import { calibrationReading, driversSentence, intervalText, rateReading } from './effectWords';
import { effectIsCurrent } from './effectCurrent';
import type { EffectReport } from '../../worker/api';

const calibration = (differential: number, differentialP: number): EffectReport['calibration'] => ({
  mean: 1.02,
  meanSe: 0.1,
  meanP: 0.001,
  differential,
  differentialSe: 0.2,
  differentialP,
});

describe('treatment-effect words', () => {
  it('reads the calibration test plainly', () => {
    expect(calibrationReading(calibration(0.95, 0.0004))).toMatch(
      /^Evidence of heterogeneity: .*coefficient 0\.95, p < 0\.001/,
    );
    expect(calibrationReading(calibration(0.1, 0.31))).toMatch(
      /^No evidence of heterogeneity: .*p = 0\.310\)\. Read each patient's effect as the average effect\./,
    );
    expect(calibrationReading(calibration(NaN, NaN))).toMatch(/could not be computed/);
  });

  it('writes an interval in signed percentage points, or says there is none', () => {
    const e = { estimate: 0.05, standardError: 0.02, lower: -0.0092, upper: 0.0892 };
    expect(intervalText(e)).toBe('−0.9 percentage points to +8.9 percentage points');
    expect(intervalText({ estimate: NaN, standardError: NaN, lower: NaN, upper: NaN })).toBe(
      'cannot be estimated',
    );
  });

  it('keeps an estimate only for the table it was made on', () => {
    const effect = { report: {} as EffectReport, source: { fileName: 'a.csv', rowCount: 10 } };
    expect(effectIsCurrent(effect, { fileName: 'a.csv', rowCount: 10 })).toBe(true);
    expect(effectIsCurrent(effect, { fileName: 'a.csv', rowCount: 11 })).toBe(false);
    expect(effectIsCurrent(effect, { fileName: 'b.csv', rowCount: 10 })).toBe(false);
    expect(
      effectIsCurrent({ report: null, source: null }, { fileName: 'a.csv', rowCount: 10 }),
    ).toBe(false);
  });

  it('reads the RATE by whether its interval is above zero', () => {
    const rate = (lower: number) => ({
      estimate: 0.06,
      standardError: 0.02,
      lower,
      upper: 0.1,
      toc: { q: [1], estimate: [0], standardError: [0] },
      folds: 2,
      bootstrap: 200,
    });
    expect(rateReading(rate(0.021))).toMatch(
      /^Ranking patients by their predicted effect finds those who gain more: RATE .* \+6\.0 percentage points, 95 % interval \+2\.1/,
    );
    expect(rateReading(rate(-0.01))).toMatch(/^No clear evidence that ranking/);
  });
});

describe('driversSentence', () => {
  it('names the top three columns with their shares, and says it is the cohort’s', () => {
    const s = driversSentence([
      { feature: 'biomarker', importance: 0.6 },
      { feature: 'age', importance: 0.25 },
      { feature: 'sex', importance: 0.1 },
      { feature: 'site', importance: 0.05 },
    ]);
    expect(s).toBe(
      "Across the cohort the effect varies most with biomarker (60.0 %), age (25.0 %), sex (10.0 %) — shares of the effect forest's splits, the same for every patient, not a breakdown of this patient's effect.",
    );
  });

  it('says nothing when the forest made no split', () => {
    expect(driversSentence([{ feature: 'age', importance: 0 }])).toBeNull();
  });
});
