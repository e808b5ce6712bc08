import { describe, expect, it } from 'vitest';
import { evaluationCautions } from './cautions';

const base = {
  classes: ['benign', 'malignant'],
  classCounts: [357, 212],
  nFeatures: 30,
  nTrainingRows: 569,
  auc: 0.99,
  aucInterval: [0.98, 0.995] as [number, number],
};

describe('evaluation cautions', () => {
  it('says nothing on a well-sized cohort, even with a near-perfect AUC (Wisconsin breast cancer)', () => {
    expect(evaluationCautions(base)).toEqual([]);
  });

  it('warns when the rarer outcome has fewer than 50 patients, naming it', () => {
    const c = evaluationCautions({ ...base, classCounts: [357, 49], nTrainingRows: 406 });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatch(/^Only 49 patients had “malignant”, the rarer outcome/);
    expect(evaluationCautions({ ...base, classCounts: [357, 50], nTrainingRows: 407 })).toEqual([]);
  });

  it('warns when features outnumber patients more than ten to one', () => {
    const wide = { ...base, classCounts: [200, 200], nTrainingRows: 400, auc: 0.7 };
    expect(evaluationCautions({ ...wide, nFeatures: 4000 })).toEqual([]);
    const c = evaluationCautions({ ...wide, nFeatures: 4001 });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatch(/4,001 features for 400 patients \(about 10 per patient\)/);
  });

  it('flags AUC 1.000 on 38 patients with 3,051 features on every count, with the interval', () => {
    const c = evaluationCautions({
      classes: ['ALL', 'AML'],
      classCounts: [27, 11],
      nFeatures: 3051,
      nTrainingRows: 38,
      auc: 1,
      aucInterval: [0.741, 1],
    });
    expect(c).toHaveLength(3);
    expect(c[0]).toMatch(/Only 11 patients had “AML”/);
    expect(c[1]).toMatch(/3,051 features for 38 patients \(about 80 per patient\)/);
    expect(c[2]).toBe(
      'An AUC of 1.000 (95 % interval 0.74–1.00) on only 38 patients is more often a sign of leakage than of a real signal: check for a column that records the outcome or is measured after it, patients entered twice, or features chosen on the whole cohort, and confirm on patients from elsewhere before relying on it.',
    );
  });
});
