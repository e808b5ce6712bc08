import { describe, expect, it } from 'vitest';
import {
  defaultHorizon,
  evaluateSurvival,
  fitFoldInThread,
  SurvivalCvRun,
  type SurvivalFoldsFitter,
} from './survivalEvaluation';
import { fitSurvivalForest, prepareSurvivalFit } from '../engine/forest/survivalForest';
import {
  crossValidateSurvival,
  planSurvivalCv,
  SurvivalCvScorer,
} from '../engine/survival/survivalEvaluation';
import { Rng } from '../engine/forest/rng';

/** Exponential survival, hazard 0.1 · exp(x0), three noise columns, independent censoring. */
function cohort(n: number) {
  const rng = new Rng(9);
  const p = 4;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < p; f++) X[f * n + r] = Math.fround(rng.nextFloat() * 2 - 1);
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(X[r]));
    const c = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.min(t, c);
    event[r] = t <= c ? 1 : 0;
  }
  return { X, nRows: n, nFeatures: p, isCategorical: new Uint8Array(p), time, event };
}

describe('the survival evaluation use case', () => {
  const data = cohort(200);
  const options = { folds: 4, params: { nEstimators: 12, randomState: 2 }, seed: 6 };

  it('reports what the engine does in one thread, folds in any order', async () => {
    const direct = crossValidateSurvival(data, options);
    let done = 0;
    const report = await evaluateSurvival(data, { ...options, onFold: (d) => (done = d) });
    expect(done).toBe(4);
    expect(report.cindex).toBe(direct.cindex);
    expect(report.cindexInterval).toEqual(direct.cindexInterval);
    expect(report.cindexFolds).toEqual(direct.cindexFolds);
    expect(report.integratedBrier).toBe(direct.integratedBrier);
    expect(Array.from(report.risk)).toEqual(Array.from(direct.risk));
    // Forests scored last fold first give the same figures (a pool may finish folds in any order).
    const plan = planSurvivalCv(data, options.folds, options.seed);
    const scorer = new SurvivalCvScorer(data, plan);
    const fit = fitFoldInThread(data);
    expect(() => scorer.report(options.seed)).toThrow(
      /Fold 1 of the cross-validation has no forest/,
    );
    for (let f = plan.folds.length - 1; f >= 0; f--) {
      scorer.addFold(f, await fit(plan.train[f], { ...options.params, oobScore: false }), 0);
    }
    const reversed = scorer.report(options.seed);
    expect(reversed.cindex).toBe(direct.cindex);
    expect(reversed.integratedBrier).toBe(direct.integratedBrier);
  });

  it('grows each fold on its training rows only and stops when asked', async () => {
    const seen: number[] = [];
    const fit = fitFoldInThread(data);
    await evaluateSurvival(data, options, (rows, params) => {
      seen.push(rows.length);
      expect(params.oobScore).toBe(false);
      return fit(rows, params);
    });
    expect(seen).toEqual([150, 150, 150, 150]);
    await expect(evaluateSurvival(data, { ...options, shouldStop: () => true })).rejects.toThrow(
      /stopped/,
    );
  });
});

describe('the survival evaluation use case with every fold grown at once', () => {
  const data = cohort(200);
  const options = { folds: 4, params: { nEstimators: 12, randomState: 2 }, seed: 6 };

  it('scores the forests a folds fitter hands back in any order into the one-thread report', async () => {
    const alone = await evaluateSurvival(data, options);
    const fit = fitFoldInThread(data);
    const asked: number[][] = [];
    const done: number[] = [];
    const fitter: SurvivalFoldsFitter = {
      async allFolds(train, params, onForest) {
        asked.push(train.map((rows) => rows.length));
        expect(params.oobScore).toBe(false);
        // Last fold first, as workers may finish them.
        for (let f = train.length - 1; f >= 0; f--) onForest(f, await fit(train[f], params));
      },
    };
    const together = await evaluateSurvival(
      data,
      { ...options, onFold: (d) => done.push(d) },
      fitter,
    );
    expect(asked).toEqual([[150, 150, 150, 150]]);
    expect(done).toEqual([1, 2, 3, 4]);
    expect(together.cindex).toBe(alone.cindex);
    expect(together.cindexInterval).toEqual(alone.cindexInterval);
    expect(together.cindexFolds).toEqual(alone.cindexFolds);
    expect(together.integratedBrier).toBe(alone.integratedBrier);
    expect(Array.from(together.risk)).toEqual(Array.from(alone.risk));
    expect(together.fitSeconds).toBeGreaterThan(0);
  });

  it('refuses a report when a fold never came back, and stops when asked', async () => {
    const fit = fitFoldInThread(data);
    const short: SurvivalFoldsFitter = {
      async allFolds(train, params, onForest) {
        onForest(0, await fit(train[0], params));
      },
    };
    await expect(evaluateSurvival(data, options, short)).rejects.toThrow(/Fold 2 .* has no forest/);
    let called = false;
    const never: SurvivalFoldsFitter = {
      async allFolds() {
        called = true;
      },
    };
    await expect(
      evaluateSurvival(data, { ...options, shouldStop: () => true }, never),
    ).rejects.toThrow(/stopped/);
    expect(called).toBe(false);
  });
});

describe('the Evaluate step’s cross-validation run and horizon', () => {
  it('proposes the longest round number of years within the median follow-up, else the median to two figures', () => {
    // Median 4,302 days (as flchain's): 10 years (3,652.5 days) is within it.
    expect(defaultHorizon([100, 4302, 9000], 'days')).toBe(3652.5);
    // Median 255.5 days, short of a year: 260.
    expect(defaultHorizon([100, 200, 311, 900], 'days')).toBe(260);
    expect(defaultHorizon([2, 40, 70], 'months')).toBe(36);
  });

  it('scores the folds a caller grows into the report evaluateSurvival gives, and figures at a horizon', async () => {
    const data = cohort(300);
    const params = { nEstimators: 12, randomState: 5, minSamplesLeaf: 10 };
    const alone = await evaluateSurvival(data, { folds: 4, params, seed: 5 });
    const grid = Float64Array.from([1, 2, 5, 10, 20]);
    const prepared = prepareSurvivalFit(data.time, data.event, params, data.nFeatures).params;
    const run = new SurvivalCvRun(data, prepared, 4, grid);
    run.foldPlans.forEach((p, f) => {
      const forest = fitSurvivalForest(
        data.X,
        data.nRows,
        data.nFeatures,
        data.isCategorical,
        data.time,
        data.event,
        p.params,
        { rows: p.rows },
      );
      run.addFold(f, forest, 0);
    });
    const fig = run.figures('months', '1');
    expect(fig.cindex).toBe(alone.cindex);
    expect(fig.integratedBrier).toBe(alone.integratedBrier);
    expect(fig.foldRows.map((r) => r.cindex)).toEqual(alone.cindexFolds);
    const h = run.atHorizon(5);
    expect(h.calibration).toHaveLength(5);
    expect(h.calibration.reduce((a, g) => a + g.patients, 0)).toBe(300);
    // Lowest predicted risk first.
    expect(h.calibration[0].predicted).toBeGreaterThan(h.calibration[4].predicted);
    expect(h.auc!).toBeGreaterThan(0.6);
    expect(() => run.atHorizon(1e9)).toThrow(/not before the longest follow-up/);
  });
});
