/**
 * Test-only hooks, compiled out of production builds. Every use is guarded by `globalThis.__GENOFOREST_TEST_HOOKS__`,
 * which Vite replaces with a constant at build time (true only in the e2e build, `vite build --mode e2e`, see
 * vite.config.ts), so a production bundle holds neither the guarded code nor this module. In Node (Vitest, the CLI)
 * it is a plain global that only tests set; node.ts hands its value on to the worker threads it starts.
 *
 * The hook: a page script sets `globalThis[TEST_CRASH_FLAG] = n`, and the next fit's first training worker crashes
 * for real after n trees (an uncaught error reaches the page, then the worker closes and never answers). The flag
 * is read once and deleted, so only that one fit fails.
 */
import type { TrainingWorkerApi } from './api';
import type { AfterTree } from './trainingWorker';

declare global {
  var __GENOFOREST_TEST_HOOKS__: boolean | undefined;
}

/** The page flag a test sets to crash the next fit's first training worker after that many trees. */
export const TEST_CRASH_FLAG = '__genoforestCrashTrainingWorkerAfterTrees';

/** What a training worker adds to its API in test builds. */
export interface TrainingTestHooks {
  /** Die as a crashed worker does after growing `trees` more trees. */
  crashAfterTreesForTest(trees: number): Promise<void>;
}

/** Reads and clears the crash flag; when it holds a whole number, arms that crash in the training worker `api`. */
export async function armTestCrash(api: object): Promise<void> {
  const scope = globalThis as Record<string, unknown>;
  const value = scope[TEST_CRASH_FLAG];
  if (value === undefined) return;
  delete scope[TEST_CRASH_FLAG];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    await (api as TrainingTestHooks).crashAfterTreesForTest(value);
  }
}

/** Thrown out of tree growing to stop it where crashAfterTreesForTest said. */
class TestCrash extends Error {
  constructor(readonly trees: number) {
    super(`stopped after ${trees} trees`);
  }
}

/** A training worker (made by `create` with the given per-tree hook) that can be told to crash. */
export function withTestCrash(
  create: (afterTree: AfterTree) => TrainingWorkerApi,
): TrainingWorkerApi & TrainingTestHooks {
  let left: number | null = null;
  const api = create((done) => {
    if (left !== null && --left <= 0) {
      left = null;
      throw new TestCrash(done);
    }
  });
  return {
    setTrainingData: api.setTrainingData,
    holdColumns: api.holdColumns,
    binColumns: api.binColumns,
    binSnpPacked: api.binSnpPacked,
    memoryUsage: api.memoryUsage,
    growSurvivalTrees: api.growSurvivalTrees,
    growCausalBags: api.growCausalBags,
    pcaSweepParts: api.pcaSweepParts,
    screenWeights: api.screenWeights,
    async crashAfterTreesForTest(trees) {
      left = Math.max(0, Math.floor(trees));
    },
    async growTrees(...args) {
      if (left === 0) {
        left = null;
        return crash(0);
      }
      try {
        return await api.growTrees(...args);
      } catch (error) {
        if (error instanceof TestCrash) return crash(error.trees);
        throw error;
      }
    },
  };
}

/**
 * Dies the way a crashed worker does: the error goes uncaught to the thread that started the worker (an `error`
 * event on its Worker), the worker closes, and the call never answers.
 */
function crash(trees: number): Promise<never> {
  const error = new Error(`the worker was stopped on purpose by a test after ${trees} trees`);
  const scope = globalThis as { reportError?: (e: unknown) => void; close?: () => void };
  if (typeof scope.reportError === 'function') scope.reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
  scope.close?.();
  return new Promise<never>(() => undefined);
}
