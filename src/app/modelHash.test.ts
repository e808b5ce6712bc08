/**
 * The model hash: one model, one hash, whether just trained, saved and opened again (key order and absent options
 * of the file's encoding do not matter); another forest or another encoding, another hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestModel, type ForestParams } from '../engine/forest/types';
import type { Encoding } from './types';
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

/** The hash written out independently (Node's streaming SHA-256): the whole header's JSON, then every array's bytes. */
function independentHash(f: ForestModel, encoding: Encoding): string {
  const sortKeys = (v: unknown): unknown =>
    v === null || typeof v !== 'object' || Array.isArray(v)
      ? v
      : Object.fromEntries(
          Object.keys(v)
            .sort()
            .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        );
  const sha = createHash('sha256').update(
    JSON.stringify(
      {
        hash: 'genoforest-model-sha256/1',
        params: sortKeys(f.params),
        nFeatures: f.nFeatures,
        nClasses: f.nClasses,
        oobScore: f.oobScore,
        encoding: JSON.parse(JSON.stringify(encoding), (_k, v: unknown) => sortKeys(v)),
        featureImportances: f.featureImportances.length,
        oobProba: f.oobProba?.length ?? null,
        nodes: f.trees.map((t) => t.nodeCount),
      },
      (_k, v: unknown) => sortKeys(v),
    ),
  );
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  sha.update(bytes(f.featureImportances));
  if (f.oobProba) sha.update(bytes(f.oobProba));
  for (const t of f.trees) {
    for (const a of [t.feature, t.threshold, t.left, t.right, t.missingLeft, t.catOffset]) {
      sha.update(bytes(a));
    }
    for (const a of [t.catBits, t.value, t.weight]) sha.update(bytes(a));
  }
  return sha.digest('hex');
}

describe('modelHash', () => {
  it('is the SHA-256 of the serialised forest and its encoding, the same after saving and opening', async () => {
    const { data, info } = await trained(3);
    expect(info.modelHash).toMatch(/^[0-9a-f]{64}$/);
    const text = await data.exportModel(null);
    const file = parseModelFile(text);
    const f = file.forest;
    // A file's trees are float32 already: the trained ones hash as the file's.
    expect(f.trees[0].threshold).toBeInstanceOf(Float32Array);
    const expected = independentHash(f, file.info.encoding);
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
  it('writes the features piece by piece to the same bytes: names in any script, none at all', async () => {
    const { data } = await trained(3);
    const file = parseModelFile(await data.exportModel(null));
    const [first, ...rest] = file.info.encoding.features;
    const names = ['âge (ans)', '🧬 rs12 “A”', 'x\ud800y', 'a"b\\c', '\u0000genoforest-features'];
    const renamed = {
      ...file.info.encoding,
      features: [first, ...rest].map((f, i) => ({ ...f, name: `${names[i % names.length]}${i}` })),
    };
    expect(await modelHash(file.forest, renamed)).toBe(independentHash(file.forest, renamed));
    const none = { ...file.info.encoding, features: [] };
    expect(await modelHash(file.forest, none)).toBe(independentHash(file.forest, none));
  });
});
