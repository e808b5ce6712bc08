import { afterEach, describe, expect, it, vi } from 'vitest';
import { sparseProgress } from './effectGrowers';

afterEach(() => vi.useRealTimers());

describe('sparseProgress', () => {
  it('passes on the first report, then at most one per interval, and always the last', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const seen: number[] = [];
    const report = sparseProgress((done) => seen.push(done), 100);
    report(1, 10);
    vi.advanceTimersByTime(50);
    report(2, 10);
    report(3, 10);
    vi.advanceTimersByTime(60);
    report(4, 10);
    vi.advanceTimersByTime(10);
    report(5, 10);
    report(10, 10);
    expect(seen).toEqual([1, 4, 10]);
  });
});
