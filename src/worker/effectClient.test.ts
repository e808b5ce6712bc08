/**
 * Treatment effects through the EngineClient over Node workers (the browser code path): the fit runs in a worker of
 * its own with progress, its kept fit answers a typed-in patient, and Cancel ends that worker without touching the
 * loaded table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCohort } from '../engine/causal/simulate';
import type { EffectProgress, EngineClient } from './api';
import { createEngineClient } from './client';
import { isAbortError } from './host';
import type { SpawnWorker } from './host';
import { spawnNodeWorker } from './node';

const N = 600;

function trialCsv(): string {
  const c = simulateCohort('heterogeneous', N, 3, 21);
  const lines = ['x1,x2,x3,drug,outcome'];
  for (let r = 0; r < N; r++) {
    const xs = [0, 1, 2].map((f) => c.X[f * N + r].toFixed(4));
    lines.push([...xs, c.w[r] ? 'A' : 'placebo', c.y[r] ? 'responder' : 'non_responder'].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Node workers, with a record of each training (pool) worker and whether it was ended. */
function recordingSpawn(training: { ended: boolean }[]): SpawnWorker {
  return (role) => {
    const worker = spawnNodeWorker(role);
    if (role !== 'training') return worker;
    const record = { ended: false };
    training.push(record);
    const terminate = worker.terminate.bind(worker);
    worker.terminate = () => {
      record.ended = true;
      terminate();
    };
    return worker;
  };
}

const REQUEST = { target: 'outcome', treatment: 'drug', treatedValue: 'A' };

describe('EngineClient treatment effects: superseded and cancelled work on the pool', () => {
  let engine: EngineClient;
  const training: { ended: boolean }[] = [];

  beforeAll(async () => {
    engine = createEngineClient({ spawn: recordingSpawn(training), workers: 1 });
    await engine.loadCsv(new Blob([trialCsv()]), 'trial.csv');
  });

  afterAll(() => engine.dispose());

  it("a new estimate stops the previous one's trees on the pool", async () => {
    let growing: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (growing = resolve));
    // 4,000 trees: the pool is still growing the first estimate's outcome forest when the second starts.
    const first = engine.estimateEffects(
      { ...REQUEST, numTrees: 4000 },
      { onProgress: () => growing() },
    );
    await started;
    expect(training).toHaveLength(1);
    const second = engine.estimateEffects({ ...REQUEST, numTrees: 100 });
    await expect(first).rejects.toSatisfy(isAbortError);
    expect((await second).patients).toBe(N);
    // The worker growing the first estimate's trees was ended (not left to finish them ahead of the second's trees);
    // the second grew on a fresh one.
    expect(training[0].ended).toBe(true);
    expect(training).toHaveLength(2);
    expect(training[1].ended).toBe(false);
  });

  it("Cancel stops the estimate's trees on the pool", async () => {
    const before = training.length;
    const ac = new AbortController();
    const run = engine.estimateEffects(
      { ...REQUEST, numTrees: 4000 },
      { signal: ac.signal, onProgress: () => ac.abort() },
    );
    await expect(run).rejects.toSatisfy(isAbortError);
    // It grew on the worker the previous estimate left running, which Cancel ended.
    expect(training).toHaveLength(before);
    expect(training.every((t) => t.ended)).toBe(true);
  });
});

describe('EngineClient treatment effects', () => {
  let engine: EngineClient;

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 1 });
    await engine.loadCsv(new Blob([trialCsv()]), 'trial.csv');
  });

  afterAll(() => engine.dispose());

  it('is cancelled at once, and the table stays loaded', async () => {
    const ac = new AbortController();
    const run = engine.estimateEffects(
      { target: 'outcome', treatment: 'drug', treatedValue: 'A', numTrees: 4000 },
      { signal: ac.signal, onProgress: () => ac.abort() },
    );
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(await engine.patientEffect({ x1: 1 })).toBeNull();
  });

  it('fits in a worker with progress and answers a typed-in patient', async () => {
    const progress: EffectProgress[] = [];
    const report = await engine.estimateEffects(
      { target: 'outcome', treatment: 'drug', treatedValue: 'A', numTrees: 200 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(report.treated).toBe('A');
    expect(report.comparison).toBe('placebo');
    expect(report.patients).toBe(N);
    expect(report.ate.lower).toBeLessThan(report.ate.upper);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.stage).toBe('rate');
    const patient = await engine.patientEffect({ x1: 2, x2: 0, x3: 0 });
    expect(patient?.treated).toBe('A');
    expect(patient?.effect).toBeCloseTo(
      (patient?.probabilityTreated ?? NaN) - (patient?.probabilityUntreated ?? NaN),
      10,
    );
  });
});

describe('EngineClient treatment effects of three arms', () => {
  let engine: EngineClient;

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 1 });
    // Every third drug-A patient relabelled B: a treatment column of three values.
    let seen = 0;
    const csv = trialCsv().replace(/,A,/g, () => (seen++ % 3 === 0 ? ',B,' : ',A,'));
    await engine.loadCsv(new Blob([csv]), 'three-arms.csv');
  });

  afterAll(() => engine.dispose());

  it('keeps the joint fit for a typed-in patient under every arm, and forgets it for a two-arm estimate', async () => {
    expect(await engine.patientArmEffects({ x1: 2 })).toBeNull();
    const request = { target: 'outcome', treatment: 'drug', comparisonValue: 'placebo' };
    const report = await engine.estimateArmEffects({ ...request, numTrees: 100 });
    expect(report.arms.map((a) => a.arm)).toEqual(['A', 'B']);
    const patient = await engine.patientArmEffects({ x1: 2, x2: 0, x3: 0 });
    expect(patient?.arms.map((a) => a.arm)).toEqual(['placebo', 'A', 'B']);
    const [placebo, a] = patient!.arms;
    expect(a.difference?.effect).toBeCloseTo(a.probability - placebo.probability, 10);
    // The joint fit answers only for every arm; the pair's call has no fit.
    expect(await engine.patientEffect({ x1: 2 })).toBeNull();

    await engine.estimateEffects({ ...request, treatedValue: 'A', numTrees: 100 });
    expect(await engine.patientArmEffects({ x1: 2 })).toBeNull();
    expect((await engine.patientEffect({ x1: 2 }))?.treated).toBe('A');
  });
});
