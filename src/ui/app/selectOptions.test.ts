import { describe, expect, it } from 'vitest';
import { filterOptions } from './selectOptions';

const opts = ['age', 'rs12_A', 'rs1_G', 'stage', 'Rs1_T'].map((v) => ({ value: v, label: v }));

describe('filterOptions', () => {
  it('keeps every option for an empty query', () => {
    expect(filterOptions(opts, '  ')).toBe(opts);
  });

  it('lists labels starting with the query first, then those containing it, ignoring case', () => {
    expect(filterOptions(opts, 'RS1').map((o) => o.value)).toEqual(['rs12_A', 'rs1_G', 'Rs1_T']);
    expect(filterOptions(opts, 'ag').map((o) => o.value)).toEqual(['age', 'stage']);
    expect(filterOptions(opts, 'x')).toEqual([]);
  });
});
