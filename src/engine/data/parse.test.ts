import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILE_MESSAGE,
  HEADER_ONLY_MESSAGE,
  createTableBuilder,
  detectDelimiter,
  parseCsvBlob,
  parseCsvText,
  previewRows,
} from './parse';
import type { ParseProgress } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const WDBC_PATH = resolve(here, '../../../testdata/breast_cancer_wdbc.csv');

function issue(table: ReturnType<typeof parseCsvText>, kind: string) {
  return table.issues.find((i) => i.kind === kind);
}

describe('parseCsvText', () => {
  it('reads a comma-separated table column by column', () => {
    const t = parseCsvText('a,b,c\n1,2,3\n4,5,6\n');
    expect(t.delimiter).toBe(',');
    expect(t.headers).toEqual(['a', 'b', 'c']);
    expect(t.rowCount).toBe(2);
    expect(t.columns).toEqual([
      ['1', '4'],
      ['2', '5'],
      ['3', '6'],
    ]);
    expect(t.issues).toEqual([]);
  });

  it.each([
    [';', 'age;bmi;smoking\n45;23,5;never\n61;31,2;current\n'],
    ['\t', 'age\tbmi\tsmoking\n45\t23.5\tnever\n61\t31.2\tcurrent\n'],
    ['|', 'age|bmi|smoking\n45|23.5|never\n61|31.2|current\n'],
  ])('detects the %j delimiter', (delimiter, text) => {
    const t = parseCsvText(text);
    expect(t.delimiter).toBe(delimiter);
    expect(t.headers).toEqual(['age', 'bmi', 'smoking']);
    expect(t.columns[2]).toEqual(['never', 'current']);
  });

  it('prefers the delimiter that keeps every row the same width', () => {
    // Commas inside unquoted cells of a semicolon file, and semicolons inside a comma file.
    expect(detectDelimiter('id;note\n1;a,b\n2;c,d,e\n')).toBe(';');
    expect(detectDelimiter('id,note,x\n1,a;b,2\n2,c;d;e,3\n')).toBe(',');
    expect(detectDelimiter('single\n1\n2\n')).toBe(',');
  });

  it('strips a UTF-8 byte-order mark and says so', () => {
    const t = parseCsvText('\uFEFFname,value\nx,1\n');
    expect(t.headers).toEqual(['name', 'value']);
    expect(t.originalHeaders[0]).toBe('name');
    expect(issue(t, 'bom')).toBeDefined();
  });

  it('handles Windows (CRLF) and old Mac (CR) line endings', () => {
    const crlf = parseCsvText('a,b\r\n1,2\r\n3,4\r\n');
    expect(crlf.rowCount).toBe(2);
    expect(crlf.columns[1]).toEqual(['2', '4']);
    const cr = parseCsvText('a,b\r1,2\r3,4');
    expect(cr.columns[1]).toEqual(['2', '4']);
  });

  it('keeps commas, newlines and escaped quotes inside quoted fields', () => {
    const t = parseCsvText(
      'id,note,score\r\n1,"left, then right",3\r\n2,"two\r\nlines",4\r\n3,"say ""hi""",5\r\n',
    );
    expect(t.rowCount).toBe(3);
    expect(t.columns[1]).toEqual(['left, then right', 'two\nlines', 'say "hi"']);
    expect(t.columns[2]).toEqual(['3', '4', '5']);
    expect(t.issues).toEqual([]);
  });

  it('skips fully empty lines, reporting the ones made of delimiters only', () => {
    const t = parseCsvText('a,b\n\n1,2\n   \n,,\n3,4\n\n\n');
    expect(t.rowCount).toBe(2);
    expect(t.columns[0]).toEqual(['1', '3']);
    expect(issue(t, 'empty-rows-skipped')?.message).toMatch(/1 row/);
  });

  it('trims cells and header names', () => {
    const t = parseCsvText(' a , b \n 1 ,  x  \n');
    expect(t.headers).toEqual(['a', 'b']);
    expect(t.columns).toEqual([['1'], ['x']]);
  });

  it('pads short rows, drops extra cells and names the rows', () => {
    const t = parseCsvText('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n13\n');
    expect(t.rowCount).toBe(5);
    expect(t.columns[2]).toEqual(['3', '', '8', '12', '']);
    const short = issue(t, 'ragged-short');
    expect(short?.rows).toEqual([2, 5]);
    expect(short?.message).toContain('rows 2 and 5');
    const long = issue(t, 'ragged-long');
    // Row 4 only has trailing empty cells: not worth a warning.
    expect(long?.rows).toEqual([3]);
    expect(long?.message).toContain('row 3');
  });

  it('lists the first ten ragged rows and counts the rest', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 25; i++) lines.push(i % 2 === 0 ? `${i}` : `${i},x`);
    const t = parseCsvText(lines.join('\n'));
    const short = issue(t, 'ragged-short');
    expect(short?.rows).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    expect(short?.message).toMatch(/13 rows have fewer cells/);
    expect(short?.message).toContain('and 3 more');
  });

  it('names blank headers by position and renames duplicates', () => {
    const t = parseCsvText('id,,age,age,,age_2\n1,2,3,4,5,6\n');
    expect(t.headers).toEqual(['id', 'column_2', 'age', 'age_3', 'column_5', 'age_2']);
    expect(t.originalHeaders).toEqual(['id', '', 'age', 'age', '', 'age_2']);
    expect(issue(t, 'blank-header')?.message).toContain('column_2, column_5');
    expect(issue(t, 'duplicate-header')?.message).toContain('"age" → "age_3"');
  });

  it('reports an unterminated quote instead of failing', () => {
    const t = parseCsvText('a,b\n1,2\n3,"open\n4,5\n');
    expect(t.rowCount).toBe(2);
    expect(issue(t, 'quote')).toBeDefined();
  });

  it('rejects empty, blank and header-only files with a clear message', () => {
    expect(() => parseCsvText('')).toThrow(EMPTY_FILE_MESSAGE);
    expect(() => parseCsvText('\uFEFF\n\n  \r\n')).toThrow(EMPTY_FILE_MESSAGE);
    expect(() => parseCsvText('a,b,c\n')).toThrow(HEADER_ONLY_MESSAGE);
    expect(() => parseCsvText('a,b,c\n\n,,\n')).toThrow(HEADER_ONLY_MESSAGE);
  });

  it('rejects binary content', () => {
    const png = '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10';
    expect(() => parseCsvText(png)).toThrow(/does not look like a text CSV/);
    let noise = '';
    for (let i = 0; i < 600; i++) noise += String.fromCharCode(1 + ((i * 7) % 30));
    expect(() => parseCsvText(noise)).toThrow(/does not look like a text CSV/);
  });

  it('gives the same table whatever the chunk size', () => {
    const text =
      '\uFEFFid;note;v\r\n1;"a;\r\nb";1,5\r\n2;"c ""q""";2\r\n3;plain;3\r\n4;"x\r\n\r\ny";4\r\n';
    const whole = parseCsvText(text);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect(parseCsvText(text, { chunkSize: size, sniffChars: 40 })).toEqual(whole);
    }
    expect(whole.columns[1]).toEqual(['a;\nb', 'c "q"', 'plain', 'x\n\ny']);
  });

  it('handles a wide table (20 000 columns)', () => {
    const width = 20000;
    const header = Array.from({ length: width }, (_, i) => `snp_${i}`).join(',');
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: width }, (_, i) => String((i + r) % 3)).join(','),
    );
    const t = parseCsvText([header, ...rows].join('\n'), { chunkSize: 50_000 });
    expect(t.headers.length).toBe(width);
    expect(t.rowCount).toBe(5);
    expect(t.columns[19999]).toEqual(['1', '2', '0', '1', '2']);
  });

  it('previews the first rows row-major', () => {
    const t = parseCsvText('a,b\n1,2\n3,4\n5,6\n');
    expect(previewRows(t, 2)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('createTableBuilder', () => {
  it('builds a table from papaparse-style row chunks', () => {
    const b = createTableBuilder();
    b.addRows([
      ['\uFEFFx', 'y'],
      ['1', '2'],
    ]);
    b.addRows([[''], ['3']]);
    expect(b.rowsRead).toBe(2);
    const t = b.finish(',');
    expect(t.headers).toEqual(['x', 'y']);
    expect(t.columns).toEqual([
      ['1', '3'],
      ['2', ''],
    ]);
  });
});

describe('parseCsvBlob', () => {
  it('streams a Blob in slices with progress and gives the same table as the text parser', async () => {
    const lines = ['id,name,value'];
    for (let i = 0; i < 3000; i++)
      lines.push(`${i},"Zoë, ${i}\nsecond line",${(i * 0.37).toFixed(2)}`);
    const text = lines.join('\r\n');
    const blob = new Blob([text]);
    const progress: ParseProgress[] = [];
    const table = await parseCsvBlob(blob, (p) => progress.push(p), { chunkSize: 4096 });
    expect(table).toEqual(parseCsvText(text));
    expect(table.rowCount).toBe(3000);
    expect(table.columns[1][2999]).toBe('Zoë, 2999\nsecond line');
    expect(progress.length).toBeGreaterThan(10);
    const last = progress[progress.length - 1];
    expect(last).toEqual({ bytesRead: blob.size, totalBytes: blob.size, rowsRead: 3000 });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].bytesRead).toBeGreaterThanOrEqual(progress[i - 1].bytesRead);
      expect(progress[i].rowsRead).toBeGreaterThanOrEqual(progress[i - 1].rowsRead);
    }
  });

  it('decodes multi-byte characters split across slices', async () => {
    const text =
      'name,city\n' + Array.from({ length: 200 }, (_, i) => `p${i},Zürich–Ørsted`).join('\n');
    const table = await parseCsvBlob(new Blob([text]), undefined, { chunkSize: 1024 });
    expect(new Set(table.columns[1])).toEqual(new Set(['Zürich–Ørsted']));
  });

  it('reads UTF-16 files (Excel "Unicode text") with their byte-order mark', async () => {
    const text = '\uFEFFa\tb\n1\t2\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 0xff;
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const table = await parseCsvBlob(new Blob([bytes]));
    expect(table.delimiter).toBe('\t');
    expect(table.headers).toEqual(['a', 'b']);
    expect(table.columns).toEqual([['1'], ['2']]);
  });

  it('rejects binary, empty and header-only files', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0, 8, 0, 0x21, 0, 0, 0, 0, 0]);
    await expect(parseCsvBlob(new Blob([zip]))).rejects.toThrow(/does not look like a text CSV/);
    await expect(parseCsvBlob(new Blob([]))).rejects.toThrow(EMPTY_FILE_MESSAGE);
    await expect(parseCsvBlob(new Blob(['a,b\r\n']))).rejects.toThrow(HEADER_ONLY_MESSAGE);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const blob = new Blob(['a,b\n' + '1,2\n'.repeat(10000)]);
    const run = parseCsvBlob(blob, () => controller.abort(), {
      chunkSize: 1024,
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow();
  });

  it('parses the breast cancer file: 569 rows, 31 columns', async () => {
    const text = readFileSync(WDBC_PATH, 'utf8');
    const table = await parseCsvBlob(new Blob([text]), undefined, { chunkSize: 8192 });
    expect(table.rowCount).toBe(569);
    expect(table.headers.length).toBe(31);
    expect(table.headers[30]).toBe('diagnosis');
    expect(table.issues).toEqual([]);
  });
});
