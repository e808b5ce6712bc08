import { describe, expect, it } from 'vitest';
import { fitEffects, type EffectFit } from './effects.ts';
import { simulateSurvivalCohort } from './simulateSurvival.ts';
import { censoringBeforeForest, censoringWeights, horizonOutcome } from './survivalHorizon.ts';

describe('effects on survival at a horizon under covariate- and arm-dependent censoring', () => {
  it('left-out censored patients bias the average effect; censoring weights remove that bias', async () => {
    // bench/survivalEffect.ts repeats this over seeds and against R grf's causal_survival_forest (bench/SURVIVAL_EFFECT.md).
    const c = simulateSurvivalCohort(2000, 5, 5);
    const n = c.nRows;
    const p = c.nFeatures;
    const cat = new Uint8Array(p);
    const trueAte = c.tau.reduce((s, v) => s + v, 0) / n;
    const o = horizonOutcome(c.time, c.event, c.horizon);
    const m = o.keep.length;
    const X = new Float32Array(m * p);
    for (let f = 0; f < p; f++) for (let i = 0; i < m; i++) X[f * m + i] = c.X[f * n + o.keep[i]];
    const w = Uint8Array.from(o.keep, (r) => c.w[r]);
    const g = censoringBeforeForest(c.X, n, p, cat, c.time, c.event, c.w, o.keep, o.at, {
      nEstimators: 200,
      randomState: 5,
    });
    const weights = censoringWeights(g.value);
    const params = { numTrees: 300, randomState: 5 };
    const completeCase = await fitEffects(X, m, p, cat, o.y, w, params);
    const ipcw = await fitEffects(X, m, p, cat, o.y, w, params, {
      sampleWeights: weights.weights,
    });
    // The same patients without censoring: what the forest would find if every status at h were known.
    const oracle = await fitEffects(
      c.X,
      n,
      p,
      cat,
      Uint8Array.from(c.eventTime, (t) => (t > c.horizon ? 1 : 0)),
      c.w,
      params,
    );
    const coverage = (fit: EffectFit): number => {
      let k = 0;
      o.keep.forEach((r, i) => {
        if (fit.cohort.lower[i] <= c.tau[r] && c.tau[r] <= fit.cohort.upper[i]) k++;
      });
      return k / m;
    };
    console.log(
      `true ATE ${trueAte.toFixed(4)}; oracle ${oracle.ate.estimate.toFixed(4)} ± ${oracle.ate.standardError.toFixed(4)}; ` +
        `complete case ${completeCase.ate.estimate.toFixed(4)} ± ${completeCase.ate.standardError.toFixed(4)} (coverage ${coverage(completeCase).toFixed(3)}); ` +
        `IPCW ${ipcw.ate.estimate.toFixed(4)} ± ${ipcw.ate.standardError.toFixed(4)} (coverage ${coverage(ipcw).toFixed(3)}); ` +
        `kept ${m} of ${n}, weights ${weights.min.toFixed(2)}–${weights.max.toFixed(2)}, capped ${weights.capped}`,
    );
    // Dropping the censored unweighted loses the treated arm's event-free patients (censored three times as often).
    expect(completeCase.ate.upper).toBeLessThan(trueAte);
    expect(completeCase.ate.estimate).toBeLessThan(oracle.ate.estimate - 0.04);
    // Weighted, the estimate is where the uncensored data put it and its interval covers the truth.
    expect(Math.abs(ipcw.ate.estimate - oracle.ate.estimate)).toBeLessThan(0.03);
    expect(ipcw.ate.lower).toBeLessThan(trueAte);
    expect(ipcw.ate.upper).toBeGreaterThan(trueAte);
    expect(coverage(ipcw)).toBeGreaterThan(0.9);
    expect(coverage(ipcw)).toBeGreaterThan(coverage(completeCase));
  });
});
