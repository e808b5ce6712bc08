import { describe, expect, it } from 'vitest';
import { exportSurvivalModel, medianFollowUp, openSurvivalModel } from '../../app/survivalCohort';
import { lungSurvival } from '../../app/survivalTestData';
import { buildSurvivalModelCard } from './survivalModelCard';

describe('survival model card', () => {
  it('says the outcome, censoring, cohort, settings, C with its interval, IBS and the model hash', async () => {
    // Five censored patients made "transplant": a competing event the card must name.
    const held = await lungSurvival(
      { nEstimators: 30, minSamplesLeaf: 15, randomState: 1 },
      { transplants: 5, folds: 3, groups: { column: 'site', of: (r) => r % 40 } },
    );
    const data = held.data!;
    const report = held.report;
    report.modelHash = 'a'.repeat(64);
    const card = buildSurvivalModelCard({
      report,
      sourceFileName: 'lung.csv',
      generatedAt: '2026-12-06T10:00:00Z',
    });
    expect(card).toMatch(/^# Model card: random survival forest for the time to “1” \(“event”\)/);
    expect(card).toContain('| Time unit | days |');
    expect(card).toContain('| Value that means the event | “1” |');
    expect(card).toMatch(/\| Values counted as censored \| “0”, “transplant” \|/);
    expect(card).toMatch(
      /\| Competing events \| “0”, “transplant” are all treated as censored.*cause-specific analysis of “1”/,
    );
    expect(card).toContain(`| Patients used for training | ${report.rows} |`);
    expect(card).toContain(`| Events | ${report.events} (`);
    expect(card).toContain(`| Longest follow-up | 1,022 days |`);
    const median = medianFollowUp(data.time, data.event)!;
    expect(median).toBeGreaterThan(0);
    expect(card).toContain(
      `| Median follow-up (reverse Kaplan–Meier) | ${median.toLocaleString('en-US')} days |`,
    );
    expect(card).toContain('| Minimum patients per leaf (min_samples_leaf) | 15 |');
    expect(card).toContain('| Random seed (random_state) | 1 |');
    expect(card).toContain('| How the settings were chosen | as given (not tuned) |');
    const cv = report.crossValidation!;
    const [lo, hi] = cv.cindexInterval;
    expect(card).toContain(
      `| 3-fold cross-validation | ${cv.cindex.toFixed(3)} (95 % interval ${lo.toFixed(3)}–${hi.toFixed(3)}) | ${cv.integratedBrier.toFixed(3)} |`,
    );
    expect(card).toContain(`| Out-of-bag | ${report.outOfBag!.cindex.toFixed(3)} (95 % interval`);
    expect(card).toContain('each of the 40 groups of “site” wholly in one fold');
    expect(card).toContain(
      `| Model identity (SHA-256 of the serialised forest and its encoding) | ${'a'.repeat(64)} |`,
    );
  });

  it('says an opened model was not evaluated here, with the saved out-of-bag C', async () => {
    const held = await lungSurvival({ nEstimators: 20, minSamplesLeaf: 15, randomState: 2 });
    const opened = openSurvivalModel(exportSurvivalModel(held), 'lung.genoforest.json', null);
    const card = buildSurvivalModelCard({
      report: opened.report,
      sourceFileName: null,
      generatedAt: '2026-12-06T10:00:00Z',
    });
    expect(card).toContain(
      'The model has not been evaluated here (opened from lung.genoforest.json)',
    );
    expect(card).toContain(`out-of-bag Harrell’s C of ${held.forest.oobCindex!.toFixed(3)}`);
    expect(card).toContain('| Median follow-up (reverse Kaplan–Meier) | not available |');
  });
});
