/**
 * Model files keep what tuning tried and chose, so a reopened model shows it; files without a tuning table (saved
 * before it, or from forests not tuned) still open, and a table that contradicts the forest is refused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inferSchema } from '../engine/data/schema';
import { buildEncoding, encodeTable } from '../engine/data/encode';
import { parseCsvText } from '../engine/data/parse';
import { assembleForest, fitForest } from '../engine/forest/forest';
import { growTrees } from '../engine/forest/grow';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { describeModel } from './modelInfo';
import {
  DAMAGED_PREFIX,
  exportModelFile,
  exportTrainedModelFile,
  modelFilePieces,
  parseModelFile,
  trainedModelFilePieces,
} from './modelFile';
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

describe('model files written in pieces', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are the very characters of the whole text: features, importances and trees one at a time', async () => {
    // One instant for both writers: savedAt is the only field that could differ.
    vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z'), toFake: ['Date'] });
    const { forest, info } = await tunedModel();
    // Names in other scripts and a NaN importance (written as null) must come out alike.
    const features = info.encoding.features.map((f, i) =>
      i === 0 ? { ...f, name: 'rs1_Ä “δ” 変異' } : f,
    );
    const odd: ModelInfo = {
      ...info,
      encoding: { ...info.encoding, features },
      importances: [{ feature: 'rs1_Ä “δ” 変異', importance: NaN }, ...info.importances],
    };
    const whole = exportModelFile(forest, odd, null);
    expect([...modelFilePieces(forest, odd, null)()].join('')).toBe(whole);
    // More than one piece per feature, importance and tree: none of those arrays is written as one string.
    const pieces = [...modelFilePieces(forest, odd, null)()];
    expect(pieces.length).toBeGreaterThan(2 * (features.length + odd.importances.length));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole.length / 4);
    // No features, no importances, no trees: empty arrays, as JSON.stringify writes them.
    const bare: ModelInfo = {
      ...info,
      encoding: { ...info.encoding, features: [] },
      importances: [],
    };
    const noTrees = { ...forest, trees: [] };
    expect([...modelFilePieces(noTrees, bare, null)()].join('')).toBe(
      exportModelFile(noTrees, bare, null),
    );
  });

  it('carry the training cohort’s fingerprint as the whole text does', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z'), toFake: ['Date'] });
    const table = parseCsvText(syntheticCsv(120, 3));
    const { encoding } = buildEncoding(table, inferSchema(table), {
      target: 'response',
      columns: [],
    });
    const data = encodeTable(table, encoding);
    const forest = fitForest(data.X, data.nRows, data.nFeatures, categoricalMask(data), data.y, 2, {
      ...DEFAULT_PARAMS,
      nEstimators: 5,
      randomState: 1,
    });
    const info = describeModel(forest, data, 1);
    const text = [...trainedModelFilePieces(forest, info, data)()].join('');
    expect(text).toBe(exportTrainedModelFile(forest, info, data));
    expect(parseModelFile(text).trainingCohort?.nRows).toBe(data.nRows);
  });
});
