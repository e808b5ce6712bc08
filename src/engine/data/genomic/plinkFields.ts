/**
 * PLINK's sample fields (FID, IID, PAT, MAT, SEX, PHENOTYPE), shared by .fam and .raw: codes become
 * words, missing codes become empty cells, and every such change is recorded as a conversion.
 */
import type { Conversion, TableHints } from '../types';

/** The six sample columns PLINK writes first in .fam and .raw. */
export const PLINK_SAMPLE_FIELDS = ['FID', 'IID', 'PAT', 'MAT', 'SEX', 'PHENOTYPE'] as const;

/** Text columns and hints made from PLINK's six sample fields (PAT and MAT are dropped). */
export interface PlinkSampleColumns {
  headers: string[];
  columns: string[][];
  conversions: Conversion[];
  hints: TableHints;
}

/** Turns the six PLINK sample fields into text columns: SEX male/female, PHENOTYPE control/case. */
export function plinkSampleColumns(fields: string[][]): PlinkSampleColumns {
  const [fid, iid, pat, mat, sexCodes, phenoCodes] = fields;
  const conversions: Conversion[] = [];
  const n = iid.length;

  const parents = pat.filter((p) => p !== '0').length + mat.filter((m) => m !== '0').length;
  conversions.push({
    kind: 'column-dropped',
    column: 'PAT, MAT',
    count: 2,
    message:
      parents === 0
        ? 'PLINK’s PAT and MAT (parent IDs) are all 0 (unknown) and were left out.'
        : 'PLINK’s PAT and MAT (parent IDs) were left out: they identify relatives, not traits. Keep families together with the group column FID.',
  });

  let unknownSex = 0;
  const sex = sexCodes.map((s) => {
    if (s === '1') return 'male';
    if (s === '2') return 'female';
    unknownSex++;
    return '';
  });
  conversions.push({
    kind: 'recoded',
    column: 'SEX',
    count: n,
    message: `SEX read as PLINK codes it: 1 = male, 2 = female${unknownSex > 0 ? `; ${unknownSex} sample${unknownSex === 1 ? '' : 's'} with 0 or another code (unknown) treated as missing` : ''}.`,
  });

  const binary = phenoCodes.every((p) => p === '1' || p === '2' || p === '0' || p === '-9');
  let missingPheno = 0;
  const phenotype = phenoCodes.map((p) => {
    if (p === '-9' || (binary && p === '0') || p === 'NA') {
      missingPheno++;
      return '';
    }
    if (binary) return p === '2' ? 'case' : 'control';
    return p;
  });
  if (binary) {
    conversions.push({
      kind: 'recoded',
      column: 'PHENOTYPE',
      count: n,
      message: `PHENOTYPE read as PLINK codes it: 1 = control, 2 = case${missingPheno > 0 ? `; ${missingPheno} sample${missingPheno === 1 ? '' : 's'} with -9 or 0 (missing) have no outcome` : ''}.`,
    });
  } else if (missingPheno > 0) {
    conversions.push({
      kind: 'missing-code',
      column: 'PHENOTYPE',
      count: missingPheno,
      message: `PHENOTYPE: ${missingPheno} sample${missingPheno === 1 ? '' : 's'} with -9 (PLINK’s missing code) have no value.`,
    });
  }
  const present = phenotype.filter((p) => p !== '').length;
  const hints: TableHints = { id: 'IID', groups: ['FID'] };
  if (present > 0) {
    hints.outcome = 'PHENOTYPE';
    if (binary) hints.plinkPhenotype = true;
  }
  return {
    headers: ['FID', 'IID', 'SEX', 'PHENOTYPE'],
    columns: [fid, iid, sex, phenotype],
    conversions,
    hints,
  };
}
