import { describe, expect, it, vi } from 'vitest';
import * as tuneForest from './tuneForest';
import { warmUpTuningSearch } from './warmUpSearch';

describe("the page's warm-up of the tuned fit's search", () => {
  it('runs every stage of the search (screened leaves, leaves, more features at a depth limit, deeper), a slice a grow call', async () => {
    const spy = vi.spyOn(tuneForest, 'tuneOnOutOfBag');
    let pauses = 0;
    await warmUpTuningSearch(async () => {
      pauses++;
    });
    expect(spy).toHaveBeenCalledTimes(1);
    const result = await spy.mock.results[0].value;
    spy.mockRestore();
    const stages = new Set(result.report.candidates.map((c: { stage: string }) => c.stage));
    expect([...stages].sort()).toEqual(['depth', 'features', 'leaf']);
    const cands = result.report.candidates as { screened?: true; maxDepth: number | null }[];
    expect(cands.some((c) => c.screened)).toBe(true);
    expect(cands.some((c) => !c.screened && c.maxDepth !== null)).toBe(true);
    // One pause before each of the search's grow calls (its groups of trees).
    const perGroup = result.report.plan.treesPerCandidate / 4;
    expect(pauses).toBe(result.report.treesGrown / perGroup);
  });

  it('never throws', async () => {
    await expect(
      warmUpTuningSearch(() => Promise.reject(new Error('no idle time'))),
    ).resolves.toBeUndefined();
  });
});
