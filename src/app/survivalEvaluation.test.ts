import { describe, expect, it } from 'vitest';
import { evaluateSurvival, fitFoldInThread } from './survivalEvaluation';
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
