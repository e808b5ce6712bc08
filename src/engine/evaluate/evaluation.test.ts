import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/parse';
import { inferSchema } from '../data/schema';
import { buildEncoding, encodeTable } from '../data/encode';
import type { EncodedDataset } from '../data/types';
import { fitForest } from '../forest/forest';
import { predictProba } from '../forest/predict';
import { Rng } from '../forest/rng';
import { DEFAULT_PARAMS, type ForestParams } from '../forest/types';
import {
  crossValidate,
  finishCrossValidation,
  MIN_PERMUTATION_ROWS,
  PERMUTATION_BUDGET,
  PERMUTATION_REPEATS,
  namedImportances,
  permutationFeatureCount,
  permutationRowCount,
  planCrossValidation,
  scoreFold,
  type CrossValidationData,
} from './evaluation';
import { gatherRows } from './heldOut';
import { metricIntervals } from './intervals';
import { aucFromProba, computeMetrics } from './metrics';
import { defaultPositiveClass } from '../data/positiveClass';

/** A seeded table: outcome from a, b and a category, plus noise columns. */
function table(nRows: number, noise: number, seed = 5): EncodedDataset {
  const rng = new Rng(seed);
  const head = ['a', 'b', 'group', ...Array.from({ length: noise }, (_, i) => `n${i}`), 'outcome'];
  const lines = [head.join(',')];
  for (let r = 0; r < nRows; r++) {
    const a = rng.nextInt(100) / 10;
    const b = rng.nextInt(100) / 10;
    const group = ['x', 'y', 'z'][rng.nextInt(3)];
    const score = a + b / 2 + (group === 'x' ? 3 : 0) + rng.nextInt(40) / 10;
    const cells = [a, b, group, ...Array.from({ length: noise }, () => rng.nextInt(3))];
    lines.push([...cells, score > 9 ? 'yes' : 'no'].join(','));
  }
  const raw = parseCsvText(lines.join('\n') + '\n');
  const { encoding } = buildEncoding(raw, inferSchema(raw), { target: 'outcome', columns: [] });
  return encodeTable(raw, encoding);
}

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 15, randomState: 4 };
const mask = (data: EncodedDataset): Uint8Array =>
  Uint8Array.from(data.encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));

/** Grows on `rows` of the table in this thread, as the pool and the CLI do (the whole table binned once). */
function grower(data: EncodedDataset) {
  return async (p: ForestParams, rows: Int32Array) =>
    fitForest(data.X, data.nRows, data.nFeatures, mask(data), data.y, 2, p, { rows });
}

describe('permutationFeatureCount', () => {
  it('measures every feature of a small table and keeps to the budget on large ones', () => {
    expect(permutationFeatureCount(30, 114, 100)).toBe(30);
    // The budget's own example: a 600-patient fold and 100 trees afford 22 features.
    expect(permutationFeatureCount(5000, 600, 100)).toBe(22);
    expect(permutationFeatureCount(5000, 10, 10)).toBe(100);
    expect(permutationFeatureCount(5000, 6000, 500)).toBe(20);
    expect(permutationFeatureCount(8, 6000, 500)).toBe(8);
  });
});

describe('permutationRowCount', () => {
  it('keeps every row of small folds and holds the budget on tall ones', () => {
    // The breast-cancer table: 5 folds of at most 114 rows, 30 features, 100 trees: every row, as before.
    expect(permutationRowCount(permutationFeatureCount(30, 114, 100), 100)).toBeGreaterThan(114);
    // 100,000 × 30 in 5 folds: 20 features on 666 sampled rows instead of all 20,000.
    const features = permutationFeatureCount(30, 20_000, 100);
    expect(features).toBe(20);
    expect(permutationRowCount(features, 100)).toBe(666);
    for (const [nFeatures, fold, trees] of [
      [30, 20_000, 100],
      [2000, 1_000_000, 100],
      [50, 200_000, 250],
      [5000, 600, 100],
    ]) {
      const m = permutationFeatureCount(nFeatures, fold, trees);
      const rows = Math.min(fold, permutationRowCount(m, trees));
      expect(PERMUTATION_REPEATS * m * rows * trees).toBeLessThanOrEqual(PERMUTATION_BUDGET);
    }
    // Many trees: never fewer than MIN_PERMUTATION_ROWS rows, so the work no longer grows with the rows.
    expect(permutationRowCount(20, 2000)).toBe(MIN_PERMUTATION_ROWS);
  });
});

describe('cross-validation', () => {
  const data = table(240, 4);
  const model = fitForest(data.X, data.nRows, data.nFeatures, mask(data), data.y, 2, params);

  it('pools the out-of-fold probabilities: every row predicted once, by the forest that did not see it', async () => {
    const report = await crossValidate(data, { folds: 4, params, model }, grower(data));
    // Independently: grow each fold, predict its held-out rows, pool them and score once.
    const run = planCrossValidation(data, { folds: 4, params });
    expect(run.params.oobScore).toBe(false);
    const oof = new Float64Array(data.nRows * 2).fill(NaN);
    const aucs: number[] = [];
    for (let f = 0; f < run.k; f++) {
      const forest = await grower(data)(run.params, run.trainRows[f]);
      const test = run.folds.folds[f];
      const proba = predictProba(
        forest,
        gatherRows(data.X, data.nRows, data.nFeatures, test),
        test.length,
      );
      test.forEach((r, i) => {
        oof[r * 2] = proba[i * 2];
        oof[r * 2 + 1] = proba[i * 2 + 1];
      });
      aucs.push(
        aucFromProba(
          Uint8Array.from(test, (r) => data.y[r]),
          proba,
          2,
        ),
      );
    }
    expect(oof.every((v) => Number.isFinite(v))).toBe(true);
    const pooled = computeMetrics(data.y, oof, 2, data.encoding.classes);
    expect(report.cv.auc).toBe(pooled.auc);
    expect(report.cv.brier).toBe(pooled.brier);
    expect(report.aucFolds).toEqual(aucs);
    // The pooled AUC is its own figure, not the mean of the folds' (they differ on this table).
    const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
    expect(report.cv.auc).not.toBe(mean);
    expect(report.cv.auc).toBeGreaterThan(0.75);
    // The intervals are those of the same pooled predictions, the bootstrap seeded by the model's seed.
    expect(report.cv.intervals).toEqual(
      metricIntervals(data.y, oof, 2, { seed: params.randomState, positive: 1 }),
    );
    const [lo, hi] = report.cv.intervals!.auc;
    expect(lo).toBeLessThan(report.cv.auc);
    expect(hi).toBeGreaterThan(report.cv.auc);
    expect(report.oob?.intervals?.thresholds).toHaveLength(99);
    expect(report.summary).toContain(
      `ROC AUC ${report.cv.auc.toFixed(3)}, 95 % interval ${lo.toFixed(3)}–${hi.toFixed(3)}`,
    );
    // 240 patients, 7 features, no class under 50: nothing to caution about.
    expect(report.cautions).toEqual([]);
  });

  it('reports OOB figures and importances of the full model; permutation importance favours the signal', async () => {
    const report = await crossValidate(data, { folds: 3, params, model }, grower(data));
    expect(report.folds).toBe(3);
    expect(report.oob?.auc).toBeGreaterThan(0.7);
    expect(report.impurityImportance).toEqual(
      namedImportances(
        data.encoding.features.map((f) => f.name),
        model.featureImportances,
      ),
    );
    // 7 features: all measured (fewer than MIN_PERMUTATION_FEATURES), on every held-out row.
    expect(report.permutationImportance).toHaveLength(7);
    expect(report.permutationRows).toEqual({ measured: 240, heldOut: 240 });
    expect(['a', 'b', 'group']).toContain(report.permutationImportance[0].feature);
    expect(report.summary).toMatch(/“yes”/);
  });

  it('without a model: no OOB and no importances, the same cross-validated figures', async () => {
    const withModel = await crossValidate(data, { folds: 3, params, model }, grower(data));
    const plain = await crossValidate(data, { folds: 3, params }, grower(data));
    expect(plain.oob).toBeNull();
    expect(plain.permutationImportance).toEqual([]);
    expect(plain.permutationRows).toBeUndefined();
    expect(plain.impurityImportance).toEqual([]);
    expect(plain.cv).toEqual(withModel.cv);
    expect(plain.aucFolds).toEqual(withModel.aucFolds);
  });

  it('refuses a fold that does not exist and a report before every fold is scored', async () => {
    const d: CrossValidationData = data;
    const run = planCrossValidation(d, { folds: 3, params });
    const forest = await grower(data)(run.params, run.trainRows[0]);
    expect(() => scoreFold(run, d, 3, forest)).toThrow('There is no fold 3.');
    scoreFold(run, d, 0, forest);
    expect(() => finishCrossValidation(run, d)).toThrow('Not every fold has been scored yet.');
  });

  it('uses fewer folds when a class is small, and says why', () => {
    const small = table(40, 0, 9);
    const minority = Math.min(...[0, 1].map((k) => small.y.filter((v) => v === k).length));
    const run = planCrossValidation(small, { folds: minority + 2, params });
    expect(run.k).toBe(minority);
    expect(run.note).toMatch(/folds were used/);
  });
});

describe('group-aware, repeated cross-validation with a positive class', () => {
  const data = table(120, 2, 11);
  const model = fitForest(data.X, data.nRows, data.nFeatures, mask(data), data.y, 2, params);
  // Families of 4 consecutive rows.
  const index = Int32Array.from({ length: data.nRows }, (_, r) => Math.floor(r / 4));
  const groups = { index, column: 'FID', count: data.nRows / 4, unlabelled: 0 };

  it('never puts a family on both sides, and the OOB note says it ignores groups', async () => {
    const run = planCrossValidation(data, { folds: 5, params, groups });
    for (let f = 0; f < run.testRows.length; f++) {
      const test = new Set(Array.from(run.testRows[f], (r) => index[r]));
      for (const r of run.trainRows[f]) expect(test.has(index[r])).toBe(false);
    }
    const report = await crossValidate(data, { folds: 5, params, model, groups }, grower(data));
    expect(report.groups).toEqual({ column: 'FID', count: 30, unlabelled: 0 });
    expect(report.oobNote).toMatch(/ignores groups/);
    expect(report.summary).toMatch(/30 groups/);
  });

  it('repeats: 3 × 4 folds grown, every row tested once per repeat, spread across repeats', async () => {
    const run = planCrossValidation(data, { folds: 4, params, repeats: 3 });
    expect(run.trainRows).toHaveLength(12);
    for (let rep = 0; rep < 3; rep++) {
      const tested = new Int32Array(data.nRows);
      run.testRows.forEach((t, f) => {
        if (run.repeatOf[f] === rep) for (const r of t) tested[r]++;
      });
      expect(tested.every((v) => v === 1)).toBe(true);
    }
    const report = await crossValidate(data, { folds: 4, params, repeats: 3 }, grower(data));
    const spread = report.repeatSpread;
    expect(report.repeats).toBe(3);
    if (!spread) throw new Error('a repeated cross-validation reports the spread across repeats');
    expect(Object.keys(spread).sort()).toEqual(['accuracy', 'auc', 'balancedAccuracy', 'brier']);
    expect(spread.auc.min).toBeLessThanOrEqual(spread.auc.mean);
    expect(spread.auc.max).toBeGreaterThanOrEqual(spread.auc.mean);
    expect(spread.auc.min).toBeLessThan(spread.auc.max);
    expect(report.aucFolds).toHaveLength(12);
    expect(report.summary).toMatch(/Over 3 repeats/);
  });

  it('the positive class chooses the ROC curve and calibration class', async () => {
    const one = await crossValidate(data, { folds: 4, params, positive: 1 }, grower(data));
    const zero = await crossValidate(data, { folds: 4, params, positive: 0 }, grower(data));
    expect(one.positiveClass).toBe('yes');
    expect(zero.positiveClass).toBe('no');
    expect(zero.cv.curves[0].className).toBe('no');
    expect(zero.cv.auc).toBeCloseTo(one.cv.auc, 10);
    expect(zero.cv.curves[0].averagePrecision).not.toBe(one.cv.curves[0].averagePrecision);
    expect(zero.summary).toMatch(/outcome “no” above a random patient with outcome “yes”/);
  });
});

describe('permutation importance on a tall table', () => {
  it('samples each fold to the budget and still ranks the one informative feature first', async () => {
    // 2,400 rows, 6 features of which only the first decides the outcome; 300 shallow trees make the budget bite.
    const rng = new Rng(21);
    const nRows = 2400;
    const nFeatures = 6;
    const X = new Float32Array(nRows * nFeatures);
    const y = new Uint8Array(nRows);
    for (let r = 0; r < nRows; r++) {
      for (let f = 0; f < nFeatures; f++) X[f * nRows + r] = rng.nextInt(1000) / 100;
      y[r] = X[r] + rng.nextInt(300) / 100 > 6.5 ? 1 : 0;
    }
    const names = Array.from({ length: nFeatures }, (_, f) => (f === 0 ? 'signal' : `noise${f}`));
    const data = {
      X,
      y,
      nRows,
      nFeatures,
      encoding: {
        ...table(10, 0).encoding,
        classes: ['no', 'yes'],
        features: names.map((name) => ({ ...table(10, 0).encoding.features[0], name })),
      },
    } as CrossValidationData;
    const tall: ForestParams = { ...params, nEstimators: 300, maxDepth: 3 };
    // Only its impurity ranking is used, to choose the features measured: a few trees do.
    const model = fitForest(X, nRows, nFeatures, new Uint8Array(nFeatures), y, 2, {
      ...tall,
      nEstimators: 20,
    });
    const grow = async (p: ForestParams, rows: Int32Array) =>
      fitForest(X, nRows, nFeatures, new Uint8Array(nFeatures), y, 2, p, { rows });
    const run = planCrossValidation(data, { folds: 3, params: tall, model });
    // max(256, 4,000,000 / (3 shuffles × 6 features × 300 trees)) = 740 rows of each 800-row fold.
    expect(run.permMaxRows).toBe(740);
    const report = await crossValidate(data, { folds: 3, params: tall, model }, grow);
    expect(report.permutationRows).toEqual({ measured: 3 * 740, heldOut: 2400 });
    expect(report.permutationImportance[0].feature).toBe('signal');
    expect(report.permutationImportance[0].importance).toBeGreaterThan(0.1);
    for (const f of report.permutationImportance.slice(1))
      expect(Math.abs(f.importance)).toBeLessThan(0.03);
  });
});

/** A colon-like table: "recurrence" the larger class (60 %) beside "no_recurrence", from x plus noise. */
function colonLike(nRows: number, seed = 9): EncodedDataset {
  const rng = new Rng(seed);
  const lines = ['x,z,status'];
  for (let r = 0; r < nRows; r++) {
    const x = rng.nextInt(100) / 10;
    const z = rng.nextInt(100) / 10;
    lines.push([x, z, x + rng.nextInt(60) / 10 > 6.2 ? 'recurrence' : 'no_recurrence'].join(','));
  }
  const raw = parseCsvText(lines.join('\n') + '\n');
  const { encoding } = buildEncoding(raw, inferSchema(raw), { target: 'status', columns: [] });
  return encodeTable(raw, encoding);
}

describe('one positive class for every read-out', () => {
  const colon = colonLike(400);
  const classes = colon.encoding.classes;
  const counts = classes.map((_, k) => colon.y.filter((c) => c === k).length);
  const positive = defaultPositiveClass(classes, counts)!.index;

  it('defaults to recurrence on colon-like names, though no_recurrence is the smaller class', () => {
    expect(classes).toEqual(['no_recurrence', 'recurrence']);
    expect(counts[0]).toBeLessThan(counts[1]);
    expect(classes[positive]).toBe('recurrence');
  });

  it('labels the decision curve with the class whose treat-all net benefit it holds', async () => {
    const report = await crossValidate(colon, { folds: 4, params, positive }, grower(colon));
    expect(report.positiveClass).toBe('recurrence');
    const labelled = classes.indexOf(report.positiveClass!);
    const prevalence = colon.y.filter((c) => c === labelled).length / colon.nRows;
    const curve = report.decisionCurve!;
    expect(curve.prevalence).toBeCloseTo(prevalence, 12);
    for (const p of curve.points) {
      const t = p.threshold;
      expect(p.treatAll).toBeCloseTo(prevalence - ((1 - prevalence) * t) / (1 - t), 12);
    }
    // The recalibration is of the same class: its recalibrated probabilities average to that class's share.
    for (const fit of report.recalibration) {
      expect(fit.positive).toBe(labelled);
      const n = fit.calibrationAfter.reduce((a, b) => a + b.count, 0);
      const observed = fit.calibrationAfter.reduce((a, b) => a + b.count * b.fractionPositive, 0);
      expect(observed / n).toBeCloseTo(prevalence, 12);
    }
  });

  it('reports a finished run again for the other class exactly as a fresh evaluation would', async () => {
    const run = planCrossValidation(colon, { folds: 4, params, positive });
    for (let f = 0; f < run.trainRows.length; f++)
      scoreFold(run, colon, f, await grower(colon)(run.params, run.trainRows[f]));
    const asRecurrence = finishCrossValidation(run, colon);
    const asNone = finishCrossValidation(run, colon, 1 - positive);
    const fresh = await crossValidate(
      colon,
      { folds: 4, params, positive: 1 - positive },
      grower(colon),
    );
    expect(asRecurrence.positiveClass).toBe('recurrence');
    expect(asNone).toEqual(fresh);
    expect(asNone.positiveClass).toBe('no_recurrence');
    expect(() => finishCrossValidation(run, colon, 2)).toThrow(/no class number 2/);
  });

  it('notes an outcome the pooled out-of-fold predictions never gave as most likely', async () => {
    // 3 % of patients have a third outcome unrelated to the features: the forest never makes it the most likely.
    const rng = new Rng(3);
    const lines = ['x,z,status'];
    for (let r = 0; r < 300; r++) {
      const x = rng.nextInt(100) / 10;
      const rare = r % 33 === 0;
      const z = rng.nextInt(100) / 10;
      lines.push([x, z, rare ? 'transplant' : x > 5 ? 'dead' : 'censored'].join(','));
    }
    const raw = parseCsvText(lines.join('\n') + '\n');
    const { encoding } = buildEncoding(raw, inferSchema(raw), { target: 'status', columns: [] });
    const three = encodeTable(raw, encoding);
    const grow = async (p: ForestParams, rows: Int32Array) =>
      fitForest(three.X, three.nRows, three.nFeatures, mask(three), three.y, 3, p, { rows });
    // Leaves of at least 10 patients: a few scattered transplants never make a leaf's majority.
    const leafy = { ...params, minSamplesLeaf: 10 };
    const report = await crossValidate(three, { folds: 3, params: leafy }, grow);
    const k = three.encoding.classes.indexOf('transplant');
    expect(report.cv.confusion.reduce((a, row) => a + row[k], 0)).toBe(0);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings![0]).toMatch(
      /never gave “transplant” as the most likely outcome: all 10 patients/,
    );
    // The two-class colon table predicts both outcomes: no note.
    const colonReport = await crossValidate(colon, { folds: 4, params, positive }, grower(colon));
    expect(colonReport.warnings).toEqual([]);
  });
});
