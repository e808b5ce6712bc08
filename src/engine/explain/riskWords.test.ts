import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import {
  detectTie,
  formatPointChange,
  frequencySentence,
  iconArray,
  iconCounts,
  iconDifference,
  outcomeLabel,
} from './riskWords';

/** Random probability vectors of several shapes: spread out, sparse with zeros, equal, tiny values, near-halves. */
function randomProbs(rng: Rng): number[] {
  const K = 1 + rng.nextInt(9);
  const mode = rng.nextInt(5);
  let w: number[];
  if (mode === 0) w = Array.from({ length: K }, () => rng.nextFloat());
  else if (mode === 1)
    w = Array.from({ length: K }, () => (rng.nextFloat() < 0.5 ? 0 : rng.nextFloat()));
  else if (mode === 2) w = Array.from({ length: K }, () => 1);
  else if (mode === 3)
    w = Array.from({ length: K }, (_, k) => (k === 0 ? 1 : rng.nextFloat() * 0.004));
  else w = Array.from({ length: K }, () => Math.round(rng.nextFloat() * 8) / 8 + 0.005);
  let s = w.reduce((a, b) => a + b, 0);
  if (s === 0) {
    w[0] = 1;
    s = 1;
  }
  return w.map((v) => v / s);
}

/** The number a sentence shows: "About N" → N, "Fewer than 1" → 0, "More than 99" → 100. */
function sentenceCount(s: string): number {
  if (s.startsWith('Fewer than 1 out of 100')) return 0;
  if (s.startsWith('More than 99 out of 100')) return 100;
  const m = /^About (\d+) out of 100 /.exec(s);
  if (!m) throw new Error(`unexpected sentence: ${s}`);
  return Number(m[1]);
}

describe('icon counts (largest-remainder rounding)', () => {
  it('hand-worked cases', () => {
    expect(iconCounts([0.77, 0.23])).toEqual([77, 23]);
    // 33.33 each: floors 33, 33, 33 = 99; the one left goes to the first of the equal remainders.
    expect(iconCounts([1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
    // Plain rounding would give 67 + 17 + 17 = 101; remainders .67, .67, .66 → 67, 17, 16.
    expect(iconCounts([0.6667, 0.1667, 0.1666])).toEqual([67, 17, 16]);
    // 100 · 0.29 = 28.999999999999996 in floating point: still 29.
    expect(iconCounts([0.29, 0.71])).toEqual([29, 71]);
    expect(iconCounts([0.004, 0.996])).toEqual([0, 100]);
  });

  it('property: over 5000 random vectors the counts add up to 100, are within 1 of 100·p and keep the order', () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < 5000; trial++) {
      const p = randomProbs(rng);
      const c = iconCounts(p);
      expect(c.reduce((a, b) => a + b, 0)).toBe(100);
      for (let k = 0; k < p.length; k++) {
        expect(Number.isInteger(c[k])).toBe(true);
        expect(Math.abs(c[k] - 100 * p[k])).toBeLessThan(1);
        for (let j = 0; j < p.length; j++)
          if (p[k] > p[j] + 1e-12) expect(c[k]).toBeGreaterThanOrEqual(c[j]);
      }
    }
  });

  it('rejects vectors that are not probabilities', () => {
    expect(() => iconCounts([0.5, 0.6])).toThrow(/add up to 1.1/);
    expect(() => iconCounts([NaN, 1])).toThrow(/outcome 1/);
    expect(() => iconCounts([-0.1, 1.1])).toThrow(/outcome 1/);
  });
});

describe('natural-frequency sentences and the icon array', () => {
  it('are worded from the outcome’s own name', () => {
    const a = iconArray([0.23, 0.77], ['non_responder', 'responder']);
    expect(a.sentences).toEqual([
      'About 23 out of 100 patients like this one in your cohort would have the outcome “non_responder”.',
      'About 77 out of 100 patients like this one in your cohort would have the outcome “responder”.',
    ]);
    expect(a.label).toBe(a.sentences.join(' '));
    expect(a.table).toEqual([
      { outcome: 'non_responder', count: 23, percent: '23 %' },
      { outcome: 'responder', count: 77, percent: '77 %' },
    ]);
    expect(a.cells.slice(0, 23).every((c) => c === 0)).toBe(true);
    expect(a.cells.slice(23).every((c) => c === 1)).toBe(true);
    expect(frequencySentence(0, 'relapse')).toMatch(/^Fewer than 1 out of 100 patients/);
    expect(frequencySentence(100, 'relapse', { population: '' })).toBe(
      'More than 99 out of 100 patients like this one would have the outcome “relapse”.',
    );
    // The name as in the data, as the prediction set and the tables write it.
    expect(outcomeLabel('high_risk')).toBe('“high_risk”');
  });

  it('property: sentence numbers, icons, table percentages and counts always agree and add up to 100', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 2000; trial++) {
      const p = randomProbs(rng);
      const names = p.map((_, k) => `class_${k}`);
      const a = iconArray(p, names);
      expect(a.cells).toHaveLength(100);
      for (let k = 0; k < p.length; k++) {
        expect(sentenceCount(a.sentences[k])).toBe(a.counts[k]);
        expect(a.cells.filter((c) => c === k)).toHaveLength(a.counts[k]);
        expect(a.table[k].percent).toBe(`${a.counts[k]} %`);
      }
      // Grouped, not scattered: outcome indices never go back down along the array.
      for (let i = 1; i < 100; i++) expect(a.cells[i]).toBeGreaterThanOrEqual(a.cells[i - 1]);
    }
  });

  it('differences in icons between the cohort and this patient', () => {
    const d = iconDifference([0.6, 0.4], [0.23, 0.77], ['no', 'yes']);
    expect(d[1]).toMatchObject({ before: 40, after: 77, difference: 37 });
    expect(d[1].sentence).toBe(
      '“yes”: 77 out of 100 for this patient, 40 out of 100 for the cohort overall (37 more out of 100).',
    );
    expect(d[0].sentence).toMatch(/\(37 fewer out of 100\)/);
    expect(formatPointChange(0.065)).toBe('+6.5 percentage points');
    expect(formatPointChange(-0.01)).toBe('−1.0 percentage point');
    expect(formatPointChange(0)).toBe('0.0 percentage points');
  });
});

describe('tie detector', () => {
  it('an exact 50/50 is a tie, not "most likely"', () => {
    const t = detectTie([0.5, 0.5]);
    expect(t.tie).toBe(true);
    expect(t.tiedWith).toEqual([0, 1]);
  });

  it('a lead smaller than its uncertainty is a tie; a larger one is not', () => {
    // Two outcomes: margin 0.6 − 0.4 = 0.2; uncertainty 1 · (0.12 + 0.12) = 0.24 ≥ 0.2 → tie.
    expect(detectTie([0.4, 0.6], [0.12, 0.12]).tie).toBe(true);
    // SE 0.08 each: 0.16 < 0.2 → "responder" is ahead.
    const t = detectTie([0.4, 0.6], [0.08, 0.08]);
    expect(t).toEqual({
      tie: false,
      leader: 1,
      tiedWith: [1],
      margin: 0.6 - 0.4,
      marginUncertainty: 0.16,
    });
    // Three outcomes: 0.45 vs 0.35 tied under SE 0.05 each (0.10 ≥ 0.10), 0.2 is not.
    expect(detectTie([0.45, 0.35, 0.2], [0.05, 0.05, 0.05]).tiedWith).toEqual([0, 1]);
    // z = 3: 0.45 − 0.2 = 0.25 ≤ 3 · 0.10 = 0.30, so all three are tied.
    expect(detectTie([0.45, 0.35, 0.2], [0.05, 0.05, 0.05], 3).tiedWith).toEqual([0, 1, 2]);
  });

  it('outcomes showing the same count out of 100 are tied even without standard errors', () => {
    // 50.1 and 49.9 both show as 50 out of 100 (floors 50 + 49, the spare icon to the .9 remainder).
    expect(iconCounts([0.501, 0.499])).toEqual([50, 50]);
    expect(detectTie([0.501, 0.499]).tie).toBe(true);
    // 50.6 / 49.4 show as 51 / 49: without standard errors that counts as a lead.
    expect(detectTie([0.506, 0.494]).tie).toBe(false);
  });

  it('one outcome alone is never a tie', () => {
    expect(detectTie([1])).toMatchObject({
      tie: false,
      leader: 0,
      tiedWith: [0],
      margin: Infinity,
    });
  });
});
