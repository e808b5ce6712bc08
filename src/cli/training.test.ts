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
import { ForestTrainer } from './training';

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
