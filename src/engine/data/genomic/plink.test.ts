import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { cellText, codeValues, columnCells, countColumnCodes } from '../cells';
import { buildEncoding, encodeColumns, encodeTable } from '../encode';
import { denseMatrix, sliceColumns } from '../../forest/featureColumns';
import { inferSchema, suggestTarget } from '../schema';
import { MISSING_CODE, type CodedColumn, type RawTable } from '../types';
import { decodeBed, plinkTable, readPlinkFiles } from './plinkBed';
import { parsePlinkRawBlob, parsePlinkRawText } from './plinkRaw';
import { genotypeColumns, variantQc } from '../../genetics/qc';
import { withoutRemoved } from '../../genetics/qcTable';
import { pcaOfTable } from '../../genetics/pca';
import { ldPrune } from '../../genetics/ldPrune';

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
      (n, c) => n + (c ? countColumnCodes(c, fromBed.rowCount)[MISSING_CODE] : 0),
      0,
    );
    expect(missing).toBeGreaterThan(0);
  });

  it('reads PLINK codes: SEX 1/2 (0 missing), PHENOTYPE 1 control / 2 case (-9, 0 missing)', () => {
    const t = bedTable();
    const { loci, ...hints } = t.hints ?? {};
    expect(hints).toEqual({
      id: 'IID',
      groups: ['FID'],
      outcome: 'PHENOTYPE',
      plinkPhenotype: true,
    });
    // Each SNP column's chromosome and position, from the .bim's first and fourth fields.
    expect(loci?.columns).toEqual(t.headers.slice(4));
    expect(loci?.chromosomes.slice(0, 2)).toEqual(['1', '1']);
    expect(loci?.chromosomes[39]).toBe('2');
    expect(loci?.positions.slice(0, 3)).toEqual([10000, 10137, 10274]);
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

  it('encodes the genotypes 2-bit packed with the values encodeTable gives, the .fam sex as floats', () => {
    const t = bedTable();
    const schema = inferSchema(t);
    const { encoding } = buildEncoding(t, schema, { target: 'PHENOTYPE', columns: [] });
    const floats = encodeTable(t, encoding);
    const packed = encodeColumns(t, encoding);
    const { X, ...rest } = packed;
    const { X: dense, ...restFloats } = floats;
    expect(rest).toEqual(restFloats);
    const sex = encoding.features.findIndex((x) => x.name === 'SEX');
    expect(X.packOff[sex]).toBe(-1);
    // Every variant packed: 22 rows in 6 bytes each, and only the sex column as floats.
    expect(encoding.features.filter((_, f) => X.packOff[f] >= 0)).toHaveLength(
      encoding.features.length - 1,
    );
    expect(X.packed.byteLength).toBe((encoding.features.length - 1) * 6);
    expect(X.dense.byteLength).toBe(22 * 4);
    expect(denseMatrix(X)).toEqual(dense);
  });

  it('holds the genotypes packed as the .bed does (a quarter of a byte each), read as the byte codes are', () => {
    const t = bedTable();
    const columns = t.coded!.filter((c) => c !== null);
    expect(columns.length).toBeGreaterThan(10);
    // 24 samples: 6 bytes a variant, in one buffer of 6 × variants bytes, and no byte a genotype anywhere.
    expect(t.rowCount).toBe(24);
    for (const c of columns) {
      expect(c.values).toBeUndefined();
      expect(c.packed?.byteLength).toBe(6);
      expect(c.packed?.buffer.byteLength).toBe(6 * columns.length);
    }
    // The same table with its genotypes as a byte each: every reader gives the same.
    const bytes = {
      ...t,
      coded: t.coded!.map((c) => (c ? { genotype: c.genotype, values: codeValues(c, 24) } : null)),
    };
    expect(inferSchema(t)).toEqual(inferSchema(bytes));
    const { encoding } = buildEncoding(t, inferSchema(t), { target: 'PHENOTYPE', columns: [] });
    const encoded = encodeColumns(t, encoding);
    // Rows without a phenotype are dropped: the packed rows are gathered, not copied whole.
    expect(encoded.nRows).toBeLessThan(24);
    expect(encoded).toEqual(encodeColumns(bytes, encoding));
    // An outcome every row has: the packed rows are the table's bytes as they are.
    const withY = (table: RawTable): RawTable => ({
      ...table,
      headers: [...table.headers, 'y'],
      originalHeaders: [...table.originalHeaders, 'y'],
      columns: [...table.columns, Array.from({ length: 24 }, (_, r) => (r % 3 ? 'a' : 'b'))],
      coded: [...(table.coded ?? []), null],
    });
    const everyRow = buildEncoding(withY(t), inferSchema(withY(t)), { target: 'y', columns: [] });
    const inOrder = encodeColumns(withY(t), everyRow.encoding);
    expect(inOrder.nRows).toBe(24);
    expect(inOrder).toEqual(encodeColumns(withY(bytes), everyRow.encoding));
    const filters = { mind: 0.05, geno: 0.05, maf: 0.05 };
    const qc = variantQc(t, filters);
    expect(qc.samplesKept).toBeLessThan(24);
    expect(qc).toEqual(variantQc(bytes, filters));
    const kept = withoutRemoved(t, qc);
    expect(kept.coded!.find((c) => c !== null)?.packed).toBeDefined();
    expect(variantQc(kept)).toEqual(variantQc(withoutRemoved(bytes, qc)));
    expect(pcaOfTable(t, { components: 2 })).toEqual(pcaOfTable(bytes, { components: 2 }));
    const prune = { window: 10, step: 2, r2: 0.1 };
    const genotypes = (table: RawTable) =>
      genotypeColumns(table).map((c) => table.coded?.[c] as CodedColumn);
    expect(ldPrune(genotypes(t), prune, undefined, 24)).toEqual(ldPrune(genotypes(bytes), prune));
    expect(columnCells(t, 10)).toEqual(columnCells(bytes, 10));
  });

  it('reads the same from Blobs', async () => {
    const t = await readPlinkFiles({
      bed: new Blob([read('cohort.bed')]),
      bim: new Blob([read('cohort.bim')]),
      fam: new Blob([read('cohort.fam')]),
    });
    expect(columnCells(t, 10)).toEqual(columnCells(bedTable(), 10));
  });

  it('encodes a .bed read into shared memory from its own codes, without a copy, when every row is kept', async () => {
    // PHENOTYPE is missing (-9) for 2 samples, whose rows are left out; known for all in the second .fam.
    const fam = read('cohort.fam').toString('utf8');
    const famKnown = fam.replace(/-9/g, '2');
    for (const [text, nRows] of [
      [famKnown, 24],
      [fam, 22],
    ] as const) {
      const t = await readPlinkFiles({
        bed: new Blob([read('cohort.bed')]),
        bim: new Blob([read('cohort.bim')]),
        fam: new Blob([text]),
      });
      const codes = t.coded?.find((c) => c?.packed)?.packed;
      expect(codes?.buffer).toBeInstanceOf(SharedArrayBuffer);
      const { encoding } = buildEncoding(t, inferSchema(t), { target: 'PHENOTYPE', columns: [] });
      const held = encodeColumns(t, encoding);
      // The reference: the same fileset read into memory that is not shared, its codes copied.
      const copied = encodeColumns(
        plinkTable({
          bed: new Uint8Array(read('cohort.bed')),
          bim: read('cohort.bim').toString('utf8'),
          fam: text,
        }),
        encoding,
      );
      expect(held.nRows).toBe(nRows);
      expect(Array.from(held.y)).toEqual(Array.from(copied.y));
      expect(Array.from(denseMatrix(held.X))).toEqual(Array.from(denseMatrix(copied.X)));
      if (nRows === 24) expect(held.X.packed.buffer).toBe(codes?.buffer);
      else expect(held.X.packed.buffer).not.toBe(codes?.buffer);
      for (const [f0, f1] of [
        [0, 7],
        [7, 41],
      ]) {
        const a = sliceColumns(held.X, f0, f1);
        expect(Array.from(denseMatrix(a))).toEqual(
          Array.from(denseMatrix(sliceColumns(copied.X, f0, f1))),
        );
      }
    }
  });

  it('holds each variant’s metadata once: the encoding shares its column’s alleles, coded columns one empty cell list', () => {
    const t = bedTable();
    const schema = inferSchema(t);
    const { encoding } = buildEncoding(t, schema, { target: 'PHENOTYPE', columns: [] });
    const genotypes = t.headers.flatMap((_, c) => (t.coded?.[c]?.genotype ? [c] : []));
    expect(genotypes.length).toBeGreaterThan(30);
    const byName = new Map(encoding.features.map((f) => [f.name, f]));
    for (const c of genotypes) {
      const feature = byName.get(t.headers[c]);
      if (feature?.kind !== 'numeric') continue;
      // The very object (never written to), not a copy a variant.
      expect(feature.genotype).toBe(t.coded?.[c]?.genotype);
    }
    const cells = new Set(genotypes.map((c) => t.columns[c]));
    expect(cells.size).toBe(1);
    expect([...cells][0]).toEqual([]);
    expect(Object.isFrozen([...cells][0])).toBe(true);
    // The schema of a genotype column keeps its fields in their order (its JSON as before).
    const column = schema.columns[genotypes[0]];
    expect(Object.keys(column)).toEqual([
      'name',
      'index',
      'inferred',
      'kind',
      'excluded',
      'missing',
      'distinct',
      'nonNumeric',
      'nonNumericCount',
      'min',
      'max',
      'median',
      'mean',
      'genotype',
    ]);
    expect(Object.keys(column.genotype ?? {})).toEqual([
      'counted',
      'other',
      'source',
      'doseCounts',
    ]);
  });

  /** A seeded fileset of n samples × m SNPs, its text written with CRLF, tabs and blank lines as files in the wild are. */
  function synthetic(n: number, m: number) {
    let x = 7;
    const next = () => (x = (x * 48271) % 2147483647);
    const fam = Array.from(
      { length: n },
      (_, i) => `fam${i % 3}\tsample_with_a_long_name_${i} 0 0 ${(i % 3) as number} ${1 + (i % 2)}`,
    );
    const bim = Array.from(
      { length: m },
      (_, j) => `1 chr1:${100000 + j}:ACGTACGTACGT:A\t0  ${100000 + j}\tACGTACGTACGT${j % 7} A`,
    );
    const perSnp = Math.ceil(n / 4);
    const bed = new Uint8Array(3 + perSnp * m);
    bed.set([0x6c, 0x1b, 0x01]);
    for (let i = 3; i < bed.length; i++) bed[i] = next() & 255;
    return {
      bed,
      bim: `${bim.join('\r\n')}\r\n\r\n`,
      fam: `${fam.join('\n')}\n`,
    };
  }

  it('streams the .bim and .fam in pieces and the .bed in slices, to the table read from whole texts', async () => {
    const files = synthetic(10, 3000);
    const whole = plinkTable(files);
    const streamed = await readPlinkFiles(
      {
        bed: new Blob([files.bed]),
        bim: new Blob([files.bim]),
        fam: new Blob([files.fam]),
      },
      { chunkSize: 1024 },
    );
    expect(streamed.headers).toEqual(whole.headers);
    expect(streamed.conversions).toEqual(whole.conversions);
    expect(streamed.hints).toEqual(whole.hints);
    for (let c = 0; c < whole.headers.length; c++)
      expect(columnCells(streamed, c), whole.headers[c]).toEqual(columnCells(whole, c));
    expect(streamed.coded!.map((c) => c?.genotype)).toEqual(whole.coded!.map((c) => c?.genotype));
    // The same as splitting the whole texts at once (the reader before streaming).
    const bimLines = files.bim.split('\n').filter((l) => l.trim() !== '');
    const famLines = files.fam.split('\n').filter((l) => l.trim() !== '');
    const split = (l: string) => l.trim().split(/\s+/);
    expect(streamed.headers.slice(4)).toEqual(bimLines.map((l) => `${split(l)[1]}_${split(l)[4]}`));
    expect(streamed.coded![4]!.genotype).toEqual({
      counted: 'ACGTACGTACGT0',
      other: 'A',
      source: 'plink',
    });
    expect(columnCells(streamed, 1)).toEqual(famLines.map((l) => split(l)[1]));
    const decoded = decodeBed(files.bed, 10, 3000);
    // The genotypes held: ceil(10 / 4) = 3 bytes a variant, not 10.
    expect(streamed.coded![4]!.packed!.buffer.byteLength).toBe(3 * 3000);
    expect(codeValues(streamed.coded![3000 + 3]!, 10)).toEqual(
      decoded.subarray(2999 * 10, 3000 * 10),
    );
  });

  it('refuses a fileset larger than the memory budget before reading the .bim or the .bed', async () => {
    const files = synthetic(10, 3000);
    const bed = new Blob([files.bed]);
    const bim = new Blob([files.bim]);
    const bedRead = vi.spyOn(bed, 'slice');
    const bimRead = vi.spyOn(bim, 'slice');
    // 3,000 columns of 10 samples: 3000 × (3 + 1,080) bytes and the reader's 50 MB (memoryEstimate.ts).
    await expect(
      readPlinkFiles({ bed, bim, fam: new Blob([files.fam]) }, { memoryBudgetBytes: 50_000_000 }),
    ).rejects.toThrow(
      /^This file needs about 53 MB to load; this device allows about 50 MB\. Training a forest on it would need about 53 MB on 1 worker\. Load fewer variants or samples/,
    );
    expect(bedRead).not.toHaveBeenCalled();
    expect(bimRead).not.toHaveBeenCalled();
    expect(() => plinkTable(files, { memoryBudgetBytes: 50_000_000 })).toThrow(/needs about 53 MB/);
    const fits = await readPlinkFiles(
      { bed, bim, fam: new Blob([files.fam]) },
      { memoryBudgetBytes: 54_000_000 },
    );
    expect(fits.headers).toHaveLength(3004);
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

  it('reads a file straight into a matrix sized by the file: the same table as when read from text', async () => {
    const text = read('cohort.raw').toString('utf8');
    const fromText = parsePlinkRawText(text);
    // NA cells and long sample IDs make the size bound loose: the columns are moved down to the real count.
    const fromBlob = await parsePlinkRawBlob(new Blob([text]));
    expect(fromBlob.headers).toEqual(fromText.headers);
    expect(fromBlob.rowCount).toBe(fromText.rowCount);
    for (let c = 0; c < fromText.headers.length; c++) {
      expect(columnCells(fromBlob, c), fromText.headers[c]).toEqual(columnCells(fromText, c));
    }
  });

  it('refuses a file that needs more memory than the budget before holding its genotypes', async () => {
    const header = `FID IID PAT MAT SEX PHENOTYPE ${Array.from({ length: 1000 }, (_, j) => `rs${j}_A`).join(' ')}`;
    const line = `f i 0 0 1 -9 ${Array(1000).fill('1').join(' ')}`;
    const blob = new Blob([[header, ...Array(200).fill(line)].join('\n') + '\n']);
    await expect(parsePlinkRawBlob(blob, { memoryBudgetBytes: 100_000 })).rejects.toThrow(
      /^This file needs about 551 kB to load; this device allows about 100 kB\./,
    );
    const t = await parsePlinkRawBlob(blob, { memoryBudgetBytes: 10_000_000 });
    expect(t.rowCount).toBe(200);
    expect(columnCells(t, 1003)).toEqual(Array(200).fill('1'));
  });
});
