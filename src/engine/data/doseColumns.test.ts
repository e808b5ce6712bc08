import { describe, expect, it } from 'vitest';
import { columnCells, compactDoseColumns } from './cells';
import { createColumnStore } from './doseColumns';
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

const ODD_CELLS = ['NA', '3', '01', '2.0', '"1"', 'x', ' ', '-1', '1e0'];

/**
 * A CSV whose columns are doses with some blanks, padded doses (" 1 "), and in some columns one odd cell
 * (early, after the first growth of the codes at 256 rows, or in the last row); plus short and long rows.
 */
function messyCsv(seed: number, rows: number, cols: number): string {
  const next = rng(seed);
  const oddAt = Array.from({ length: cols }, (_, c) =>
    c % 3 === 0 ? -1 : [0, 5, 300, rows - 1][Math.floor(next() * 4)],
  );
  const lines = [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = oddAt.map((at, c) => {
      if (at === r) return ODD_CELLS[(c + r) % ODD_CELLS.length];
      const u = next();
      return u < 0.05 ? '' : u < 0.08 ? ' 1 ' : String(Math.floor(next() * 3));
    });
    if (r % 97 === 3) cells.length = cols - 2; // short row: the last cells are empty
    if (r % 89 === 4) cells.push('9'); // long row: the extra cell is dropped
    if (r % 71 === 5) lines.push(''); // blank line: skipped
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The table as text, then compacted after parsing (what loadCohortFiles did before). */
function compactedAfter(text: string, chunkSize: number): RawTable {
  const t = parseCsvText(text, { chunkSize });
  compactDoseColumns(t);
  return t;
}

describe('compactDoses while parsing', () => {
  it('gives exactly the table that compacting after parsing gives, whatever the chunk size', () => {
    for (const [seed, chunkSize] of [
      [1, 1 << 20],
      [2, 37],
      [3, 1000],
    ]) {
      const text = messyCsv(seed, 700, 30);
      const expected = compactedAfter(text, chunkSize);
      const got = parseCsvText(text, { chunkSize, compactDoses: true });
      expect(got.coded?.map((c) => c !== null)).toEqual(expected.coded?.map((c) => c !== null));
      // Some columns are coded and some fell back to text, also ones that failed after 256 rows.
      const codedCount = got.coded?.filter(Boolean).length ?? 0;
      expect(codedCount).toBeGreaterThan(5);
      expect(codedCount).toBeLessThan(30);
      expect(got.columns).toEqual(expected.columns);
      expect(got.coded).toEqual(expected.coded);
      expect(got.issues).toEqual(expected.issues);
      expect(got.rowCount).toBe(expected.rowCount);
    }
  });

  it('reads back every cell as the trimmed text, with blanks as missing codes', () => {
    const text = 'a,b,c\n0, 1 ,x\n1,,2\n2,2,1\n,0,0\n1,1\n';
    const plain = parseCsvText(text);
    const t = parseCsvText(text, { compactDoses: true });
    expect(t.coded?.map((c) => c !== null)).toEqual([true, true, false]);
    expect(Array.from(t.coded?.[1]?.values ?? [])).toEqual([1, MISSING_CODE, 2, 0, 1]);
    for (let c = 0; c < 3; c++) expect(columnCells(t, c)).toEqual(plain.columns[c]);
    expect(t.columns[2]).toEqual(['x', '2', '1', '0', '']);
  });

  it('keeps tables of fewer than four rows as text (a 0/1/2 column could be an identifier)', () => {
    const t = parseCsvText('a,b\n0,1\n1,2\n2,0\n', { compactDoses: true });
    expect(t.coded).toBeUndefined();
    expect(t.columns).toEqual([
      ['0', '1', '2'],
      ['1', '2', '0'],
    ]);
  });

  it('is off by default: parseCsvText alone still holds text', () => {
    expect(parseCsvText(messyCsv(4, 50, 6)).coded).toBeUndefined();
  });

  it('gives the same schema and encoded matrix as the text table', () => {
    const text = messyCsv(5, 400, 12).replace('c0,', 'y,');
    const a = parseCsvText(text);
    const b = parseCsvText(text, { compactDoses: true });
    const sa = inferSchema(a);
    const sb = inferSchema(b);
    expect(sb.columns.map((c) => [c.kind, c.min, c.max, c.median, c.missing])).toEqual(
      sa.columns.map((c) => [c.kind, c.min, c.max, c.median, c.missing]),
    );
    const ea = buildEncoding(a, sa, { target: 'y', columns: [] });
    const eb = buildEncoding(b, sb, { target: 'y', columns: [] });
    expect(eb.encoding).toEqual(ea.encoding);
    expect(encodeTable(b, eb.encoding).X).toEqual(encodeTable(a, ea.encoding).X);
  });

  it('sizes the codes of a Blob from its size: a few percent over the row count, never copied twice', async () => {
    const text = messyCsv(7, 3000, 30).replace(/^.*x.*$/gm, '1,1,1,1');
    const t = await parseCsvBlob(new Blob([text]), undefined, {
      chunkSize: 4096,
      compactDoses: true,
    });
    const values = t.coded?.find(Boolean)?.values;
    expect(values?.length).toBe(t.rowCount);
    expect(values?.buffer.byteLength).toBeGreaterThan(t.rowCount); // a view: not copied at the end
    expect(values?.buffer.byteLength).toBeLessThanOrEqual(t.rowCount * 1.125);
  });

  it('codes while a Blob is read slice by slice, and with a whitespace delimiter', async () => {
    const text = messyCsv(6, 300, 8);
    const blob = await parseCsvBlob(new Blob([text]), undefined, {
      chunkSize: 1024,
      compactDoses: true,
    });
    expect(blob).toEqual(compactedAfter(text, 1024));
    const spaced = 'a b\n0 1\n1 2\n2 0\n1 1\n';
    const t = parseCsvText(spaced, { delimiter: ' ', compactDoses: true });
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

  it('grows past its first capacity and turns a column into text at any row', () => {
    const store = createColumnStore(2, true);
    for (let r = 0; r < 1000; r++) {
      store.beginRow();
      store.push(0, String(r % 3));
      store.push(1, r === 999 ? 'late' : String(r % 3));
    }
    const { columns, coded } = store.finish(4);
    expect(coded?.[0]?.values.length).toBe(1000);
    expect(coded?.[0]?.values[998]).toBe(998 % 3);
    expect(coded?.[1]).toBeNull();
    expect(columns[1].length).toBe(1000);
    expect(columns[1][997]).toBe(String(997 % 3));
    expect(columns[1][999]).toBe('late');
  });
});
