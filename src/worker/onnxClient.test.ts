/**
 * ONNX through the EngineClient over real Node workers (the browser's Comlink path): bytes cross the worker
 * boundary both ways, refusals arrive as specific messages, and the model in use stays after one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { importOnnxModel } from '../engine/interop/index';
import { REPO_ROOT } from '../engine/interop/testData';
import type { EngineClient, PatientInput } from './api';
import { createEngineClient } from './client';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const patient: PatientInput = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };
const iris = (): Uint8Array =>
  new Uint8Array(readFileSync(resolve(REPO_ROOT, 'testdata/onnx/rf_iris_opset3.onnx')));

describe('EngineClient: ONNX export and import across the worker boundary', () => {
  let engine: EngineClient;

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 1 });
    await engine.loadCsv(new Blob([syntheticCsv(200)]), 'cohort.csv');
    await engine.train(
      { target: 'response', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 15, randomState: 2 },
    );
  }, 60_000);

  afterAll(() => engine.dispose());

  it('exports the trained model and opens it again with the same probabilities', async () => {
    const before = await engine.predict(patient);
    const bytes = await engine.exportOnnx();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(importOnnxModel(bytes).info.classLabels).toEqual(['non_responder', 'responder']);
    const { info } = await engine.importModel(bytes, 'cohort.onnx');
    expect(info.provenance?.origin).toBe('imported');
    expect(info.encoding.features.find((f) => f.name === 'smoking')?.kind).toBe('categorical');
    const after = await engine.predict(patient);
    after.probabilities.forEach((p, k) =>
      expect(Math.abs(p - before.probabilities[k])).toBeLessThanOrEqual(1e-6),
    );
    expect(Number.isNaN(after.familiarity)).toBe(true);
    const ref = await engine.setReferenceCohort(new Blob([syntheticCsv(200)]), 'cohort.csv');
    expect(ref.provenance?.referenceCohort?.rows).toBe(200);
    expect((await engine.explain(patient)).method).toMatch(/reference cohort cohort\.csv/);
  });

  it('a damaged file is refused with its reason and the model in use stays', async () => {
    await engine.importModel(iris(), 'iris.onnx');
    const bytes = iris();
    await expect(engine.importModel(bytes.slice(0, 100), 'cut.onnx')).rejects.toThrow(
      /not a readable ONNX model/,
    );
    const info = await engine.mapColumns({
      kind: 'column-list',
      text: 'a\nb\nc\nd\n',
      fileName: 'cols.txt',
    });
    expect(info.provenance?.fileName).toBe('iris.onnx');
    expect(info.encoding.features.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
  });
});
