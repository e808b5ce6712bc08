/**
 * The model hash: one model, one hash, whether just trained, saved and opened again (key order and absent options
 * of the file's encoding do not matter); another forest or another encoding, another hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { serializeForest } from '../engine/forest/serialize';
import { createDataSession } from './dataSession';
import { modelHash } from './modelHash';
import { parseModelFile } from './modelFile';
import { syntheticCsv } from './testData';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 3 };

async function trained(seed: number) {
  const data = createDataSession();
  await data.loadCsv(new Blob([syntheticCsv(120)]), 'cohort.csv');
  const { info } = await trainInProcess(
    data,
    { target: 'response', columns: [] },
    {
      ...params,
      randomState: seed,
    },
  );
  return { data, info };
}

describe('modelHash', () => {
  it('is the SHA-256 of the serialised forest and its encoding, the same after saving and opening', async () => {
    const { data, info } = await trained(3);
    expect(info.modelHash).toMatch(/^[0-9a-f]{64}$/);
    const text = await data.exportModel(null);
    const file = parseModelFile(text);
    // Written out independently (Node's own SHA-256 over sorted-key JSON): the definition, not a re-run of it.
    const sortKeys = (v: unknown): unknown =>
      v === null || typeof v !== 'object'
        ? v
        : Array.isArray(v)
          ? v.map(sortKeys)
          : Object.fromEntries(
              Object.keys(v)
                .sort()
                .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
                .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
            );
    const expected = createHash('sha256')
      .update(
        JSON.stringify(
          sortKeys({ forest: serializeForest(file.forest), encoding: file.info.encoding }),
        ),
      )
      .digest('hex');
    expect(info.modelHash).toBe(expected);
    // Opened in another session (another window, the CLI): the same hash.
    const opened = await createDataSession().importModel(text);
    expect(opened.info.modelHash).toBe(info.modelHash);
  });

  it('differs for another forest and for another encoding of the same forest', async () => {
    const a = await trained(3);
    const b = await trained(4);
    expect(b.info.modelHash).not.toBe(a.info.modelHash);
    const file = parseModelFile(await a.data.exportModel(null));
    const renamed = {
      ...file.info.encoding,
      classes: file.info.encoding.classes.map((c) => `${c}!`),
    };
    expect(await modelHash(file.forest, renamed)).not.toBe(a.info.modelHash);
    // Key order does not matter (a file's reader may order keys otherwise).
    const reordered = Object.fromEntries(
      Object.entries(file.info.encoding).reverse(),
    ) as typeof file.info.encoding;
    expect(await modelHash(file.forest, reordered)).toBe(a.info.modelHash);
  });
});
