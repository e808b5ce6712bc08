/**
 * The data worker's watchdog, over real Node workers. A call "hangs" because its request is never delivered (the
 * worker stays alive and answers nothing for it, as when it is stuck): the watchdog fires at a small configured
 * limit, the call rejects saying what was stopped and lost, the worker is ended and the next call runs on a fresh one.
 * Workers are first warmed by a load (never timed by the call watchdog), so their start-up is not what is timed.
 */
import type { Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { DataWorkerRestart, EngineClient, PatientInput } from './api';
import { createEngineClient, type EngineClientOptions } from './client';
import type { WorkerLike, WorkerRole } from './host';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 5, randomState: 9 };
const setup = { target: 'response', columns: [] };
const patient: PatientInput = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };

type Listener = Parameters<Endpoint['addEventListener']>[1];

/** A data worker whose requests to the named methods are dropped, and whose answers can be held back. */
class StuckableWorker implements WorkerLike {
  /** Methods whose requests never reach the worker (as if it were stuck on them). */
  readonly drop = new Set<string>();
  hold = false;
  terminated = false;
  private readonly worker: WorkerLike;
  private readonly held: [Listener, Event][] = [];
  private readonly wrapped = new Map<Listener, Listener>();

  constructor(worker: WorkerLike) {
    this.worker = worker;
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const m = message as { type?: string; path?: string[] } | null;
    if (m?.type === 'APPLY' && this.drop.has((m.path ?? []).join('.'))) return;
    this.worker.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: Listener): void {
    if (type !== 'message') return this.worker.addEventListener(type, listener);
    const wrapper: Listener = (event: Event) => {
      if (this.hold) this.held.push([listener, event]);
      else if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
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
      if (!this.wrapped.has(listener)) continue;
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  }

  terminate(): void {
    this.terminated = true;
    this.worker.terminate();
  }

  ref(): void {
    this.worker.ref?.();
  }

  unref(): void {
    this.worker.unref?.();
  }
}

/** An engine whose data workers (every one started, newest last) can be made to hang. */
function engineWith(options: EngineClientOptions): {
  engine: EngineClient;
  dataWorkers: StuckableWorker[];
  restarts: DataWorkerRestart[];
} {
  const dataWorkers: StuckableWorker[] = [];
  const spawn = (role: WorkerRole): WorkerLike => {
    if (role !== 'data') return spawnNodeWorker(role);
    const worker = new StuckableWorker(spawnNodeWorker(role));
    dataWorkers.push(worker);
    return worker;
  };
  const engine = createEngineClient({ spawn, workers: 1, ...options });
  const restarts: DataWorkerRestart[] = [];
  engine.onDataWorkerRestart((r) => restarts.push(r));
  engines.push(engine);
  return { engine, dataWorkers, restarts };
}

const engines: EngineClient[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

describe('the data worker watchdog', () => {
  it('restarts a worker that does not answer a prediction, and the next calls run on a fresh one', async () => {
    const { engine, dataWorkers, restarts } = engineWith({ callTimeoutMs: 1000 });
    await engine.loadCsv(new Blob([syntheticCsv(120)]), 'cohort.csv');
    await engine.train(setup, params);
    expect((await engine.predict(patient)).probabilities).toHaveLength(2);

    dataWorkers[0].drop.add('predict');
    await expect(engine.predict(patient)).rejects.toThrow(
      'Predicting the patient took longer than 1 s and was stopped; the app restarted its data worker, which lost the loaded table and the model. Load the file again; your settings are kept.',
    );
    expect(dataWorkers[0].terminated).toBe(true);
    expect(restarts).toEqual([
      {
        cause: 'Predicting the patient took longer than 1 s and was stopped',
        lostTable: true,
        lostModel: true,
      },
    ]);

    // A fresh worker, empty: the table is loaded again, the lost model is not there.
    const summary = await engine.loadCsv(new Blob([syntheticCsv(90)]), 'again.csv');
    expect(summary.rowCount).toBe(90);
    expect(dataWorkers).toHaveLength(2);
    await expect(engine.predict(patient)).rejects.toThrow('There is no model yet');
    expect((await engine.describeOutcome(setup)).rowsUsed).toBe(90);
    await engine.train(setup, params);
    const again = await engine.predict(patient);
    expect(again.probabilities[0] + again.probabilities[1]).toBeCloseTo(1, 9);
    expect(restarts).toHaveLength(1);
  });

  it('says which model file could not be opened in time, and what the restart lost', async () => {
    const { engine, dataWorkers, restarts } = engineWith({ callTimeoutMs: 1000 });
    await engine.loadCsv(new Blob([syntheticCsv(60)]), 'cohort.csv');
    dataWorkers[0].drop.add('importModel');
    await expect(engine.importModel('{}', 'big.genoforest.json')).rejects.toThrow(
      'The model file “big.genoforest.json” took longer than 1 s to open and was stopped; the app restarted its data worker, which lost the loaded table. Load the file again; your settings are kept.',
    );
    expect(restarts.map((r) => [r.lostTable, r.lostModel])).toEqual([[true, false]]);
  });

  it('does not time a call queued behind a load that is still going', async () => {
    const { engine, dataWorkers, restarts } = engineWith({ callTimeoutMs: 300 });
    await engine.loadCsv(new Blob([syntheticCsv(120)]), 'cohort.csv');
    await engine.train(setup, params);
    const worker = dataWorkers[0];
    // Every answer of the worker waits (the load's and the prediction's), for three times the call's limit.
    worker.hold = true;
    const loading = engine.loadCsv(new Blob([syntheticCsv(200)]), 'next.csv');
    const predicting = engine.predict(patient);
    await new Promise((resolve) => setTimeout(resolve, 900));
    worker.release();
    expect((await loading).rowCount).toBe(200);
    expect((await predicting).probabilities).toHaveLength(2);
    expect(restarts).toEqual([]);
    expect(worker.terminated).toBe(false);
  });

  it('stops a load that reports no progress, and restarts the worker when it does not answer the stop', async () => {
    const { engine, dataWorkers, restarts } = engineWith({
      loadStallMs: 500,
      loadCancelGraceMs: 0,
      callTimeoutMs: 30_000,
    });
    // Started by a quick call, so the worker's start-up is not counted as a stalled load.
    await expect(engine.describeOutcome(setup)).rejects.toThrow('No table is loaded');
    await engine.loadCsv(new Blob([syntheticCsv(80)]), 'first.csv');
    const restarted = new Promise<DataWorkerRestart>((resolve) => {
      engine.onDataWorkerRestart(resolve);
    });
    dataWorkers[0].drop.add('loadCsv');
    dataWorkers[0].drop.add('cancelLoad');
    await expect(engine.loadCsv(new Blob([syntheticCsv(100)]), 'stuck.csv')).rejects.toThrow(
      'Reading stuck.csv made no progress for 0.5 s and was stopped.',
    );
    expect(await restarted).toEqual({
      cause:
        'Reading stuck.csv made no progress for 0.5 s, and the data worker did not stop when asked',
      lostTable: true,
      lostModel: false,
    });
    expect(restarts).toHaveLength(1);
    expect(dataWorkers[0].terminated).toBe(true);
    await expect(engine.describeOutcome(setup)).rejects.toThrow('No table is loaded');
    const summary = await engine.loadCsv(new Blob([syntheticCsv(70)]), 'again.csv');
    expect(summary.rowCount).toBe(70);
  });

  it('keeps the worker and its table when a stalled load answers the stop', async () => {
    const { engine, dataWorkers, restarts } = engineWith({
      loadStallMs: 500,
      loadCancelGraceMs: 20_000,
      callTimeoutMs: 30_000,
    });
    await expect(engine.describeOutcome(setup)).rejects.toThrow('No table is loaded');
    await engine.loadCsv(new Blob([syntheticCsv(80)]), 'first.csv');
    dataWorkers[0].drop.add('loadCsv');
    await expect(engine.loadCsv(new Blob([syntheticCsv(100)]), 'stuck.csv')).rejects.toThrow(
      'Reading stuck.csv made no progress for 0.5 s and was stopped.',
    );
    expect((await engine.describeOutcome(setup)).rowsUsed).toBe(80);
    expect(restarts).toEqual([]);
    expect(dataWorkers).toHaveLength(1);
  });
});
