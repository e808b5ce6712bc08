/**
 * The command line's tuned fit reuses the chosen setting's trees from the search as the forest's first trees: the
 * forest is the one grown afresh with the chosen settings, on one thread and on a pool of two.
 */
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../engine/data/schema';
import { buildEncoding, encodeColumns } from '../engine/data/encode';
import { parseCsvText } from '../engine/data/parse';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { syntheticCsv } from '../app/testData';
import { fileURLToPath } from 'node:url';
import { isSnpPacked } from '../engine/forest/packedSnp';
import { binTable, createNodePool, trainInPool } from '../worker/node';
import { ForestTrainer, loadTraining } from './training';

describe('ForestTrainer.fitTuned', () => {
  const table = parseCsvText(syntheticCsv(300, 5));
  const { encoding } = buildEncoding(table, inferSchema(table), {
    target: 'response',
    columns: [],
  });
  const data = encodeColumns(table, encoding);
  const rows = Int32Array.from({ length: 240 }, (_, i) => i + 30);

  it.each([1, 2])(
    'grows the forest grown afresh with the chosen settings, on %i thread(s)',
    async (threads) => {
      const trainer = new ForestTrainer(data, threads);
      try {
        for (const nEstimators of [40, 10]) {
          const params = { ...DEFAULT_PARAMS, nEstimators, randomState: 4 };
          const tuned = await trainer.fitTuned(params, true, rows);
          const afresh = await trainer.fit(tuned.params, rows);
          expect(tuned.forest.trees).toEqual(afresh.forest.trees);
          expect(tuned.forest.oobProba).toEqual(afresh.forest.oobProba);
          expect(tuned.forest.params).toEqual(afresh.forest.params);
          expect(tuned.forest.trees).toHaveLength(nEstimators);
          // The search's 8 groups of 4 trees: all 32 below 40; below 10, whole groups (one thread) or chunks (pool).
          if (nEstimators === 40) expect(tuned.treesReused).toBe(32);
          else expect(tuned.treesReused).toBeGreaterThan(0);
        }
      } finally {
        trainer.dispose();
      }
    },
  );
});

describe('the command line’s fits on a PLINK fileset', () => {
  const bed = fileURLToPath(new URL('../../testdata/genomic/cohort.bed', import.meta.url));

  it('hold the genotypes only as their 2-bit codes on the pool, and grow the byte bins’ trees (a fold too)', async () => {
    const loaded = await loadTraining(bed, 'PHENOTYPE');
    const { data } = loaded;
    const nClasses = data.encoding.classes.length;
    expect(nClasses).toBe(2);
    const rows = Int32Array.from({ length: data.nRows - 20 }, (_, i) => i + 10);
    const params = { ...DEFAULT_PARAMS, nEstimators: 12, randomState: 3 };
    const pool = createNodePool(2, { idleTimeoutMs: 0 });
    const bytePool = createNodePool(2, { idleTimeoutMs: 0 });
    const trainer = new ForestTrainer(data, 1);
    try {
      const bytes = { binned: binTable(data), y: data.y, nClasses };
      for (const fold of [undefined, rows]) {
        const packed = await trainInPool(data, params, { pool, rows: fold });
        // The pool's table: the cohort's own codes for the genotypes, no byte a genotype (40 variants, 1 sex column).
        const held = pool.heldData?.binned;
        if (!held || !isSnpPacked(held)) throw new Error('the pool holds a byte a genotype');
        // The same memory, not a copy: a change to the cohort's codes shows in the pool's (then undone).
        const codes = data.X.packed;
        expect(held.snp.packed.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(held.snp.packed.byteLength).toBe(codes.byteLength);
        codes[0] ^= 0xff;
        const seen = held.snp.packed[0];
        codes[0] ^= 0xff;
        expect(seen).toBe(codes[0] ^ 0xff);
        expect(held.byteBins.byteLength).toBeLessThan(data.nRows * 4);
        const reference = await trainInPool(bytes, params, { pool: bytePool, rows: fold });
        expect(packed.trees).toEqual(reference.trees);
        expect(packed.oobProba).toEqual(reference.oobProba);
        const here = await trainer.fit(params, fold);
        expect(here.forest.trees).toEqual(reference.trees);
        expect(here.forest.oobProba).toEqual(reference.oobProba);
      }
    } finally {
      pool.dispose();
      bytePool.dispose();
      trainer.dispose();
    }
  });
});
