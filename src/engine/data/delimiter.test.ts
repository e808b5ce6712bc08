import { describe, expect, it } from 'vitest';
import { detectDelimiter, headerLineEnd, splitWhitespace } from './delimiter';
import { buildEncoding } from './encode';
import { parseCsvBlob, parseCsvText } from './parse';
import { inferSchema, schemaIssues } from './schema';

/** A wide genotype table: id, n SNP columns of 0/1/2, an outcome. */
function wideText(delimiter: string, nSnps: number, nRows: number): string {
  const header = ['id', ...Array.from({ length: nSnps }, (_, j) => `rs${j + 1}_A`), 'status'];
  const lines = [header.join(delimiter)];
  for (let r = 0; r < nRows; r++) {
    const cells = [`p${r}`];
    for (let j = 0; j < nSnps; j++) cells.push(String((r * 7 + j) % 3));
    cells.push(r % 2 === 0 ? 'case' : 'control');
    lines.push(cells.join(delimiter));
  }
  return lines.join('\n') + '\n';
}

describe('delimiter of wide files', () => {
  it.each(['\t', ';', '|', ','])(
    'finds %j from a 100,000-column header far longer than 64 KiB',
    (delimiter) => {
      const text = wideText(delimiter, 100_000, 3);
      expect(text.indexOf('\n')).toBeGreaterThan(64 * 1024);
      const t = parseCsvText(text, { chunkSize: 64 * 1024 });
      expect(t.delimiter).toBe(delimiter);
      expect(t.headers).toHaveLength(100_002);
      expect(t.rowCount).toBe(3);
      expect(t.columns[100_001]).toEqual(['case', 'control', 'case']);
      expect(t.columns[5]).toEqual(['1', '2', '0']);
    },
  );

  it('reads a wide tab file from a Blob slice by slice', async () => {
    const text = wideText('\t', 30_000, 4);
    const t = await parseCsvBlob(new Blob([text]), undefined, { chunkSize: 4096 });
    expect(t.delimiter).toBe('\t');
    expect(t.headers).toHaveLength(30_002);
    expect(t.rowCount).toBe(4);
  });

  it('splits runs of spaces (PLINK .raw) when no delimiter fits', () => {
    const raw =
      'FID IID PAT MAT SEX PHENOTYPE rs1_A rs2_G\nf1  i1 0 0 1 2 0 NA\nf2 i2 0 0 2 1  1 2\n';
    expect(detectDelimiter(raw)).toBe(' ');
    const t = parseCsvText(raw);
    expect(t.headers).toEqual(['FID', 'IID', 'PAT', 'MAT', 'SEX', 'PHENOTYPE', 'rs1_A', 'rs2_G']);
    expect(t.columns[7]).toEqual(['NA', '2']);
    expect(splitWhitespace('  a \t b  ')).toEqual(['a', 'b']);
  });

  it('keeps comma files with spaces around cells comma-separated', () => {
    expect(detectDelimiter(' a , b \n 1 ,  x  \n')).toBe(',');
  });

  it('finds the end of the header line outside quotes', () => {
    expect(headerLineEnd('"a\nb",c\n1,2')).toBe(8);
    expect(headerLineEnd('a,b')).toBe(-1);
  });
});

describe('long names in messages', () => {
  it('never quotes a 180 KB "column name" whole', () => {
    const huge = 'x'.repeat(180_000);
    const t = parseCsvText(`${huge},${huge}\n1,2\n3,4\n`);
    for (const issue of t.issues) expect(issue.message.length).toBeLessThan(500);
    const schema = inferSchema(t);
    const { summary } = buildEncoding(t, schema, { target: huge + 'y', columns: [] });
    expect(summary.errors.length).toBeGreaterThan(0);
    for (const m of [...summary.errors, ...summary.warnings]) expect(m.length).toBeLessThan(3000);
  });
});

describe('commas inside numbers, decided per column', () => {
  it('reads "12,500" in a tab file as twelve thousand five hundred, flagged as ambiguous', () => {
    const t = parseCsvText('income\tbmi\ty\n12,500\t23,5\ta\n8,250\t31,25\tb\n9,000\t28\ta\n');
    const s = inferSchema(t);
    const income = s.columns[0];
    expect(income.kind).toBe('numeric');
    expect(income.comma).toBe('thousands');
    expect(income.commaAmbiguous).toBe(true);
    expect(income.max).toBe(12500);
    const bmi = s.columns[1];
    expect(bmi.comma).toBe('decimal');
    expect(bmi.commaAmbiguous).toBeUndefined();
    expect(bmi.max).toBe(31.25);
    const flagged = schemaIssues(s).filter((i) => i.message.includes('thousands separator'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0].message).toContain('“income”');
    const { encoding } = buildEncoding(t, s, { target: 'y', columns: [] });
    const f = encoding.features.find((x) => x.name === 'income');
    expect(f?.kind === 'numeric' && f.max).toBe(12500);
  });

  it('treats a column with "1,234,567" as thousands without doubt', () => {
    const t = parseCsvText('n;y\n1,234,567;a\n12,500;b\n');
    const c = inferSchema(t).columns[0];
    expect(c.comma).toBe('thousands');
    expect(c.commaAmbiguous).toBeUndefined();
    expect(c.min).toBe(12500);
  });

  it('never reads commas as numbers in a comma-separated file', () => {
    const t = parseCsvText('n,y\n"12,500",a\n"3,5",b\n');
    expect(inferSchema(t).columns[0].kind).not.toBe('numeric');
  });
});
