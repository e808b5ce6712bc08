import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { createEngineClient } from './client';
import { fixtureFile } from '../app/genomicTestData';
import { spawnNodeWorker } from './node';

describe('EngineClient.variantImportance over Node workers', () => {
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2 });
  afterAll(() => engine.dispose());

  it('answers with every variant after reporting its trees, and a cancel rejects at once', async () => {
    await engine.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
    ]);
    await engine.train(
      { target: 'PHENOTYPE', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 12, randomState: 2 },
    );
    const progress: number[] = [];
    const report = await engine.variantImportance({
      onProgress: (p) => progress.push(p.treesDone),
    });
    expect(report.variants).toHaveLength(41);
    expect(report.positions).toBe('file');
    // Reports of a proxied callback may trail the answer; those are dropped, so the last seen may be below 500.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((n, i) => n <= 500 && (i === 0 || n > progress[i - 1]))).toBe(true);
    // The top 20 by p measured on the model in the data worker: AUC drop with its SE, risk at 0/1/2 copies.
    const effects = await engine.variantEffects(report);
    expect(effects.effects.map((e) => e.name)).toEqual(
      report.variants.slice(0, 20).map((v) => v.name),
    );
    expect(effects.riskOf).toBe('case');
    for (const e of effects.effects) {
      expect(Number.isFinite(e.aucDrop)).toBe(true);
      expect(e.aucDropSe).toBeGreaterThanOrEqual(0);
    }
    const snp = effects.effects.find((e) => e.name !== 'SEX');
    expect(snp?.risk).toHaveLength(3);
    expect(['raises', 'lowers', 'mixed', 'flat']).toContain(snp?.direction);
    const csv = effects.csv.trim().split('\r\n');
    expect(csv[0]).toBe(
      'name,chromosome,position,counted,other,maf,importance,pValue,qValue,aucDrop,aucDropSe,risk0,risk1,risk2,direction',
    );
    expect(csv).toHaveLength(42);
    const after = progress.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(progress).toHaveLength(after);
    const ac = new AbortController();
    const cancelled = engine.variantImportance({ signal: ac.signal });
    ac.abort();
    await expect(cancelled).rejects.toThrow(/cancelled/);
  });
});
