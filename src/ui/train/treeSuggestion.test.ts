import { describe, expect, it } from 'vitest';
import { suggestTrees } from './treeSuggestion';

describe('suggestTrees', () => {
  it('offers the largest count that still finishes within about 10 s, in plain words', () => {
    const s = suggestTrees({ nTrees: 100, fitSeconds: 1.2, treesPerSecond: 85, workers: 2 });
    expect(s).toEqual({
      trees: 500,
      text: 'Grew 100 trees in 1.2 s (85 trees a second on 2 workers): 500 trees would take about 6 s.',
    });
  });

  it('counts the tuning of a tuned forest, which grows with the trees', () => {
    // 100 trees and 200 tuning trees at 100 a second: 3 s, of which 0 outside growing. 300 trees: 9 s with tuning.
    const tuning = { treesGrown: 200 } as NonNullable<Parameters<typeof suggestTrees>[0]['tuning']>;
    const s = suggestTrees({ nTrees: 100, fitSeconds: 3, treesPerSecond: 100, workers: 2, tuning });
    expect(s?.trees).toBe(300);
    expect(s?.text).toContain(
      '300 trees would take about 9 s. Both times include tuning the settings.',
    );
    // Untuned, the same speed would offer 1,000.
    expect(
      suggestTrees({ nTrees: 100, fitSeconds: 1, treesPerSecond: 100, workers: 2 })?.trees,
    ).toBe(1000);
  });

  it("does not scale a small tuned forest's floor of tuning trees with the count", () => {
    // 10 trees after 192 tuning trees (16 per setting at least) at 400 a second, 0.6 s in all: 500 trees would take
    // about 500 + 4 × 500 tuning trees, 6.3 s; the ratio measured here (20.2 trees a tree) would have made even 200
    // trees take 10.2 s and offered none.
    const tuning = { treesGrown: 192 } as NonNullable<Parameters<typeof suggestTrees>[0]['tuning']>;
    const s = suggestTrees({
      nTrees: 10,
      fitSeconds: 0.6,
      treesPerSecond: 400,
      workers: 2,
      tuning,
    });
    expect(s?.trees).toBe(500);
    expect(s?.text).toContain('500 trees would take about 6 s.');
  });

  it("caps the tuning trees at the plan's own ratio for the cohort, above 4 on wide tables", () => {
    // 10 trees after 300 tuning trees at 300 a second; the plan says at most 6.26 tuning trees a tree (a 5,000 × 2,000
    // table): 500 trees would take (500 + 3,130) / 300 = 12.1 s, too long; 300 trees (300 + 1,878) / 300 = 7.3 s. A cap
    // of 4 made 500 trees look like 8.4 s.
    const tuning = { treesGrown: 300, mostTreesPerTree: 6.26 } as NonNullable<
      Parameters<typeof suggestTrees>[0]['tuning']
    >;
    const s = suggestTrees({
      nTrees: 10,
      fitSeconds: 1.1,
      treesPerSecond: 300,
      workers: 2,
      tuning,
    });
    expect(s?.trees).toBe(300);
    expect(s?.text).toContain('300 trees would take about 7 s.');
  });

  it('counts the time outside growing trees once', () => {
    // 100 trees at 50 a second is 2 s of growing; the other 4 s (binning) come again: 300 trees take 10 s.
    const s = suggestTrees({ nTrees: 100, fitSeconds: 6, treesPerSecond: 50, workers: 1 });
    expect(s?.trees).toBe(300);
    expect(s?.text).toContain('50 trees a second on 1 worker)');
    expect(s?.text).toContain('300 trees would take about 10 s.');
  });

  it('offers nothing when more trees would take long, the model is large already, or speed is unknown', () => {
    expect(suggestTrees({ nTrees: 100, fitSeconds: 6, treesPerSecond: 20, workers: 2 })).toBeNull();
    expect(
      suggestTrees({ nTrees: 1000, fitSeconds: 1, treesPerSecond: 2000, workers: 2 }),
    ).toBeNull();
    expect(suggestTrees({ nTrees: 100, fitSeconds: 1, treesPerSecond: undefined })).toBeNull();
  });

  it('caps the offer at 1,000 trees and leaves out the workers when they are not known', () => {
    const s = suggestTrees({ nTrees: 100, fitSeconds: 0.1, treesPerSecond: 1000 });
    expect(s?.trees).toBe(1000);
    expect(s?.text).toBe(
      'Grew 100 trees in 0.1 s (1,000 trees a second): 1,000 trees would take about 1 s.',
    );
  });
});
