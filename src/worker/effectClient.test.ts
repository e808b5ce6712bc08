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
