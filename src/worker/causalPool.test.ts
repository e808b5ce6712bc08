/**
 * Treatment effects with every tree grown on the Node worker pool (nuisance forests and the causal forest's bags):
 * the same effects, intervals and checks for a seed as in one thread, on one worker or two.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fitEffects } from '../engine/causal/effects';
import { binFeatures } from '../engine/forest/binning';
import { simulateArms, simulateCohort } from '../engine/causal/simulate';
import { fitMultiArmEffects } from '../engine/causal/multiArm';
import { heldOutPriorities } from '../engine/causal/rate';
import { createNodePool } from './node';
import { poolEffectGrowers } from './pool';

const N = 400;
const P = 4;
const CAT = new Uint8Array(P);
const one = createNodePool(1);
const two = createNodePool(2);
afterAll(() => {
  one.dispose();
  two.dispose();
});

describe('treatment effects on the worker pool', () => {
  it('gives exactly the one-thread fit on one worker and on two, with progress over every forest', async () => {
    const c = simulateCohort('heterogeneous', N, P, 3);
    const params = { numTrees: 60, randomState: 9 };
    const local = await fitEffects(c.X, N, P, CAT, c.y, c.w, params);
    // Another fit's data, held by the pool between its calls (e.g. an evaluation between folds).
    const held = { id: 'other fit', binned: binFeatures(c.X, N, P, CAT), y: c.y, nClasses: 2 };
    two.setTrainingData(held);
    const stages = new Set<string>();
    let last = 0;
    const onTwo = await fitEffects(c.X, N, P, CAT, c.y, c.w, params, {
      growers: poolEffectGrowers(two),
      onProgress: (p) => {
        stages.add(p.stage);
        last = p.treesDone;
      },
    });
    const onOne = await fitEffects(c.X, N, P, CAT, c.y, c.w, params, {
      growers: poolEffectGrowers(one),
    });
    // grf's max(50, trees/4) trees per nuisance forest, then the 60 causal trees.
    expect(last).toBe(50 + 50 + 60);
    expect([...stages]).toEqual(['outcome', 'propensity', 'effect']);
    // The pool's held data was never replaced.
    expect(two.heldData).toBe(held);
    for (const fit of [onTwo, onOne]) {
      expect(fit.forest.trees).toHaveLength(60);
      expect(Array.from(fit.nuisance.m)).toEqual(Array.from(local.nuisance.m));
      expect(Array.from(fit.nuisance.e)).toEqual(Array.from(local.nuisance.e));
      expect(Array.from(fit.cohort.effect)).toEqual(Array.from(local.cohort.effect));
      expect(Array.from(fit.cohort.standardError)).toEqual(Array.from(local.cohort.standardError));
      expect(fit.ate).toEqual(local.ate);
      expect(fit.calibration).toEqual(local.calibration);
    }
  });

  it('gives exactly the one-thread multi-arm fit on one worker and on two', async () => {
    const c = simulateArms(N, P, 5);
    const params = { numTrees: 40, randomState: 3 };
    const fit = (growers?: ReturnType<typeof poolEffectGrowers>) =>
      fitMultiArmEffects(c.X, N, P, CAT, c.y, c.arm, 3, params, growers ? { growers } : {});
    const local = await fit();
    for (const pooled of [await fit(poolEffectGrowers(two)), await fit(poolEffectGrowers(one))]) {
      expect(Array.from(pooled.nuisance.e)).toEqual(Array.from(local.nuisance.e));
      for (let k = 0; k < 2; k++) {
        expect(Array.from(pooled.cohort[k].effect)).toEqual(Array.from(local.cohort[k].effect));
        expect(Array.from(pooled.cohort[k].standardError)).toEqual(
          Array.from(local.cohort[k].standardError),
        );
      }
      expect(pooled.ate).toEqual(local.ate);
    }
  });

  it('gives exactly the one-thread multi-arm fit with the local linear correction', async () => {
    const c = simulateArms(N, P, 5);
    const fit = (growers?: ReturnType<typeof poolEffectGrowers>) =>
      fitMultiArmEffects(
        c.X,
        N,
        P,
        CAT,
        c.y,
        c.arm,
        3,
        { numTrees: 40, randomState: 3 },
        { localLinear: { variables: 1, lambda: 0.1 }, ...(growers ? { growers } : {}) },
      );
    const local = await fit();
    // One column per arm that gains from one (B's effect bends; C's, the same for everyone, keeps the forest's own).
    expect(local.localLinear?.map((s) => s.variables.length)).toEqual([1, 0]);
    for (const pooled of [await fit(poolEffectGrowers(two)), await fit(poolEffectGrowers(one))]) {
      expect(pooled.localLinear?.map((s) => s.variables)).toEqual(
        local.localLinear?.map((s) => s.variables),
      );
      for (let k = 0; k < 2; k++) {
        expect(Array.from(pooled.cohort[k].effect)).toEqual(Array.from(local.cohort[k].effect));
        expect(Array.from(pooled.cohort[k].standardError)).toEqual(
          Array.from(local.cohort[k].standardError),
        );
      }
      expect(pooled.ate).toEqual(local.ate);
    }
  });

  it("ranks held-out patients (the RATE's fold forests) as one thread does", async () => {
    const c = simulateCohort('strong', N, P, 4);
    const params = { numTrees: 40, randomState: 2 };
    const local = await heldOutPriorities(c.X, N, P, CAT, c.y, c.w, params, 2);
    const pooled = await heldOutPriorities(c.X, N, P, CAT, c.y, c.w, params, 2, {
      growers: poolEffectGrowers(two),
    });
    expect(Array.from(pooled)).toEqual(Array.from(local));
    expect(pooled.every(Number.isFinite)).toBe(true);
  });
});
