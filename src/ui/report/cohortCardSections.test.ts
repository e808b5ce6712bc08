import { describe, expect, it } from 'vitest';
import type { EvaluationReport, TableSummary } from '../../worker/api';
import { cohortSection, evaluationDesign } from './cohortCardSections';

const esc = (t: string) => t.replace(/\|/g, '\\|');

describe('model card: cohort files and evaluation design', () => {
  it('lists the files, the join with unmatched patients by count and example, and every conversion', () => {
    const table = {
      files: ['cohort.bed', 'cohort.bim', 'cohort.fam', 'clinical.csv'],
      join: {
        key: { genotypeColumn: 'IID', clinicalColumn: 'sample_id', overlap: 22 },
        samplesJoined: 22,
        onlyInGenotypes: { count: 2, examples: ['s23', 's24'] },
        onlyInClinical: { count: 1, examples: ['x|1'] },
        duplicateClinical: { count: 0, examples: [] },
      },
      conversions: [{ kind: 'missing-code', message: 'SEX 0 read as missing.' }],
    } as unknown as TableSummary;
    const text = cohortSection(table, esc);
    expect(text).toContain('cohort.bed + cohort.bim + cohort.fam + clinical.csv');
    expect(text).toContain('IID = sample_id: 22 patients joined');
    expect(text).toContain('2 only in the genotypes (e.g. s23, s24)');
    expect(text).toContain('1 only in the clinical table (e.g. x\\|1)');
    expect(text).toContain('- SEX 0 read as missing.');
    expect(cohortSection(null, esc)).toBe('');
  });

  it('states the positive class, the groups, the spread across repeats and the OOB caveat', () => {
    const s = { mean: 0.8, sd: 0.02, min: 0.77, max: 0.83 };
    const ev = {
      classes: ['control', 'case'],
      positiveClass: 'case',
      warnings: ['The model never gave “case” as the most likely outcome.'],
      groups: { column: 'FID', count: 8, unlabelled: 0 },
      repeats: 5,
      repeatSpread: { auc: s, accuracy: s, balancedAccuracy: s, brier: s },
      oobNote: 'The out-of-bag estimate ignores groups.',
    } as unknown as EvaluationReport;
    const lines = evaluationDesign(ev, esc);
    expect(lines).toEqual([
      'Positive class: “case”.',
      'The model never gave “case” as the most likely outcome.',
      'Groups kept together in cross-validation: “FID” (8 groups; stratified group k-fold).',
      'Repeated 5 times: ROC AUC 0.800 ± 0.020 (SD; range 0.770–0.830), accuracy 80.0 % ± 2.0 percentage points (SD).',
      'The out-of-bag estimate ignores groups.',
    ]);
  });
});
