import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/forest/rng';
import {
  combinePcaParts,
  computePca,
  computePcaWith,
  preparePca,
  type DoseColumns,
  type PcaSweepData,
} from '../engine/genetics/pca';
import { createNodePool, spawnNodeWorker } from './node';
import { createEngineClient } from './client';
import { fixtureFile } from '../app/genomicTestData';
import { loadCohortFiles } from '../engine/data/genomic/loadFiles';
import { ancestryView } from '../app/cohortGenetics';
import type { TrainingPool } from './pool';

/** Two populations, `m` variants, 1 % missing: enough variants for three parts of a sweep. */
function doses(n: number, m: number): DoseColumns {
  const rng = new Rng(11);
  const columns: Uint8Array[] = [];
  for (let j = 0; j < m; j++) {
    const p = [0.2 + 0.6 * rng.nextFloat(), 0.2 + 0.6 * rng.nextFloat()];
    const col = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const q = p[i < n / 2 ? 0 : 1];
      col[i] =
        rng.nextFloat() < 0.01
          ? 255
          : (rng.nextFloat() < q ? 1 : 0) + (rng.nextFloat() < q ? 1 : 0);
    }
    columns.push(col);
  }
  return { nSamples: n, columns };
}

function shared<T extends Float64Array | Int32Array | Uint16Array>(a: T): T {
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

describe('ancestry components on the training pool', () => {
  const pools: TrainingPool[] = [];
  afterAll(() => pools.forEach((p) => p.dispose()));
  const cohort = doses(61, 9000);
  const options = { components: 4, seed: 5 };

  async function onPool(workers: number) {
    const pool = createNodePool(workers);
    pools.push(pool);
    const input = preparePca(
      cohort,
      options,
      (length) => new Uint8Array(new SharedArrayBuffer(length)),
    );
    const data: PcaSweepData = {
      ...input.data,
      twoP: shared(input.data.twoP),
      scale: shared(input.data.scale),
      missingStart: shared(input.data.missingStart),
      missingRows: shared(input.data.missingRows),
    };
    const job = { id: `pca-${workers}`, data };
    return computePcaWith(input, options, async ({ q, w, withG }) =>
      combinePcaParts(data, w, await pool.sweepPca(job, q, w, withG)),
    );
  }

  it('gives one and two workers the same components, to the bit, as this thread', async () => {
    const here = computePca(cohort, options);
    const one = await onPool(1);
    const two = await onPool(2);
    expect(Array.from(two.scores)).toEqual(Array.from(one.scores));
    expect(Array.from(one.scores)).toEqual(Array.from(here.scores));
    expect(two.eigenvalues).toEqual(here.eigenvalues);
    expect(Array.from(two.model.weights)).toEqual(Array.from(here.model.weights));
    // PC1 is the two populations.
    const pc1 = Array.from({ length: 61 }, (_, i) => here.scores[i * 4]);
    const left = pc1.slice(0, 31);
    const right = pc1.slice(31);
    expect(Math.max(...left) < Math.min(...right) || Math.max(...right) < Math.min(...left)).toBe(
      true,
    );
  }, 60_000);

  it('gives the app the same view through the client, its data worker and 2 pool workers as in this thread', async () => {
    const files = () =>
      ['bed', 'bim', 'fam'].map((ext) => fixtureFile(`pca/twopop_missing.${ext}`));
    const request = { components: 3, qc: { maf: 0.01 } };
    const here = await ancestryView((await loadCohortFiles(files())).table, request);
    const engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2 });
    try {
      await engine.loadFiles(files());
      const view = await engine.ancestry(request);
      expect(view.scores).toEqual(here.scores);
      expect(view.eigenvalues).toEqual(here.eigenvalues);
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
