/**
 * Interactive work first: while a cross-validation runs (folds grown on the pool, scored in the evaluation worker),
 * a user's prediction and explanation are answered by the data worker at once instead of queueing behind scoring.
 *
 * Shown by order, not by the clock: the evaluation worker's answers are held back, so the evaluation cannot finish
 * (its folds' scoring never comes back) until the test lets it; predict and explain must be answered meanwhile, and
 * the data worker must have been given no part of the evaluation after it began. How long the calls take while a
 * real evaluation runs is measured by `npm run bench` (bench/extras.ts).
 */
import type { Endpoint } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { EngineClient, EvaluationProgress, PatientInput, Prediction } from './api';
import { createEngineClient } from './client';
import type { WorkerLike, WorkerRole } from './host';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 3 };
const setup = { target: 'response', columns: [] };
const patient: PatientInput = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };

type Listener = Parameters<Endpoint['addEventListener']>[1];

function deliver(listener: Listener, event: Event): void {
  if (typeof listener === 'function') listener(event);
  else listener.handleEvent(event);
}

/**
 * A worker seen from the main thread: the methods called on it (Comlink's APPLY requests) are recorded, and its
 * answers wait while `hold` is on, to be delivered in order by `release`.
 */
class WatchedWorker implements WorkerLike {
  readonly calls: string[] = [];
  hold = false;
  private readonly worker: WorkerLike;
  private readonly held: [Listener, Event][] = [];
  private readonly wrapped = new Map<Listener, Listener>();

  constructor(worker: WorkerLike) {
    this.worker = worker;
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const m = message as { type?: string; path?: string[] } | null;
    if (m?.type === 'APPLY') this.calls.push((m.path ?? []).join('.'));
    this.worker.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: Listener): void {
    if (type !== 'message') return this.worker.addEventListener(type, listener);
    const wrapper: Listener = (event: Event) => {
      if (this.hold) this.held.push([listener, event]);
      else deliver(listener, event);
    };
    this.wrapped.set(listener, wrapper);
    this.worker.addEventListener(type, wrapper);
  }

  removeEventListener(type: string, listener: Listener): void {
    const wrapper = type === 'message' ? this.wrapped.get(listener) : undefined;
    this.wrapped.delete(listener);
    this.worker.removeEventListener(type, wrapper ?? listener);
  }

  release(): void {
    this.hold = false;
    for (const [listener, event] of this.held.splice(0)) {
      if (this.wrapped.has(listener)) deliver(listener, event);
    }
  }

  terminate(): void {
    this.worker.terminate();
  }

  ref(): void {
    this.worker.ref?.();
  }

  unref(): void {
    this.worker.unref?.();
  }
}

describe('interactive work during an evaluation', () => {
  let engine: EngineClient;
  /** The latest data and evaluation workers started. */
  const workers = new Map<WorkerRole, WatchedWorker>();
  let before: Prediction;

  beforeAll(async () => {
    const spawn = (role: WorkerRole): WorkerLike => {
      if (role === 'training') return spawnNodeWorker(role);
      const worker = new WatchedWorker(spawnNodeWorker(role));
      workers.set(role, worker);
      return worker;
    };
    engine = createEngineClient({ spawn, workers: 2 });
    await engine.loadCsv(new Blob([syntheticCsv(600)]), 'cohort.csv');
    await engine.train(setup, params);
    before = await engine.predict(patient);
  });

  afterAll(() => engine.dispose());

  it('answers predict and explain while the folds are grown and their scoring has not come back', async () => {
    const data = workers.get('data');
    if (!data) throw new Error('no data worker was started');
    const progress: EvaluationProgress[] = [];
    let dataCallsAtStart = -1;
    let grown: () => void = () => undefined;
    const allGrown = new Promise<void>((resolve) => (grown = resolve));
    let finished = false;
    const evaluation = engine
      .evaluate(5, {
        onProgress: (p) => {
          if (progress.length === 0) {
            // The evaluation has begun (its input and plan are answered): hold every scoring answer from here on.
            const evaluator = workers.get('evaluation');
            if (evaluator) evaluator.hold = true;
            dataCallsAtStart = data.calls.length;
          }
          progress.push(p);
          if (p.stage === 'scoring') grown();
        },
      })
      .finally(() => {
        finished = true;
      });
    await allGrown;
    const evaluator = workers.get('evaluation');
    expect(evaluator?.hold).toBe(true);

    // Every fold is grown, none of its scoring has come back, so the evaluation cannot be over: a predict or explain
    // queued behind it would never be answered here (the test would time out).
    const during = await engine.predict(patient);
    const explanation = await engine.explain(patient);
    expect(finished).toBe(false);
    expect(progress.every((p) => p.foldsDone === 0)).toBe(true);
    expect(during.probabilities).toEqual(before.probabilities);
    expect(explanation.probabilities[1]).toBeCloseTo(before.probabilities[1], 6);
    // The data worker did none of the evaluation's work once it began: it answered our two calls only.
    expect(data.calls.slice(dataCallsAtStart)).toEqual(['predict', 'explain']);

    evaluator?.release();
    const report = await evaluation;
    expect(report.folds).toBe(5);
    // Progress counts every fold's trees, then says what is left once they are grown.
    const last = progress.at(-1);
    expect(last).toMatchObject({ treesDone: 200, treesTotal: 200, foldsDone: 5 });
    expect(last?.stage).toBe('summarising');
    const dones = progress.map((p) => p.treesDone);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    // The model the user predicts with is not the evaluation's: predictions are unchanged after it.
    expect((await engine.predict(patient)).probabilities).toEqual(before.probabilities);
  });
});
