import { describe, expect, it } from 'vitest';
import { cellText, columnCells, compactDoseColumns } from './cells';
import { buildEncoding, encodeTable } from './encode';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';

const TEXT = 'id,rs1,rs2,age,y\na,0,2,41,1\nb,1,,52,0\nc,2,1,63,1\nd,0,NA,70,0\ne,1,0,38,1\n';

describe('compactDoseColumns', () => {
  it('moves only columns of exactly 0/1/2/empty to codes, reading back the same text', () => {
    const text = parseCsvText(TEXT);
    const coded = parseCsvText(TEXT);
    expect(compactDoseColumns(coded)).toBe(2); // rs1 and y; rs2 holds "NA", age other numbers
    expect(coded.coded?.map((c) => c !== null)).toEqual([false, true, false, false, true]);
    expect(coded.columns[1]).toEqual([]);
    for (let c = 0; c < 5; c++) expect(columnCells(coded, c)).toEqual(text.columns[c]);
    expect(cellText(coded, 4, 1)).toBe('0');
  });

  it('gives the same schema kinds and the same encoded matrix as the text table', () => {
    const text = parseCsvText(TEXT);
    const coded = parseCsvText(TEXT);
    compactDoseColumns(coded);
    const a = inferSchema(text);
    const b = inferSchema(coded);
    expect(b.columns.map((c) => [c.kind, c.min, c.max, c.median, c.missing])).toEqual(
      a.columns.map((c) => [c.kind, c.min, c.max, c.median, c.missing]),
    );
    const ea = buildEncoding(text, a, { target: 'y', columns: [] });
    const eb = buildEncoding(coded, b, { target: 'y', columns: [] });
    expect(eb.encoding).toEqual(ea.encoding);
    expect(encodeTable(coded, eb.encoding).X).toEqual(encodeTable(text, ea.encoding).X);
  });

  it('leaves tiny tables alone', () => {
    expect(compactDoseColumns(parseCsvText('a,b\n0,1\n1,2\n'))).toBe(0);
  });
});
