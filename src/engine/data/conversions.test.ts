import { describe, expect, it } from 'vitest';
import { listConversions } from './conversions';
import { buildEncoding } from './encode';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';

describe('listConversions', () => {
  it('lists number formats, genotype coding and outcome cells treated as missing', () => {
    const t = parseCsvText(
      'bmi\tincome\tsnp\ty\n23,5\t12,500\tAA\tyes\n31\t8,000\tAG\tno\n27\t9,000\tGG\tnone\n',
    );
    const schema = inferSchema(t);
    const { summary } = buildEncoding(t, schema, { target: 'y', columns: [] });
    const list = listConversions(t, schema, summary);
    expect(list.map((c) => c.kind)).toEqual([
      'number-format',
      'number-format',
      'genotype-coding',
      'outcome-missing',
    ]);
    expect(list[0].message).toContain('“bmi”');
    expect(list[1].message).toContain('ambiguous');
    expect(list[2].message).toMatch(/“snp” counts [AG]/);
    expect(list[3]).toMatchObject({ count: 1, column: 'y' });
    expect(list[3].message).toContain('“none” × 1');
  });

  it('is empty for a clean comma file', () => {
    const t = parseCsvText('a,y\n1,x\n2,z\n');
    const schema = inferSchema(t);
    const { summary } = buildEncoding(t, schema, { target: 'y', columns: [] });
    expect(listConversions(t, schema, summary)).toEqual([]);
  });
});
