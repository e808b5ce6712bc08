import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import { binFeatures } from '../engine/forest/binning';
import { fitSurvivalForest } from '../engine/forest/survivalForest';
import { growSurvivalTrees } from '../engine/forest/survivalGrow';
import { tuneSurvivalLeaf } from '../engine/forest/survivalTune';
import {
  evaluateSurvivalForest,
  exportSurvivalModel,
  openSurvivalModel,
  prepareSurvivalTraining,
} from './survivalCohort';
import {
  SurvivalTuningRun,
  survivalTuningBudgetWords,
  survivalTuningGroupWords,
} from './survivalTuning';

// NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md): time in days, event 1 = death.
const table = parseCsvText(
  readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8'),
);
const schema = inferSchema(table);
const choice = { time: 'time', event: 'event', eventValue: '1', unit: 'days' as const };

describe('survival tuning run a candidate at a time (the app’s pool)', () => {
  it('chooses what tuneSurvivalLeaf chooses in one thread, from forests grown in two shards each', async () => {
    const training = prepareSurvivalTraining(table, schema, choice, {
      nEstimators: 40,
      minSamplesLeaf: 15,
      randomState: 3,
      tune: true,
    });
    const { data, grid } = training;
    const run = new SurvivalTuningRun(training);
    // 228 patients: the base 15, then 3, 5, 10 and 20 (at most a tenth of them), 20 trees each (the fewest).
    expect(run.candidates.map((p) => p.minSamplesLeaf)).toEqual([15, 3, 5, 10, 20]);
    expect(run.candidates.every((p) => p.nEstimators === 20 && p.oobScore)).toBe(true);
    expect(() => run.choose()).toThrow(/candidate 1 has no forest/);
    const binned = binFeatures(data.X, data.nRows, data.nFeatures, data.isCategorical);
    // Without groups, and with the patients in pairs (a family column): both scored as in one thread.
    const pairs = { index: Int32Array.from({ length: data.nRows }, (_, i) => i >> 1), X: data.X };
    for (const groups of [undefined, pairs]) {
      const tuning = new SurvivalTuningRun(training, undefined, groups);
      tuning.candidates.forEach((p, k) => {
        const half = Math.floor(p.nEstimators / 2);
        const indices = Array.from({ length: p.nEstimators }, (_, i) => i);
        tuning.addCandidate(k, [
          growSurvivalTrees(binned, data.time, data.event, grid, p, indices.slice(half)),
          growSurvivalTrees(binned, data.time, data.event, grid, p, indices.slice(0, half)),
        ]);
      });
      const pooled = tuning.choose();
      const alone = await tuneSurvivalLeaf({ ...data, groups }, training.params, async (p) =>
        fitSurvivalForest(
          data.X,
          data.nRows,
          data.nFeatures,
          data.isCategorical,
          data.time,
          data.event,
          p,
        ),
      );
      expect(pooled).toEqual(alone);
      expect(pooled.params.nEstimators).toBe(40);
      expect(pooled.report.groupAware).toBe(groups !== undefined);
    }
    // A candidate that is not its seed's first trees cannot have its bootstraps replayed by group.
    const shifted = new SurvivalTuningRun(training, undefined, pairs);
    const p = shifted.candidates[0];
    const late = Array.from({ length: p.nEstimators }, (_, i) => i + 5);
    expect(() =>
      shifted.addCandidate(0, [growSurvivalTrees(binned, data.time, data.event, grid, p, late)]),
    ).toThrow(/not the first trees of its seed/);
  });

  it('says whether tuning inside each fold kept groups together', () => {
    expect(survivalTuningGroupWords('family', [true, true])).toMatch(
      /^Tuning kept groups together: each patient's out-of-bag score came only from trees that drew nobody of their group \(same "family"\)/,
    );
    const none = survivalTuningGroupWords('site', [false, false]);
    expect(none).toContain('without keeping groups together');
    expect(none).toContain('The groups are too large to keep together');
    const some = survivalTuningGroupWords('site', [true, false, true]);
    expect(some).toMatch(
      /^In folds 1, 3 tuning kept groups together: .*\. In folds 2 a tree's bootstrap left too few groups/,
    );
    expect(some).toContain('without keeping groups together');
  });

  it('saves the tuning table in the model file and reads it back; a file without one still opens', async () => {
    const training = prepareSurvivalTraining(table, schema, choice, {
      nEstimators: 20,
      minSamplesLeaf: 15,
      randomState: 2,
      tune: true,
    });
    const { data, grid } = training;
    const run = new SurvivalTuningRun(training);
    const binned = binFeatures(data.X, data.nRows, data.nFeatures, data.isCategorical);
    run.candidates.forEach((p, k) => {
      const indices = Array.from({ length: p.nEstimators }, (_, i) => i);
      run.addCandidate(k, [growSurvivalTrees(binned, data.time, data.event, grid, p, indices)]);
    });
    const chosen = run.choose();
    const forest = fitSurvivalForest(
      data.X,
      data.nRows,
      data.nFeatures,
      data.isCategorical,
      data.time,
      data.event,
      chosen.params,
    );
    const held = evaluateSurvivalForest(data, forest, choice, 0);
    held.report = { ...held.report, tuning: chosen.report };
    const text = exportSurvivalModel(held);
    const opened = openSurvivalModel(text, 'tuned.genoforest.json', null);
    expect(opened.report.tuning).toEqual(chosen.report);
    // A candidate whose C could not be computed is saved as null and read back as NaN.
    const json = JSON.parse(text) as {
      info: { tuning?: { candidates: { cindex: number | null }[] } };
    };
    json.info.tuning!.candidates[1].cindex = null;
    const nan = openSurvivalModel(JSON.stringify(json), 'nan.genoforest.json', null);
    expect(nan.report.tuning!.candidates[1].cindex).toBeNaN();
    // A table whose chosen leaf is not the forest's is damaged.
    const wrong = JSON.parse(text) as { info: { tuning?: { chosen: number } } };
    wrong.info.tuning!.chosen = forest.params.minSamplesLeaf === 3 ? 5 : 3;
    expect(() => openSurvivalModel(JSON.stringify(wrong), 'w.genoforest.json', null)).toThrow(
      /tuning chose a leaf of \d+ but the forest was grown with/,
    );
    // Files from before tuning was saved (no tuning field) open with none.
    delete json.info.tuning;
    expect(openSurvivalModel(JSON.stringify(json), 'old.genoforest.json', null).report.tuning).toBe(
      null,
    );
  });
});

describe('the trees survival tuning announces before training', () => {
  const training = prepareSurvivalTraining(table, schema, choice, {
    nEstimators: 10,
    minSamplesLeaf: 15,
    randomState: 1,
    tune: true,
  });
  for (const trees of [10, 60, 500]) {
    it(`are the trees the search grows: ${trees} trees on lung and on 40 of its patients`, () => {
      for (const rows of [undefined, Int32Array.from({ length: 40 }, (_, i) => i)]) {
        const run = new SurvivalTuningRun(
          { ...training, params: { ...training.params, nEstimators: trees } },
          rows,
        );
        const grown = run.candidates.reduce((sum, p) => sum + p.nEstimators, 0);
        const n = rows ? rows.length : training.data.nRows;
        const words = survivalTuningBudgetWords(n, trees, 15);
        expect(words).toContain(`tuning grows ${grown.toLocaleString('en-US')} trees first`);
        expect(words).toContain(`then the ${trees} of the forest`);
      }
    });
  }
  it('says a small forest grows many times its trees (10 trees on lung: 100 tuning trees, not about 2×)', () => {
    expect(survivalTuningBudgetWords(228, 10, 15)).toBe(
      'On these 228 patients tuning grows 100 trees first (5 leaf sizes, 15, 3, 5, 10, 20, × 20 trees each), then the 10 of the forest: 11.0 times the trees of an untuned forest.',
    );
    expect(survivalTuningBudgetWords(25, 10, 15)).toContain(
      'grows 20 trees first (only the default leaf of 15: no other leaf size is at most a tenth of the patients)',
    );
  });
});
