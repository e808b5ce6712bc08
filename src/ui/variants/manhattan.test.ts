import { describe, expect, it } from 'vitest';
import type { VariantImportanceRow } from '../../worker/api';
import {
  chromosomesOf,
  manhattanLayout,
  parseRegion,
  pThresholdAtQ,
  rowsInRegion,
} from './manhattan';

const row = (
  name: string,
  chromosome: string | null,
  position: number | null,
  pValue: number,
  qValue = 1,
): VariantImportanceRow => ({
  name,
  chromosome,
  position,
  pValue,
  qValue,
  importance: 1,
  counted: null,
  other: null,
  maf: null,
});

describe('manhattanLayout', () => {
  it('puts chromosomes in genome order with a gap, and p = 0 at the bound 1 / null size', () => {
    const rows = [
      row('a', 'X', 500, 0),
      row('b', '10', 100, 0.01),
      row('c', '2', 1000, 0.1),
      row('d', '2', 3000, 1),
    ];
    const layout = manhattanLayout(rows, 100);
    expect(layout.byRank).toBe(false);
    expect(layout.ticks.map((t) => t.label)).toEqual(['2', '10', 'X']);
    // Chromosome 2 spans 2000; 10 and X one position each; the gap is 2 % of 2000 = 40.
    expect(layout.points.map((p) => [rows[p.row].name, p.x])).toEqual([
      ['c', 0],
      ['d', 2000],
      ['b', 2040],
      ['a', 2080],
    ]);
    expect(layout.points.map((p) => p.band)).toEqual([0, 0, 1, 2]);
    const a = layout.points.find((p) => rows[p.row].name === 'a');
    expect(a?.y).toBeCloseTo(2, 12);
    expect(a?.atBound).toBe(true);
    expect(layout.yBound).toBeCloseTo(2, 12);
  });

  it('plots by rank when no variant has a locus', () => {
    const layout = manhattanLayout([row('a', null, null, 0.001), row('b', null, null, 0.5)], 10);
    expect(layout.byRank).toBe(true);
    expect(layout.points.map((p) => [p.x, p.y])).toEqual([
      [1, 3],
      [2, -Math.log10(0.5)],
    ]);
  });
});

describe('pThresholdAtQ', () => {
  it('is the largest p called at that q, or null', () => {
    const rows = [
      row('a', null, null, 0, 0),
      row('b', null, null, 0.002, 0.04),
      row('c', null, null, 0.3, 0.6),
    ];
    expect(pThresholdAtQ(rows, 0.05)).toBe(0.002);
    expect(pThresholdAtQ(rows, 0.01)).toBe(0);
    expect(pThresholdAtQ([rows[2]], 0.05)).toBeNull();
  });
});

describe('zoom to a region', () => {
  const rows = [
    row('a', 'X', 500, 0),
    row('b', '10', 100, 0.01),
    row('c', '2', 1000, 0.1),
    row('d', '2', 3000, 1),
    row('e', null, null, 0.5),
  ];

  it('lists the chromosomes in genome order and keeps the rows inside a range, ends included', () => {
    expect(chromosomesOf(rows)).toEqual(['2', '10', 'X']);
    expect(
      rowsInRegion(rows, { chromosome: '2', from: 1000, to: 2999 }).map((r) => r.name),
    ).toEqual(['c']);
    expect(rowsInRegion(rows, { chromosome: '2', from: 0, to: 3000 }).map((r) => r.name)).toEqual([
      'c',
      'd',
    ]);
  });

  it('reads the inputs: blank ends are open, commas allowed, a reversed or non-numeric range refused', () => {
    expect(parseRegion({ chromosome: '', from: '5', to: '' })).toBeNull();
    expect(parseRegion({ chromosome: '2', from: '1,000', to: '' })).toEqual({
      chromosome: '2',
      from: 1000,
      to: Number.MAX_SAFE_INTEGER,
    });
    expect(parseRegion({ chromosome: '2', from: '3000', to: '1000' })).toEqual({
      error: 'The range starts (3000) after it ends (1000).',
    });
    expect(parseRegion({ chromosome: '2', from: '1e6', to: '' })).toHaveProperty('error');
  });

  it('lays one chromosome out by position, so the axis can read positions', () => {
    const layout = manhattanLayout(rowsInRegion(rows, { chromosome: '2', from: 0, to: 1e9 }), 100);
    expect(layout.single).toEqual({ chromosome: '2', origin: 1000 });
    expect(layout.points.map((p) => p.x + 1000)).toEqual([1000, 3000]);
    expect(manhattanLayout(rows, 100).single).toBeNull();
  });
});
