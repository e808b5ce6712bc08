/**
 * The genomic fixtures of testdata/genomic as files a user would drop (for worker and CLI tests), and a clinical
 * table for the PLINK cohort made at test time: outcome and age per sample, two samples left out of it and two
 * clinical-only patients, so the join has unmatched patients on both sides.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NamedFile } from './types';

/** Folder of the committed genomic fixtures. */
export const GENOMIC_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../testdata/genomic',
);

/** A fixture file as a browser File. */
export function fixtureFile(name: string): NamedFile {
  return new File([readFileSync(path.join(GENOMIC_DIR, name))], name);
}

/** Sample IDs (IID) of cohort.fam in file order. */
export function cohortSampleIds(): string[] {
  return readFileSync(path.join(GENOMIC_DIR, 'cohort.fam'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[1]);
}

/**
 * Clinical CSV for cohort.bed: `sample_id,age,response`; the last two samples of the .fam are missing from it
 * and patients "x1", "x2" are only in it. The response follows the sample's position (alternating), so both
 * classes have patients in every family.
 */
export function clinicalCsv(): string {
  const ids = cohortSampleIds();
  const lines = ['sample_id,age,response'];
  ids.slice(0, -2).forEach((id, i) => {
    lines.push(`${id},${40 + ((i * 7) % 30)},${i % 2 === 0 ? 'responder' : 'non_responder'}`);
  });
  lines.push('x1,55,responder', 'x2,61,non_responder');
  return `${lines.join('\n')}\n`;
}

/** cohort.fam with samples numbered within each family (F1 1, F1 2, F1 3, F2 1, …), as PLINK allows. */
export function familyNumberedFam(): string {
  const seen = new Map<string, number>();
  const lines = readFileSync(path.join(GENOMIC_DIR, 'cohort.fam'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [fid, , ...rest] = line.trim().split(/\s+/);
      const k = (seen.get(fid) ?? 0) + 1;
      seen.set(fid, k);
      return [fid.replace('fam', 'F'), String(k), ...rest].join(' ');
    });
  return `${lines.join('\n')}\n`;
}

/**
 * Clinical CSV for familyNumberedFam: `FID,IID,tag,response` (the header can be changed), rows in reverse order so a
 * join that takes the first row of an IID goes wrong; tag is the row's own "FID-IID", response alternates.
 */
export function familyClinicalCsv(header = 'FID,IID,tag,response'): string {
  const rows = familyNumberedFam()
    .trim()
    .split('\n')
    .map((l, i) => {
      const [fid, iid] = l.split(' ');
      return `${fid},${iid},${fid}-${iid},${i % 2 === 0 ? 'responder' : 'non_responder'}`;
    });
  return `${[header, ...rows.reverse()].join('\n')}\n`;
}
