/**
 * The treatment-effect use case as the app calls it: the randomised-trial switch (a known, constant chance of
 * treatment, no propensity model) and one typed-in patient's effect from the kept fit, on a simulated trial with
 * effect 0.2·min(max(x1, 0), 2) (engine/causal/simulate.ts).
 */
import { describe, expect, it } from 'vitest';
import { inThreadGrowers, type EffectGrowers } from '../engine/causal/growers';
import { simulateCohort } from '../engine/causal/simulate';
import { rawTableOf } from './testData';
import type { RawTable } from '../engine/data/types';
import { fitEffects } from '../engine/causal/effects';
import { fitTreatmentEffects, patientTreatmentEffect } from './treatmentEffect';

const N = 800;

function trialTable(design: 'randomised' | 'heterogeneous', seed: number): RawTable {
  const c = simulateCohort(design, N, 3, seed);
  const cols = [0, 1, 2].map((f) => Array.from({ length: N }, (_, r) => c.X[f * N + r].toFixed(4)));
  cols.push(Array.from(c.w, (v) => (v ? 'yes' : 'no')));
  cols.push(Array.from(c.y, (v) => (v ? 'responder' : 'non_responder')));
  const headers = ['x1', 'x2', 'x3', 'drug', 'outcome'];
  return rawTableOf(headers, cols);
}

describe('treatment effects for the app', () => {
  it('takes a randomised trial’s chance of treatment as the treated share, with no propensity model', async () => {
    const table = trialTable('randomised', 3);
    const model = await fitTreatmentEffects(table, {
      target: 'outcome',
      treatment: 'drug',
      randomised: true,
      numTrees: 200,
    });
    const share = model.report.treatedCount / model.report.patients;
    expect(model.report.propensity).toEqual({ model: 'randomised', value: share });
    expect(model.fit.nuisance.propensityForest).toBeNull();
    expect(new Set(model.report.rows.map((r) => r.propensity))).toEqual(new Set([share]));
    expect(model.report.overlap.warning).toBe(false);
    const observational = await fitTreatmentEffects(table, {
      target: 'outcome',
      treatment: 'drug',
      numTrees: 200,
    });
    expect(observational.report.propensity).toEqual({ model: 'forest' });
    expect(new Set(observational.report.rows.map((r) => r.propensity)).size).toBeGreaterThan(10);
  });

  it('gives a typed-in patient’s two arms and the difference with its interval', async () => {
    const table = trialTable('heterogeneous', 21);
    const steps: string[] = [];
    // Seed 2, as the next test (why there).
    const model = await fitTreatmentEffects(
      table,
      { target: 'outcome', treatment: 'drug', numTrees: 400, seed: 2 },
      (p) => steps.push(`${p.stage}:${p.treesDone}/${p.treesTotal}`),
    );
    // Both nuisance forests (100 trees each) and the effect forest (400) report, and the RATE's two fold fits of as
    // many trees, fitted at the same time: their trees done are summed to one total, never going back.
    // In one thread the regression forests report every 25 pairs of trees.
    expect(steps[0]).toBe('outcome:50/1800');
    const done = steps.map((s) => Number(s.split(':')[1].split('/')[0]));
    expect(done.every((d, i) => i === 0 || d >= done[i - 1])).toBe(true);
    expect(new Set(steps.map((s) => s.split(':')[0]))).toEqual(
      new Set(['outcome', 'propensity', 'effect', 'rate']),
    );
    expect(steps.at(-1)).toMatch(/:1800\/1800$/);
    expect(model.report.rate?.folds).toBe(2);
    expect(model.report.rate?.toc.q).toHaveLength(20);
    const high = patientTreatmentEffect(model, { x1: 2, x2: 0, x3: 0 });
    const low = patientTreatmentEffect(model, { x1: -1.5, x2: 0, x3: 0, drug: 'yes' });
    expect(high.treated).toBe('yes');
    expect(high.positive).toBe('responder');
    expect(high.effect).toBeCloseTo(high.probabilityTreated - high.probabilityUntreated, 10);
    expect(high.lower).toBeLessThan(high.effect);
    expect(high.upper).toBeGreaterThan(high.effect);
    // True effects 0.4 and 0: the high patient's interval is above 0, the low one's covers 0.
    expect(high.lower).toBeGreaterThan(0);
    expect(low.lower).toBeLessThan(0);
    expect(low.upper).toBeGreaterThan(0);
    expect(low.unknown).toEqual([]);
    expect(patientTreatmentEffect(model, { x1: 2 }).unknown).toEqual(['x2', 'x3']);
  });
});

describe('the local linear correction', () => {
  it('is on by default, on the column the effect varies with, and says so; off gives the forest’s own effects', async () => {
    const table = trialTable('heterogeneous', 21);
    const request = { target: 'outcome', treatment: 'drug', numTrees: 200, seed: 3 };
    const corrected = (await fitTreatmentEffects(table, request)).report;
    // The effect is 0.2·min(max(x1, 0), 2): the effect forest splits on x1 most.
    expect(corrected.localLinear).toEqual({ column: 'x1', lambda: 0.1 });
    expect(corrected.localLinearNote).toBe(
      "Local linear correction on “x1”, the column the effect forest splits on most (ridge penalty 0.1): it reduces the forest's bias toward the average effect where the effect changes with that column (Friedberg et al. 2020).",
    );
    expect(corrected.assumptions.at(-1)).toMatch(/straight line with the correction column/);
    const plain = (await fitTreatmentEffects(table, { ...request, localLinear: false })).report;
    expect(plain.localLinear).toBeNull();
    expect(plain.localLinearNote).toMatch(/^No local linear correction \(turned off\)/);
    expect(plain.assumptions).toHaveLength(corrected.assumptions.length - 1);
    // Off: exactly the engine's causal forest on the same columns, without the correction.
    const X = new Float32Array(N * 3);
    for (let f = 0; f < 3; f++)
      for (let r = 0; r < N; r++) X[f * N + r] = Number(table.columns[f][r]);
    const y = Uint8Array.from(table.columns[4], (v) => (v === 'responder' ? 1 : 0));
    const w = Uint8Array.from(table.columns[3], (v) => (v === 'yes' ? 1 : 0));
    const own = await fitEffects(X, N, 3, new Uint8Array(3), y, w, {
      numTrees: 200,
      randomState: 3,
    });
    expect(plain.rows.map((r) => r.effect)).toEqual(Array.from(own.cohort.effect));
    expect(plain.rows.map((r) => r.standardError)).toEqual(Array.from(own.cohort.standardError));
    expect(plain.ate).toEqual(own.ate);
    // On: other effects (the correction moves every patient a little), the same forest and nuisance models.
    const moved = corrected.rows.filter((r, i) => r.effect !== plain.rows[i].effect).length;
    expect(moved).toBeGreaterThan(N / 2);
    expect(corrected.drivers).toEqual(plain.drivers);
  });

  it('falls back to the forest’s own effects, and says so, when no numeric column can carry it', async () => {
    const table = trialTable('heterogeneous', 21);
    // Every feature a category: the correction needs a numeric column.
    for (let f = 0; f < 3; f++)
      table.columns[f] = table.columns[f].map((v) => (Number(v) > 0 ? 'high' : 'low'));
    const r = (
      await fitTreatmentEffects(table, { target: 'outcome', treatment: 'drug', numTrees: 100 })
    ).report;
    expect(r.localLinear).toBeNull();
    expect(r.localLinearNote).toBe(
      'No local linear correction: the effect forest split on no numeric column with a value for every patient, so the effects are the causal forest’s own estimates.',
    );
  });
});

describe('one patient’s two arms in words', () => {
  it('says both arms out of 100 and whether the difference is clear', async () => {
    const table = trialTable('heterogeneous', 21);
    // Seed 2: with seed 1 the forest's own estimate (before the local linear correction was the default) gave the
    // no-effect patient below 0.056 (0.0005 to 0.112), the shrinkage toward the average effect (0.117 here, truth
    // 0.08) that bench/CAUSAL.md documents; this test is about the words of both cases.
    const model = await fitTreatmentEffects(table, {
      target: 'outcome',
      treatment: 'drug',
      numTrees: 400,
      seed: 2,
    });
    const high = patientTreatmentEffect(model, { x1: 2, x2: 0, x3: 0 });
    expect(high.outcomes).toEqual(['responder', 'non_responder']);
    const nT = high.icons.treated.counts[0];
    const nU = high.icons.untreated.counts[0];
    expect(nT).toBe(Math.round(high.probabilityTreated * 100));
    expect(high.sentences.treated).toBe(
      `If treated (yes): about ${nT} out of 100 patients like this one in your cohort would have the outcome “responder”.`,
    );
    expect(high.sentences.untreated).toMatch(
      new RegExp(`^Without it \\(no\\): about ${nU} out of 100 patients like this one`),
    );
    expect(high.clearDifference).toBe(true);
    expect(high.sentences.reading).toMatch(/raises the chance of “responder”/);
    const low = patientTreatmentEffect(model, { x1: -1.5, x2: 0, x3: 0 });
    expect(low.clearDifference).toBe(false);
    expect(low.sentences.reading).toBe(
      'No clear difference for this patient: the interval includes zero.',
    );
    expect(low.sentences.difference).toMatch(
      /^Difference, treated minus without: .* \(95 % interval −/,
    );
  });

  it('finds the treated value written as another number', async () => {
    const table = trialTable('heterogeneous', 5);
    const drug = table.headers.indexOf('drug');
    table.columns[drug] = table.columns[drug].map((v) => (v === 'yes' ? '1.0' : '0.0'));
    const r = (
      await fitTreatmentEffects(table, {
        target: 'outcome',
        treatment: 'drug',
        treatedValue: '1',
        numTrees: 20,
      })
    ).report;
    expect(r.treated).toBe('1.0');
    await expect(
      fitTreatmentEffects(table, { target: 'outcome', treatment: 'drug', treatedValue: '2' }),
    ).rejects.toThrow(/"2" is not a value of "drug"; its values are: 0.0, 1.0/);
  });
});

describe('a failed fit', () => {
  it('stops the RATE’s fold fits from asking for more trees once the full fit has failed', async () => {
    const table = trialTable('heterogeneous', 22);
    // Every forest waits at a gate the test opens; the full fit's outcome forest (the first asked for) fails.
    const gates: (() => void)[] = [];
    const asked: string[] = [];
    const growers: EffectGrowers = {
      forest: inThreadGrowers.forest,
      async causal(binned, yRes, wRes, params, onTreesDone) {
        const first = asked.length === 0;
        asked.push(params.target ?? 'effect');
        await new Promise<void>((open) => gates.push(open));
        if (first) throw new Error('the outcome forest failed');
        return inThreadGrowers.causal(binned, yRes, wRes, params, onTreesDone);
      },
    };
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
    const fitting = fitTreatmentEffects(
      table,
      { target: 'outcome', treatment: 'drug', numTrees: 100 },
      undefined,
      growers,
    );
    fitting.catch(() => undefined);
    await tick();
    // The full fit's two nuisance forests and the two folds' two each, asked for at once.
    expect(asked).toEqual(['mean', 'mean', 'mean', 'mean', 'mean', 'mean']);
    gates[0]();
    await expect(fitting).rejects.toThrow('the outcome forest failed');
    // Open every gate, also of forests asked for meanwhile, until nothing more is asked for.
    for (let opened = 1, round = 0; round < 20; round++) {
      while (opened < gates.length) gates[opened++]();
      await tick();
    }
    // Before: each fold went on to ask for its causal forest after its nuisance forests.
    expect(asked.filter((t) => t === 'effect')).toEqual([]);
  });
});
