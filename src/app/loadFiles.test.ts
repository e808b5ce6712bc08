import { describe, expect, it } from 'vitest';
import { evaluateInProcess, trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { DataWorkerApi, TrainingSetup } from './types';
import { createDataSession } from './dataSession';
import { clinicalCsv, cohortSampleIds, fixtureFile } from './genomicTestData';
import { parseModelFile } from './modelFile';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 1 };

const train = (data: DataWorkerApi, setup: TrainingSetup) => trainInProcess(data, setup, params);
const evaluate = evaluateInProcess;

describe('loadFiles: genotypes in any format, joined to a clinical table', () => {
  it('.bed+.bim+.fam with a clinical CSV: join key, unmatched patients by count with examples, conversions', async () => {
    const data = createDataSession();
    const clinical = new File([clinicalCsv()], 'clinical.csv');
    const summary = await data.loadFiles([
      clinical,
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
    ]);
    expect(summary.format).toBe('plink-bed');
    expect(summary.files).toEqual(['cohort.bed', 'cohort.bim', 'cohort.fam', 'clinical.csv']);
    expect(summary.join?.key.genotypeColumn).toBe('IID');
    expect(summary.join?.key.clinicalColumn).toBe('sample_id');
    expect(summary.join?.samplesJoined).toBe(22);
    const ids = cohortSampleIds();
    expect(summary.join?.onlyInGenotypes.count).toBe(2);
    expect(summary.join?.onlyInGenotypes.examples).toEqual(ids.slice(-2));
    expect(summary.join?.onlyInClinical).toEqual({ count: 2, examples: ['x1', 'x2'] });
    expect(summary.genotypeColumns).toBe(40);
    const snp = summary.schema.columns.find((c) => c.kind === 'genotype');
    expect(snp?.genotype?.source).toBe('plink');
    expect(snp?.name).toMatch(/_[ACGT]$/);
    expect(snp?.name.endsWith(`_${snp.genotype?.counted}`)).toBe(true);
    expect(summary.groupCandidates).toContain('FID');
    expect(summary.conversions?.some((c) => c.kind === 'unmatched')).toBe(true);
    expect(summary.suggestedTarget).toBe('response');
    // Preview cells of coded genotype columns read as doses, not as undefined.
    const c = summary.headers.indexOf(snp?.name ?? '');
    expect(summary.preview[0][c]).toMatch(/^[012]?$/);
  });

  it('trains on the joined cohort, predicts a patient given genotype strings, group and repeated CV', async () => {
    const data = createDataSession();
    await data.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
      new File([clinicalCsv()], 'clinical.csv'),
    ]);
    const setup: TrainingSetup = { target: 'response', columns: [] };
    const outcome = await data.describeOutcome(setup);
    expect(outcome.classes).toEqual(['non_responder', 'responder']);
    expect(outcome.positiveClass).toBe('responder');
    expect(outcome.positiveReason).toBe('named');
    const { info, trainer } = await train(data, setup);
    const genotype = info.encoding.features.find((f) => f.kind === 'numeric' && f.genotype);
    if (!genotype || genotype.kind !== 'numeric' || !genotype.genotype) {
      throw new Error('the PLINK SNP columns are encoded as genotype features');
    }
    expect(genotype.genotype.source).toBe('plink');
    const { counted, other } = genotype.genotype;
    // The dose of the counted allele, written as a genotype string, predicts like the number.
    const asText = await data.predict({ [genotype.name]: `${counted}${counted}` });
    const asDose = await data.predict({ [genotype.name]: 2 });
    expect(asText.probabilities).toEqual(asDose.probabilities);
    const het = await data.predict({ [genotype.name]: `${other}${counted}` });
    const one = await data.predict({ [genotype.name]: 1 });
    expect(het.probabilities).toEqual(one.probabilities);

    // The model file keeps the genotype coding.
    const reopened = parseModelFile(await data.exportModel(null));
    const kept = reopened.info.encoding.features.find((f) => f.name === genotype.name);
    expect(kept).toEqual(genotype);

    // FID keeps families together; two repeats of 3 folds; positive class "non_responder".
    const { plan, report } = await evaluate(data, trainer, {
      folds: 3,
      groupColumn: 'FID',
      repeats: 2,
      positiveClass: 'non_responder',
    });
    expect(plan.k).toBe(6);
    expect(report.repeats).toBe(2);
    // Two repeats split the families differently; their spread is the mean and half-range, sd = (max − min)/√2.
    const auc = report.repeatSpread!.auc;
    expect(auc.min).toBeLessThan(auc.max);
    expect(auc.mean).toBeCloseTo((auc.min + auc.max) / 2, 12);
    expect(auc.sd).toBeCloseTo((auc.max - auc.min) / Math.SQRT2, 12);
    expect(report.groups?.column).toBe('FID');
    expect(report.groups?.count).toBe(8);
    expect(report.positiveClass).toBe('non_responder');
    expect(report.cv.curves[0].className).toBe('non_responder');
    expect(report.oobNote).toMatch(/ignores groups/);
    // An evaluation with the new fields survives the model file.
    const withEval = parseModelFile(await data.exportModel({ ...report }));
    expect(withEval.evaluation?.repeatSpread?.auc.mean).toBeCloseTo(
      report.repeatSpread?.auc.mean ?? NaN,
    );
    expect(withEval.evaluation?.positiveClass).toBe('non_responder');
    await expect(data.evaluationInput(false, { folds: 3, groupColumn: 'nope' })).rejects.toThrow(
      /group column “nope” is not in the loaded table/,
    );
  });

  it('PLINK .raw alone: PHENOTYPE is the outcome with case as the positive class', async () => {
    const data = createDataSession();
    const summary = await data.loadCsv(fixtureFile('cohort.raw'), 'cohort.raw');
    expect(summary.format).toBe('plink-raw');
    expect(summary.suggestedTarget).toBe('PHENOTYPE');
    expect(summary.columnCount).toBeGreaterThan(40);
    const outcome = await data.describeOutcome({ target: 'PHENOTYPE', columns: [] });
    expect(outcome.classes.sort()).toEqual(['case', 'control']);
    expect(outcome.positiveClass).toBe('case');
  });

  it('a .vcf.gz loads with samples as patients, and a wide TSV keeps every column', async () => {
    const data = createDataSession();
    const vcf = await data.loadFiles([fixtureFile('wide.vcf.gz')]);
    expect(vcf.format).toBe('vcf');
    expect(vcf.rowCount).toBe(120);
    expect(vcf.genotypeColumns).toBeGreaterThanOrEqual(600);

    const cols = 3000;
    const head = ['id', ...Array.from({ length: cols }, (_, j) => `rs${j}`), 'status'];
    const lines = [head.join('\t')];
    for (let r = 0; r < 30; r++) {
      const cells = Array.from({ length: cols }, (_, j) => String((r * 7 + j) % 3));
      lines.push([`p${r}`, ...cells, r % 2 ? 'case' : 'control'].join('\t'));
    }
    const tsv = await data.loadFiles([new File([lines.join('\n')], 'wide.tsv')]);
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.columnCount).toBe(cols + 2);
    expect(tsv.suggestedTarget).toBe('status');
  });
});
