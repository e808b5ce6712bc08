import { describe, expect, it } from 'vitest';
import { niceTicks } from './lineChartAxes';

describe('niceTicks', () => {
  it('steps by a round amount and stays inside the domain', () => {
    expect(niceTicks(-0.05, 0.3)).toEqual([-0.05, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(-0.2, 0.4)).toEqual([-0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(-0.05, 0.05)).toEqual([-0.04, -0.02, 0, 0.02, 0.04]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(143.5, 2501)).toEqual([500, 1000, 1500, 2000, 2500]);
  });
});
