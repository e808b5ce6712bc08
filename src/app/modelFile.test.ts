/**
 * Model files keep what tuning tried and chose, so a reopened model shows it; files without a tuning table (saved
 * before it, or from forests not tuned) still open, and a table that contradicts the forest is refused.
 */
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../engine/data/schema';
import { buildEncoding, encodeTable } from '../engine/data/encode';
import { parseCsvText } from '../engine/data/parse';
import { assembleForest, fitForest } from '../engine/forest/forest';
import { growTrees } from '../engine/forest/grow';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { describeModel } from './modelInfo';
import { DAMAGED_PREFIX, exportModelFile, parseModelFile } from './modelFile';
import { syntheticCsv } from './testData';
import { binTable, categoricalMask } from './trainingData';
import { summarizeTuning, tuneOnOutOfBag } from './tuneForest';
import type { ModelInfo } from './types';

/** A tuned forest on a small synthetic cohort and its ModelInfo with the tuning table, as the app saves it. */
async function tunedModel() {
  const table = parseCsvText(syntheticCsv(240, 5));
  const { encoding } = buildEncoding(table, inferSchema(table), {
    target: 'response',
    columns: [],
  });
  const data = encodeTable(table, encoding);
  const mask = categoricalMask(data);
  const fit = (p: ForestParams) =>
    fitForest(data.X, data.nRows, data.nFeatures, mask, data.y, 2, p);
  const base = { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 3 };
  const binned = binTable(data);
  const tuned = await tuneOnOutOfBag(
    { y: data.y, nClasses: 2, nFeatures: data.nFeatures },
    base,
    (p, first) => {
      const indices = Array.from({ length: p.nEstimators }, (_, i) => first + i);
      const shard = growTrees(binned, data.y, 2, p, indices);
      return Promise.resolve(assembleForest([shard], p, data.nRows, 2, data.nFeatures, data.y));
    },
  );
  const forest = fit(tuned.params);
  const info: ModelInfo = {
    ...describeModel(forest, data, 1),
    tuning: summarizeTuning(tuned.report, tuned.params, data.nFeatures),
  };
  return { forest, info };
}

describe('model files and tuning', () => {
  it('a reopened tuned model shows every candidate tried and the choice', async () => {
    const { forest, info } = await tunedModel();
    const tuning = info.tuning as NonNullable<ModelInfo['tuning']>;
    expect(tuning.candidates.length).toBeGreaterThan(3);
    const reopened = parseModelFile(exportModelFile(forest, info, null));
    // JSON has no NaN: compare with what a round trip of the table itself gives.
    expect(reopened.info.tuning).toEqual(JSON.parse(JSON.stringify(tuning)));
    expect(reopened.info.tuning?.candidates.filter((c) => c.chosen)).toHaveLength(1);
    expect(reopened.info.tuning?.chosen.minSamplesLeaf).toBe(reopened.info.params.minSamplesLeaf);
  });

  it('reads a tuning table scored by group (groupAware true) and one from before (false)', async () => {
    const { forest, info } = await tunedModel();
    const tuning = info.tuning as NonNullable<ModelInfo['tuning']>;
    for (const groupAware of [true, false]) {
      const file = exportModelFile(forest, { ...info, tuning: { ...tuning, groupAware } }, null);
      expect(parseModelFile(file).info.tuning?.groupAware).toBe(groupAware);
    }
  });

  it('a file without a tuning table (older, or not tuned) opens without one', async () => {
    const { forest, info } = await tunedModel();
    const plain: ModelInfo = { ...info };
    delete plain.tuning;
    const reopened = parseModelFile(exportModelFile(forest, plain, null));
    expect(reopened.info.tuning).toBeUndefined();
    expect(reopened.forest.trees).toHaveLength(forest.trees.length);
  });

  it('refuses a tuning table that contradicts the forest', async () => {
    const { forest, info } = await tunedModel();
    const tuning = info.tuning as NonNullable<ModelInfo['tuning']>;
    const otherLeaf: ModelInfo = {
      ...info,
      tuning: {
        ...tuning,
        chosen: { ...tuning.chosen, minSamplesLeaf: tuning.chosen.minSamplesLeaf + 1 },
      },
    };
    expect(() => parseModelFile(exportModelFile(forest, otherLeaf, null))).toThrow(
      `${DAMAGED_PREFIX}the tuning table chose other settings than the forest was grown with.`,
    );
    const noneChosen: ModelInfo = {
      ...info,
      tuning: { ...tuning, candidates: tuning.candidates.map((c) => ({ ...c, chosen: false })) },
    };
    expect(() => parseModelFile(exportModelFile(forest, noneChosen, null))).toThrow(
      'marks 0 settings as chosen, not one',
    );
  });
});
