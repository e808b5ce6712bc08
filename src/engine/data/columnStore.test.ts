import { describe, expect, it } from 'vitest';
import { cellText, columnCells } from './cells';
import { createColumnStore } from './columnStore';
import { buildEncoding, encodeTable } from './encode';
import { parseCsvBlob, parseCsvText } from './parse';
import { inferSchema } from './schema';
import { MISSING_CODE, type RawTable } from './types';

/** A seeded generator (mulberry32), so a failing table can be rebuilt. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_CELLS = ['NA', '3', '01', '2.0', '"1"', 'x', ' ', '-1', '1e0', '007', '-0', '.5'];
const GENOTYPES = ['AA', 'AG', 'GG', 'AG', '--', 'A/G'];
const CATEGORIES = ['never', 'former', 'current'];

/**
 * A CSV of six kinds of column — doses with blanks and padding (" 1 "), genotype strings, categories, expression
 * values written with 3 decimals (trailing zeros kept) and NA, whole numbers with more distinct values than a
 * column holds as levels, numbers with a few missing tokens — where some columns get one odd cell early, after
 * the first growth at 256 rows, or in the last row; plus short and long rows and blank lines.
 */
function messyCsv(seed: number, rows: number, cols: number): string {
  const next = rng(seed);
  const oddAt = Array.from({ length: cols }, (_, c) =>
    c % 4 === 0 ? -1 : [0, 5, 40, 300, rows - 1][Math.floor(next() * 5)],
  );
  const lines = [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = oddAt.map((at, c) => {
      if (at === r) return ODD_CELLS[(c + r) % ODD_CELLS.length];
      const u = next();
      if (u < 0.05) return '';
      switch (c % 6) {
        case 0:
          return u < 0.08 ? ' 1 ' : String(Math.floor(next() * 3));
        case 1:
          return GENOTYPES[Math.floor(next() * GENOTYPES.length)];
        case 2:
          return CATEGORIES[Math.floor(next() * CATEGORIES.length)];
        case 3:
          return u < 0.08 ? 'NA' : (next() * 20 - 5).toFixed(3);
        case 4:
          return String(18 + Math.floor(next() * 70));
        default:
          return u < 0.07 ? ['NaN', 'n/a', '?'][r % 3] : String(Math.round(next() * 1e6) / 100);
      }
    });
    if (r % 97 === 3) cells.length = cols - 2; // short row: the last cells are empty
    if (r % 89 === 4) cells.push('9'); // long row: the extra cell is dropped
    if (r % 71 === 5) lines.push(''); // blank line: skipped
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** How each column of a table is held. */
function heldAs(t: RawTable): string[] {
  return t.headers.map((_, c) =>
    t.numbers?.[c] ? 'numbers' : t.coded?.[c]?.levels ? 'levels' : t.coded?.[c] ? 'doses' : 'text',
  );
}

/** Every cell of the compact table reads back as the text table's cell, and nothing else differs. */
function expectSameCells(compact: RawTable, plain: RawTable): void {
  expect(compact.headers).toEqual(plain.headers);
  expect(compact.issues).toEqual(plain.issues);
  expect(compact.rowCount).toBe(plain.rowCount);
  for (let c = 0; c < plain.headers.length; c++) {
    expect(columnCells(compact, c), compact.headers[c]).toEqual(plain.columns[c]);
    for (const r of [0, 1, plain.rowCount - 1]) {
      expect(cellText(compact, c, r)).toBe(plain.columns[c][r]);
    }
  }
}

describe('compactColumns while parsing', () => {
  it('reads back every cell exactly, whatever the chunk size, holding each column in the least memory', () => {
    for (const [seed, chunkSize] of [
      [1, 1 << 20],
      [2, 37],
      [3, 1000],
    ]) {
      const text = messyCsv(seed, 700, 36);
      const plain = parseCsvText(text, { chunkSize });
      const got = parseCsvText(text, { chunkSize, compactColumns: true });
      expectSameCells(got, plain);
      const held = heldAs(got);
      for (const kind of ['doses', 'levels', 'numbers', 'text']) expect(held).toContain(kind);
      // Columns without an odd cell (every 4th) are held as their kind says: doses, levels of categories, numbers.
      const expected: Record<number, string> = { 0: 'doses', 2: 'levels', 4: 'numbers' };
      held.forEach((h, c) => {
        if (c % 4 === 0) expect(h, `c${c}`).toBe(expected[c % 6]);
      });
    }
  });

  it('reads back every cell as the trimmed text, with blanks as missing codes', () => {
    const text = 'a,b,c,d\n0, 1 ,x,AG\n1,,2,\n2,2,1,GG\n,0,0,AA\n1,1\n';
    const plain = parseCsvText(text);
    const t = parseCsvText(text, { compactColumns: true });
    expect(heldAs(t)).toEqual(['doses', 'doses', 'levels', 'levels']);
    expect(Array.from(t.coded?.[1]?.values ?? [])).toEqual([1, MISSING_CODE, 2, 0, 1]);
    expect(t.coded?.[2]?.levels).toEqual(['0', '1', '2', 'x']);
    expectSameCells(t, plain);
  });

  it('gives back numbers exactly as written and keeps text that a number would change', () => {
    const cells = (k: number, extra: string[]) =>
      Array.from({ length: 40 }, (_, r) =>
        r < extra.length ? extra[r] : (k + r * 0.25).toFixed(2),
      );
    for (const odd of [
      '007',
      '-0',
      '1e-5',
      '+5',
      '.5',
      '5.',
      '5,',
      '1,234,567',
      '1234567890123456',
      'Infinity',
    ]) {
      const rows = cells(3, []).map((v, r) => (r === 35 ? odd : v));
      const text = ['v', ...rows].join('\n');
      const t = parseCsvText(text, { compactColumns: true, delimiter: ';' });
      expect(heldAs(t), odd).toEqual(['text']);
      expect(columnCells(t, 0)).toEqual(rows);
    }
    const rows = cells(-4, [
      '1.500',
      '-0.001',
      'NA',
      'na',
      '0',
      '-12',
      '123456789012.345',
      '12,500',
      '0,5',
    ]);
    const t = parseCsvText(['v', ...rows].join('\n'), { compactColumns: true, delimiter: ';' });
    expect(heldAs(t)).toEqual(['numbers']);
    expect(columnCells(t, 0)).toEqual(rows);
    expect(Array.from(t.numbers?.[0]?.values.subarray(0, 3) ?? [])).toEqual([1.5, -0.001, NaN]);
  });

  it('moves a column from levels to numbers past 32 distinct values, and to text when they are not numbers', () => {
    const numbers = Array.from({ length: 50 }, (_, r) => String(r % 40));
    const words = Array.from({ length: 50 }, (_, r) => `w${r % 40}`);
    const text = ['n,w', ...numbers.map((n, r) => `${n},${words[r]}`)].join('\n');
    const t = parseCsvText(text, { compactColumns: true });
    expect(heldAs(t)).toEqual(['numbers', 'text']);
    expect(columnCells(t, 0)).toEqual(numbers);
    expect(columnCells(t, 1)).toEqual(words);
  });

  it('keeps tables of fewer than four rows as text (a 0/1/2 column could be an identifier)', () => {
    const t = parseCsvText('a,b,c\n0,1,x\n1,2,y\n2,0,1.5\n', { compactColumns: true });
    expect(t.coded).toBeUndefined();
    expect(t.numbers).toBeUndefined();
    expect(t.columns).toEqual([
      ['0', '1', '2'],
      ['1', '2', '0'],
      ['x', 'y', '1.5'],
    ]);
  });

  it('is off by default: parseCsvText alone still holds text', () => {
    const t = parseCsvText(messyCsv(4, 50, 6));
    expect(t.coded).toBeUndefined();
    expect(t.numbers).toBeUndefined();
  });

  it('gives the same schema, encoding and encoded matrix as the text table', () => {
    const text = messyCsv(5, 400, 36).replace('c0,', 'y,');
    const a = parseCsvText(text);
    const b = parseCsvText(text, { compactColumns: true });
    const sa = inferSchema(a);
    const sb = inferSchema(b);
    expect(sb).toEqual(sa);
    expect(sb.columns.map((c) => c.kind)).toEqual(
      expect.arrayContaining(['genotype', 'categorical', 'numeric']),
    );
    const ea = buildEncoding(a, sa, { target: 'y', columns: [] });
    const eb = buildEncoding(b, sb, { target: 'y', columns: [] });
    expect(eb).toEqual(ea);
    expect(encodeTable(b, eb.encoding).X).toEqual(encodeTable(a, ea.encoding).X);
    // Every column switched to categorical, and a genotype column switched to numbers, encode alike too.
    const setup = {
      target: 'y',
      columns: sa.columns
        .filter((c) => c.name !== 'y')
        .map((c) => ({ name: c.name, kind: 'categorical' as const, excluded: false })),
    };
    const ca = buildEncoding(a, sa, setup);
    const cb = buildEncoding(b, sb, setup);
    expect(cb).toEqual(ca);
    expect(encodeTable(b, cb.encoding).X).toEqual(encodeTable(a, ca.encoding).X);
  });

  it('infers levels columns from their counts as from their cells: constants, stray texts listed by row, no-calls', () => {
    const lines = ['k,half,gt,smoker,y'];
    for (let r = 0; r < 300; r++) {
      const half = r % 50 === 7 ? 'high' : ['0.5', '1.5', '2.5', 'NA'][r % 4];
      const gt = r % 40 === 3 ? '--' : r % 90 === 11 ? '' : ['CT', 'TT', 'C/T', 'CC'][(r * 7) % 4];
      lines.push(`same,${half},${gt},${r % 3 === 0 ? 'yes' : 'no'},${r % 2}`);
    }
    const text = lines.join('\n');
    const a = parseCsvText(text);
    const b = parseCsvText(text, { compactColumns: true });
    expect(heldAs(b).slice(0, 4)).toEqual(['levels', 'levels', 'levels', 'levels']);
    const sb = inferSchema(b);
    expect(sb).toEqual(inferSchema(a));
    expect(sb.columns.map((c) => c.kind)).toEqual([
      'constant',
      'numeric',
      'genotype',
      'categorical',
      'numeric',
    ]);
    expect(sb.columns[1].nonNumeric.map((n) => n.row)).toEqual([8, 58, 108, 158, 208, 258]);
    const setup = { target: 'y', columns: [] };
    const ea = buildEncoding(a, inferSchema(a), setup);
    expect(buildEncoding(b, sb, setup)).toEqual(ea);
    expect(encodeTable(b, ea.encoding).X).toEqual(encodeTable(a, ea.encoding).X);
  });

  it('reads commas in numbers as text does: decimal, thousands, ambiguous, and never in a comma-separated file', () => {
    const n = 60;
    const col = (f: (r: number) => string) => Array.from({ length: n }, (_, r) => f(r));
    const decimal = col((r) => `${r},${r % 10}5`); // "7,75": only a decimal comma explains it
    const thousands = col((r) => `${r + 1},${String(100 + r).padStart(3, '0')}`); // "12,111": thousands or 12.111
    const mixed = col((r) => (r === 9 ? '3,5' : `${(r * 1.25).toFixed(2)}`)); // points, one decimal comma
    const y = col((r) => String(r % 2));
    const semicolon = [
      'dec;thou;mixed;y',
      ...decimal.map((d, r) => `${d};${thousands[r]};${mixed[r]};${y[r]}`),
    ];
    const text = semicolon.join('\n');
    const a = parseCsvText(text, { delimiter: ';' });
    const b = parseCsvText(text, { delimiter: ';', compactColumns: true });
    expect(heldAs(b).slice(0, 3)).toEqual(['numbers', 'numbers', 'numbers']);
    expectSameCells(b, a);
    const sa = inferSchema(a);
    expect(inferSchema(b)).toEqual(sa);
    expect(sa.columns.map((c) => [c.comma, c.commaAmbiguous])).toEqual([
      ['decimal', undefined],
      ['thousands', true],
      ['decimal', undefined],
      [undefined, undefined],
    ]);
    const setup = { target: 'y', columns: [] };
    const ea = buildEncoding(a, sa, setup);
    expect(buildEncoding(b, inferSchema(b), setup)).toEqual(ea);
    const X = encodeTable(b, ea.encoding).X;
    expect(X).toEqual(encodeTable(a, ea.encoding).X);
    expect([X[7], X[n + 11]]).toEqual([Math.fround(7.75), 12111]);
    // In a comma-separated file a quoted "7,75" is not a number: listed as such, the same as from text.
    const csv = ['dec,y', ...decimal.map((d, r) => `"${d}",${y[r]}`)].join('\n');
    const c = parseCsvText(csv, { compactColumns: true });
    expect(heldAs(c)[0]).toBe('numbers');
    const sc = inferSchema(c);
    expect(sc).toEqual(inferSchema(parseCsvText(csv)));
    expect(sc.columns[0].kind).toBe('identifier'); // all different, none a number
  });

  it('sizes the codes of a Blob from its size: a few percent over the row count, never copied twice', async () => {
    const text = messyCsv(7, 3000, 30).replace(/^.*x.*$/gm, '1,1,1,1');
    const t = await parseCsvBlob(new Blob([text]), undefined, {
      chunkSize: 4096,
      compactColumns: true,
    });
    const values = t.coded?.find(Boolean)?.values;
    expect(values?.length).toBe(t.rowCount);
    expect(values?.buffer.byteLength).toBeGreaterThan(t.rowCount); // a view: not copied at the end
    expect(values?.buffer.byteLength).toBeLessThanOrEqual(t.rowCount * 1.125);
  });

  it('holds columns compactly while a Blob is read slice by slice, and with a whitespace delimiter', async () => {
    const text = messyCsv(6, 300, 12);
    const blob = await parseCsvBlob(new Blob([text]), undefined, {
      chunkSize: 1024,
      compactColumns: true,
    });
    expect(blob).toEqual(parseCsvText(text, { chunkSize: 1024, compactColumns: true }));
    expectSameCells(blob, parseCsvText(text));
    const spaced = 'a b\n0 1\n1 2\n2 0\n1 1\n';
    const t = parseCsvText(spaced, { delimiter: ' ', compactColumns: true });
    expect(t.coded?.every(Boolean)).toBe(true);
    expect(columnCells(t, 1)).toEqual(['1', '2', '0', '1']);
  });
});

describe('createColumnStore', () => {
  function fill(expect: number | null, rows: number) {
    const store = createColumnStore(1, true);
    if (expect !== null) store.expectRows(expect);
    for (let r = 0; r < rows; r++) {
      store.beginRow();
      store.push(0, String(r % 3));
    }
    return store.finish(4).coded?.[0]?.values;
  }

  it('grows to the expected row count and keeps a view when few rows are left unused', () => {
    const values = fill(1050, 1000);
    expect(values?.length).toBe(1000);
    expect(values?.buffer.byteLength).toBe(1050);
    expect(values?.[999]).toBe(999 % 3);
  });

  it('copies to the exact size when the estimate was far over, and grows on when it was under', () => {
    const over = fill(2000, 1000);
    expect(over?.buffer.byteLength).toBe(1000);
    const under = fill(300, 1000);
    expect(under?.length).toBe(1000);
    expect(Array.from(under?.subarray(295, 305) ?? [])).toEqual(
      Array.from({ length: 10 }, (_, i) => (295 + i) % 3),
    );
  });

  it('grows past its first capacity and turns a dose column into levels at any row', () => {
    const store = createColumnStore(2, true);
    for (let r = 0; r < 1000; r++) {
      store.beginRow();
      store.push(0, String(r % 3));
      store.push(1, r === 999 ? 'late' : String(r % 3));
    }
    const { columns, coded } = store.finish(4);
    expect(coded?.[0]?.values?.length).toBe(1000);
    expect(coded?.[0]?.values?.[998]).toBe(998 % 3);
    expect(coded?.[1]?.levels).toEqual(['0', '1', '2', 'late']);
    expect(columns[1]).toEqual([]);
    expect(coded?.[1]?.values?.[997]).toBe(997 % 3);
    expect(coded?.[1]?.values?.[999]).toBe(3);
  });
});
