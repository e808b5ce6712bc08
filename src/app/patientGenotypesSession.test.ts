/**
 * Genotype files of new patients through the data session: VCFs made at test time from testdata/genomic/cohort.raw
 * (PLINK's own allele counts of cohort.bed), written with the model's alleles as ALT, swapped, and on the other
 * strand, must all give the same doses and the same predictions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { binFeatures } from '../engine/forest/binning';
import { growSurvivalTrees } from '../engine/forest/survivalGrow';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { createDataSession } from './dataSession';
import { fixtureFile, GENOMIC_DIR } from './genomicTestData';

const COMPLEMENT: Record<string, string> = { A: 'T', T: 'A', C: 'G', G: 'C' };

/** cohort.raw: IIDs, and per SNP its name (rsID_A1) and each sample's count of A1 (null: no call). */
function rawCohort() {
  const [header, ...rows] = readFileSync(path.join(GENOMIC_DIR, 'cohort.raw'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const bim = readFileSync(path.join(GENOMIC_DIR, 'cohort.bim'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  return {
    ids: rows.map((r) => r[1]),
    snps: bim.map(([, id, , , a1, a2], j) => {
      expect(header[6 + j]).toBe(`${id}_${a1}`);
      return { id, a1, a2, doses: rows.map((r) => (r[6 + j] === 'NA' ? null : Number(r[6 + j]))) };
    }),
  };
}

/** The cohort as a VCF: 'alt' writes A1 as ALT, 'ref' as REF (swapped), 'flip' as ALT on the other strand. */
function cohortVcf(way: 'alt' | 'ref' | 'flip'): File {
  const { ids, snps } = rawCohort();
  const gt = (copies: number | null) => (copies === null ? './.' : ['0/0', '0/1', '1/1'][copies]);
  const lines = [
    '##fileformat=VCFv4.2',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...ids].join('\t'),
    ...snps.map(({ id, a1, a2, doses }, j) => {
      const [ref, alt] =
        way === 'alt' ? [a2, a1] : way === 'ref' ? [a1, a2] : [COMPLEMENT[a2], COMPLEMENT[a1]];
      const calls = doses.map((d) => gt(d === null ? null : way === 'ref' ? 2 - d : d));
      return ['1', String(1000 + j), id, ref, alt, '.', 'PASS', '.', 'GT', ...calls].join('\t');
    }),
  ];
  return new File([lines.join('\n') + '\n'], `cohort_${way}.vcf`);
}

describe('genotype files of new patients in the data session', () => {
  it('fills a chosen sample with the doses PLINK counts, however the VCF writes the alleles', async () => {
    const data = createDataSession();
    await data.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
    ]);
    await trainInProcess(
      data,
      { target: 'PHENOTYPE', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 5 },
    );
    const { ids, snps } = rawCohort();
    const expected = Object.fromEntries(snps.map((s) => [`${s.id}_${s.a1}`, s.doses[3]]));
    const predictions: number[][][] = [];
    for (const way of ['alt', 'ref', 'flip'] as const) {
      const file = cohortVcf(way);
      const list = await data.patientGenotypes([file]);
      expect(list.kind).toBe('choose');
      const answer = await data.patientGenotypes([file], 3);
      if (answer.kind !== 'filled') throw new Error('not filled');
      expect(answer.fill.sample).toBe(ids[3]);
      expect(answer.fill.values).toEqual(expected);
      const called = Object.values(expected).filter((d) => d !== null).length;
      expect(answer.fill.filled).toBe(called);
      expect(answer.fill.noCall).toBe(40 - called);
      expect(answer.fill.swapped).toBe(way === 'ref' ? called : 0);
      expect(answer.fill.flipped).toBe(way === 'flip' ? called : 0);
      expect(answer.fill.notInFile).toBe(0);

      const batch = await data.predictBatch([file]);
      expect(batch.rows).toHaveLength(ids.length);
      predictions.push(batch.rows.map((r) => r.prediction.probabilities));
      if (way === 'ref') {
        expect(batch.issues).toContain(
          "40 of 40 variants counted the model's other allele in the file: recounted as 2 − dose.",
        );
      }
    }
    expect(predictions[1]).toEqual(predictions[0]);
    expect(predictions[2]).toEqual(predictions[0]);
  });

  it('predicts a survival model from genotype files with the same allele matching as the class batch', async () => {
    const data = createDataSession();
    const { ids } = rawCohort();
    // Follow-up made at test time: distinct times, two events in three.
    const clinical = [
      'sample_id,time,event',
      ...ids.map((id, i) => `${id},${10 + 3 * i},${i % 3 === 2 ? 0 : 1}`),
    ].join('\n');
    await data.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
      new File([clinical + '\n'], 'follow_up.csv'),
    ]);
    const choice = { time: 'time', event: 'event', eventValue: '1', unit: 'days' as const };
    // As the client does: prepared in the data session, grown (here in this thread), assembled back there.
    const c = await data.prepareSurvival(choice, {
      nEstimators: 20,
      minSamplesLeaf: 3,
      randomState: 5,
    });
    const binned = binFeatures(c.X, c.nRows, c.nFeatures, c.isCategorical);
    const indices = Array.from({ length: c.params.nEstimators }, (_, i) => i);
    const shard = growSurvivalTrees(binned, c.time, c.event, c.grid, c.params, indices);
    const report = await data.assembleSurvival([shard], 0);
    expect(report.features.some((f) => f.kind === 'numeric' && f.genotype)).toBe(true);
    const csvs: string[] = [];
    for (const way of ['alt', 'ref', 'flip'] as const) {
      const batch = await data.predictSurvivalBatch([cohortVcf(way)], [30, 60]);
      expect(batch.rows).toBe(ids.length);
      if (way === 'ref') {
        expect(batch.issues).toContain(
          "40 of 40 variants counted the model's other allele in the file: recounted as 2 − dose.",
        );
      }
      csvs.push(batch.csv);
    }
    expect(csvs[1]).toBe(csvs[0]);
    expect(csvs[2]).toBe(csvs[0]);
  });
});
