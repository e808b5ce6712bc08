import { describe, expect, it } from 'vitest';
import {
  estimateModelBytes,
  suggestLeafCap,
  suggestedMinLeaf,
  TALL_PATIENTS,
} from './leafSuggestion';

const DEFAULTS = { nEstimators: '100', maxDepth: '', minSamplesLeaf: '1' };

describe('suggestLeafCap', () => {
  it('stays silent up to 100,000 patients', () => {
    expect(suggestLeafCap(TALL_PATIENTS, DEFAULTS)).toBeNull();
    expect(suggestLeafCap(5000, DEFAULTS)).toBeNull();
  });

  it('offers a larger leaf minimum for larger cohorts, with the expected effect in plain words', () => {
    expect(suggestedMinLeaf(150_000)).toBe(5);
    expect(suggestedMinLeaf(400_000)).toBe(10);
    expect(suggestedMinLeaf(1_000_000)).toBe(20);
    const s = suggestLeafCap(1_000_000, DEFAULTS);
    expect(s?.minLeaf).toBe(20);
    expect(s?.text).toMatch(
      /^Fully grown trees on 1,000,000 patients make a large model: about \d+ MB for 100 trees/,
    );
    expect(s?.text).toMatch(
      /At least 20 patients per leaf makes it about \d+ times smaller \(about \d+ MB\)/,
    );
  });

  it('scales the estimate with trees and patients, and a depth limit caps it', () => {
    const a = estimateModelBytes(200_000, 100, 1, null);
    expect(estimateModelBytes(200_000, 200, 1, null)).toBeCloseTo(2 * a);
    expect(estimateModelBytes(400_000, 100, 1, null)).toBeCloseTo(2 * a);
    expect(estimateModelBytes(200_000, 100, 5, null)).toBeLessThan(a / 1.5);
    expect(estimateModelBytes(200_000, 100, 1, 10)).toBe(100 * (2 ** 11 - 1) * 33);
  });

  it('stays silent when the settings already keep the model as small', () => {
    expect(suggestLeafCap(1_000_000, { ...DEFAULTS, minSamplesLeaf: '20' })).toBeNull();
    expect(suggestLeafCap(1_000_000, { ...DEFAULTS, minSamplesLeaf: '50' })).toBeNull();
    expect(suggestLeafCap(1_000_000, { ...DEFAULTS, maxDepth: '8' })).toBeNull();
    // A partial cap still gets the suggestion, worded for trees that are not fully grown.
    const s = suggestLeafCap(1_000_000, { ...DEFAULTS, minSamplesLeaf: '2' });
    expect(s?.minLeaf).toBe(20);
    expect(s?.text).toMatch(/^Trees this deep on/);
  });

  it('reads blank or mistyped fields as the defaults', () => {
    const typed = suggestLeafCap(300_001, {
      nEstimators: 'many',
      maxDepth: '',
      minSamplesLeaf: '',
    });
    expect(typed).toEqual(suggestLeafCap(300_001, DEFAULTS));
    expect(typed?.minLeaf).toBe(10);
  });
});
