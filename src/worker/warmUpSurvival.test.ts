/**
 * A training worker's warm-up covers survival growth: the kernel is compiled and its instance kept before the first
 * fit (its own file, so that no other test has grown survival trees in this process before).
 */
import { describe, expect, it } from 'vitest';
import { survivalKernelKept } from '../engine/forest/survivalKernel';
import { warmUpTrainingWorker } from './trainingWorker';

describe("a training worker's warm-up", () => {
  it('grows survival trees through the kernel, leaving its instance for the first fit', () => {
    expect(survivalKernelKept()).toBe(false);
    warmUpTrainingWorker(false);
    expect(survivalKernelKept()).toBe(true);
  });
});
