import { describe, expect, it } from 'vitest';
import { buildEncoding, encodeTable } from './encode';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';

const TEXT = 'x,y\n1,none\n2,-\n3,yes\n4,none\n5,\n6,yes\n7,.\n8,NA\n';

describe('missing tokens in the outcome', () => {
  it('reports the tokens treated as missing and warns about class-like ones', () => {
    const t = parseCsvText(TEXT);
    const { summary } = buildEncoding(t, inferSchema(t), { target: 'y', columns: [] });
    expect(summary.classes).toEqual(['yes']);
    expect(summary.treatedAsMissing).toEqual([
      { value: 'none', count: 2 },
      { value: '', count: 1 },
      { value: '-', count: 1 },
      { value: '.', count: 1 },
      { value: 'NA', count: 1 },
    ]);
    expect(summary.warnings.some((w) => w.includes('“none”') && w.includes('keep'))).toBe(true);
  });

  it('keeps "none", "-" and "." as classes when asked, only empty cells missing', () => {
    const t = parseCsvText(TEXT);
    const setup = { target: 'y', columns: [], keepTokensAsClasses: true };
    const { summary, encoding } = buildEncoding(t, inferSchema(t), setup);
    expect(summary.classes).toEqual(['-', '.', 'NA', 'none', 'yes']);
    expect(summary.treatedAsMissing).toEqual([{ value: '', count: 1 }]);
    expect(encoding.keepTokensAsClasses).toBe(true);
    const data = encodeTable(t, encoding);
    expect(data.nRows).toBe(7);
    expect(data.droppedMissingTarget).toBe(1);
  });
});
