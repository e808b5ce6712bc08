import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellText, columnCells } from '../cells';
import { buildEncoding, encodeTable } from '../encode';
import { inferSchema, suggestTarget } from '../schema';
import { MISSING_CODE } from '../types';
import { decodeBed, plinkTable, readPlinkFiles } from './plinkBed';
import { parsePlinkRawBlob, parsePlinkRawText } from './plinkRaw';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../testdata/genomic');
const read = (name: string) => readFileSync(resolve(dir, name));
const bedTable = () =>
  plinkTable({
    bed: new Uint8Array(read('cohort.bed')),
    bim: read('cohort.bim').toString('utf8'),
    fam: read('cohort.fam').toString('utf8'),
  });

describe('PLINK .bed/.bim/.fam', () => {
  it('gives exactly the table plink1.9 --recode A wrote for the same cohort', () => {
    const fromBed = bedTable();
    const fromRaw = parsePlinkRawText(read('cohort.raw').toString('utf8'));
    expect(fromBed.headers).toEqual(fromRaw.headers);
    expect(fromBed.rowCount).toBe(24);
    expect(fromBed.headers.slice(0, 5)).toEqual(['FID', 'IID', 'SEX', 'PHENOTYPE', 'rs1000_G']);
    for (let c = 0; c < fromBed.headers.length; c++) {
      expect(columnCells(fromBed, c), fromBed.headers[c]).toEqual(columnCells(fromRaw, c));
    }
    // The .raw's own text, cell by cell (NA = missing).
    const rawLines = read('cohort.raw').toString('utf8').trim().split('\n').slice(1);
    rawLines.forEach((line, i) => {
      const f = line.split(' ');
      for (let j = 6; j < f.length; j++) {
        expect(cellText(fromBed, j - 2, i)).toBe(f[j] === 'NA' ? '' : f[j]);
      }
    });
    const missing = fromBed.coded!.reduce(
      (n, c) => n + (c ? c.values.filter((v) => v === MISSING_CODE).length : 0),
      0,
    );
    expect(missing).toBeGreaterThan(0);
  });

  it('reads PLINK codes: SEX 1/2 (0 missing), PHENOTYPE 1 control / 2 case (-9, 0 missing)', () => {
    const t = bedTable();
    expect(t.hints).toEqual({
      id: 'IID',
      groups: ['FID'],
      outcome: 'PHENOTYPE',
      plinkPhenotype: true,
    });
    const fam = read('cohort.fam')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    fam.forEach((f, i) => {
      expect(cellText(t, 2, i)).toBe(f[4] === '1' ? 'male' : f[4] === '2' ? 'female' : '');
      expect(cellText(t, 3, i)).toBe(f[5] === '2' ? 'case' : f[5] === '1' ? 'control' : '');
    });
    expect(cellText(t, 3, 5)).toBe(''); // -9
    expect(cellText(t, 3, 11)).toBe(''); // 0
    expect(t.conversions!.map((c) => c.kind)).toEqual([
      'column-dropped',
      'recoded',
      'recoded',
      'genotype-coding',
    ]);
    const schema = inferSchema(t);
    expect(schema.columns[1].kind).toBe('identifier');
    expect(schema.columns[0]).toMatchObject({ name: 'FID', excluded: true });
    expect(schema.columns[4]).toMatchObject({
      kind: 'genotype',
      genotype: { counted: 'G', other: 'A' },
    });
    expect(suggestTarget(schema, t.hints)).toBe('PHENOTYPE');
    const { encoding, summary } = buildEncoding(t, schema, { target: 'PHENOTYPE', columns: [] });
    expect(summary.classes).toEqual(['case', 'control']);
    expect(summary.droppedMissingTarget).toBe(2);
    const data = encodeTable(t, encoding);
    const f = encoding.features.findIndex((x) => x.name === 'rs1000_G');
    expect(encoding.features[f]).toMatchObject({ genotype: { counted: 'G', source: 'plink' } });
    expect(data.X[f * data.nRows]).toBe(Number(cellText(t, 4, data.rowIndex[0])));
  });

  it('reads the same from Blobs', async () => {
    const t = await readPlinkFiles({
      bed: new Blob([read('cohort.bed')]),
      bim: new Blob([read('cohort.bim')]),
      fam: new Blob([read('cohort.fam')]),
    });
    expect(columnCells(t, 10)).toEqual(columnCells(bedTable(), 10));
  });

  it('decodes every 2-bit code and a partial last byte', () => {
    // 5 samples: codes 00 01 10 11 | 00 → doses 2, missing, 1, 0 | 2.
    const bed = Uint8Array.from([0x6c, 0x1b, 0x01, 0b11100100, 0b00000000]);
    expect(Array.from(decodeBed(bed, 5, 1))).toEqual([2, MISSING_CODE, 1, 0, 2]);
    expect(() => decodeBed(Uint8Array.from([0x6c, 0x1b, 0x00, 0]), 4, 1)).toThrow(/sample-major/);
    expect(() => decodeBed(Uint8Array.from([1, 2, 3]), 4, 1)).toThrow(/not a PLINK/);
    expect(() => decodeBed(bed, 9, 1)).toThrow(/do not belong together/);
  });
});

describe('PLINK .raw', () => {
  it('reads --recode AD: _HET columns as 0/1 numbers, allele columns as genotypes', async () => {
    const t = await parsePlinkRawBlob(new Blob([read('cohort_ad.raw')]));
    expect(t.headers.slice(4, 6)).toEqual(['rs1000_G', 'rs1000_HET']);
    expect(t.coded![4]!.genotype).toEqual({ counted: 'G', other: '', source: 'plink' });
    expect(t.coded![5]!.genotype).toBeUndefined();
    const a = columnCells(t, 4);
    const het = columnCells(t, 5);
    a.forEach((v, i) => expect(het[i]).toBe(v === '' ? '' : v === '1' ? '1' : '0'));
    const schema = inferSchema(t);
    expect(schema.columns[5].kind).toBe('numeric');
  });

  it('rejects a file that is not .raw and counts odd cells as missing', () => {
    expect(() => parsePlinkRawText('a b\n1 2\n')).toThrow(/not a PLINK .raw/);
    const t = parsePlinkRawText(
      'FID IID PAT MAT SEX PHENOTYPE rs1_A\nf i 0 0 1 -9 0.5\nf j 0 0 1 1 1\n',
    );
    expect(columnCells(t, 4)).toEqual(['', '1']);
    expect(t.conversions!.some((c) => c.kind === 'missing-code' && c.count === 1)).toBe(true);
  });
});
