import { describe, expect, it } from 'vitest';
import { protectCell, toCsv } from './csvExport';
import { parseCsvText } from './parse';

describe('toCsv', () => {
  it('writes headers and rows with RFC 4180 quoting', () => {
    const csv = toCsv(
      ['patient', 'note', 'p'],
      [
        ['A', 'has, comma', 0.25],
        ['B', 'say "hi"\nthere', null],
      ],
    );
    expect(csv).toBe('patient,note,p\r\nA,"has, comma",0.25\r\nB,"say ""hi""\nthere",');
    const back = parseCsvText(csv);
    expect(back.columns[1]).toEqual(['has, comma', 'say "hi"\nthere']);
  });

  it('protects text cells that a spreadsheet would run as a formula', () => {
    const csv = toCsv(
      ['=HYPERLINK("x")', 'b'],
      [
        ['=1+2', '+cmd'],
        ['-2+3', '@SUM(A1)'],
        ['\tTAB', '\rCR'],
        ['＝1+1', 'safe = text'],
      ],
    );
    const t = parseCsvText(csv);
    expect(t.headers[0]).toBe(`'=HYPERLINK("x")`);
    expect(t.columns[0]).toEqual([`'=1+2`, `'-2+3`, `'\tTAB`, `'＝1+1`]);
    // The table reader trims cells, so the carriage-return case is checked on the raw text.
    expect(csv).toContain(`"'\rCR"`);
    expect(t.columns[1].slice(0, 2)).toEqual([`'+cmd`, `'@SUM(A1)`]);
    expect(t.columns[1][3]).toBe('safe = text');
  });

  it('leaves real numbers as numbers, negative ones included, and blanks non-finite ones', () => {
    const csv = toCsv(
      ['x', 'y'],
      [
        [-1.5, '-1.5'],
        [Number.NaN, Number.POSITIVE_INFINITY],
        [0, undefined],
      ],
    );
    expect(csv).toBe(`x,y\r\n-1.5,"'-1.5"\r\n,\r\n0,`);
  });

  it('protectCell prefixes only dangerous starts', () => {
    expect(protectCell('=A1')).toBe(`'=A1`);
    expect(protectCell('A=1')).toBe('A=1');
    expect(protectCell('')).toBe('');
  });
});
