import { describe, expect, it } from 'vitest';
import { binFeatures } from '../forest/binning.ts';
import {
  fitCausalForest,
  predictCausal,
  predictCausalOob,
  unpackCausalTrees,
  validateCausalParams,
  type CausalForest,
} from './causalForest.ts';
import { fitEffects, predictEffects } from './effects.ts';
import {
  correctionColumns,
  correctionVariables,
  localLinearFit,
  predictLocalLinear,
  treatmentIndex,
} from './localLinear.ts';
import { simulateCohort } from './simulate.ts';
import { localLinearCases } from './localLinearCases.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const P = 10;
const CAT = new Uint8Array(P);

function rmse(est: ArrayLike<number>, truth: Float64Array): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (est[i] - truth[i]) ** 2;
  return Math.sqrt(s / truth.length);
}

describe('local linear step', () => {
  it('on a balanced 2 × 2 design shrinks the slopes by 1/(1 + λ) and leaves the effect and intercept alone', () => {
    // d and w at ±1 in every combination with equal weights: Σα z zᵀ = I (dim 4, trace 4), so the ridge adds λ to
    // the d and w·d entries only and each coefficient is Σα z_j y / (1 + penalty_j).
    const d = [[-1], [-1], [1], [1]];
    const w = [-1, 1, -1, 1];
    const y = [0.1, 0.5, 0.2, 1.0];
    const alpha = [0.25, 0.25, 0.25, 0.25];
    const fit = localLinearFit(alpha, d, w, y, 0.5);
    expect(fit).not.toBeNull();
    const theta = fit?.theta ?? new Float64Array(4);
    // Intercept: mean y = 0.45. Effect: Σ w y / 4 = (−0.1 + 0.5 − 0.2 + 1.0)/4 = 0.3.
    expect(theta[0]).toBeCloseTo(0.45, 12);
    expect(theta[treatmentIndex(1)]).toBeCloseTo(0.3, 12);
    // Slope in d: Σ d y / 4 = (−0.1 − 0.5 + 0.2 + 1.0)/4 = 0.15, shrunk by 1.5 → 0.1.
    expect(theta[1]).toBeCloseTo(0.1, 12);
    // Slope of the effect in d: Σ w d y / 4 = (0.1 − 0.5 − 0.2 + 1.0)/4 = 0.1, shrunk → 0.1/1.5.
    expect(theta[3]).toBeCloseTo(0.1 / 1.5, 12);
    // ζ = M⁻¹ e_w = e_w (M's w entry is unpenalised and 1).
    expect(Array.from(fit?.zeta ?? [])).toEqual([0, 0, 1, 0]);
  });

  it('recovers an effect that is linear in d exactly without a penalty, whatever the weights', () => {
    const d = [[-2], [-0.5], [0.3], [1.1], [2], [0.7]];
    const w = [0.4, -0.6, 0.5, -0.3, -0.5, 0.2];
    const alpha = [0.1, 0.3, 0.05, 0.25, 0.2, 0.1];
    // y = 0.2 + 0.1 d + (0.3 + 0.25 d) w: the effect at the target (d = 0) is 0.3.
    const y = d.map(([v], i) => 0.2 + 0.1 * v + (0.3 + 0.25 * v) * w[i]);
    const fit = localLinearFit(alpha, d, w, y, 0);
    expect(fit?.theta[treatmentIndex(1)]).toBeCloseTo(0.3, 10);
    expect(fit?.theta[3]).toBeCloseTo(0.25, 10);
    // Without the slope columns the same data give the forest's ratio (⟨yw⟩ − ⟨y⟩⟨w⟩)/(⟨ww⟩ − ⟨w⟩²).
    const plain = localLinearFit(
      alpha,
      d.map(() => []),
      w,
      y,
      0,
    );
    let ay = 0;
    let aw = 0;
    let ayw = 0;
    let aww = 0;
    alpha.forEach((a, i) => {
      ay += a * y[i];
      aw += a * w[i];
      ayw += a * y[i] * w[i];
      aww += a * w[i] * w[i];
    });
    expect(plain?.theta[1]).toBeCloseTo((ayw - ay * aw) / (aww - aw * aw), 12);
  });

  it('refuses a forest grown without its leaf-filling rows', () => {
    const n = 200;
    const c = simulateCohort('heterogeneous', n, P, 9);
    const binned = binFeatures(c.X, n, P, CAT);
    const y = Float64Array.from(c.y);
    const w = Float64Array.from(c.w, (v) => v - 0.5);
    const forest = fitCausalForest(binned, y, w, { numTrees: 4, randomState: 1 });
    expect(forest.trees[0].filled.length).toBe(0);
    const settings = { variables: [], columns: [], lambda: 0.1 };
    expect(() => predictLocalLinear(forest, binned, y, w, settings, 'oob')).toThrow(/keepFilled/);
  });

  it('refuses a neighbourhood without treatment variation', () => {
    expect(localLinearFit([0.5, 0.5], [[1], [2]], [0.3, 0.3], [1, 0], 0.1)).toBeNull();
  });

  it('with no correction columns is the forest’s own estimate and variance, out of bag and for new rows', () => {
    const n = 600;
    const c = simulateCohort('heterogeneous', n, P, 5);
    const binned = binFeatures(c.X, n, P, CAT);
    // Residuals from the true nuisance functions: the comparison needs only some residuals.
    const y = Float64Array.from(c.y, (v, i) => v - c.baseline[i] - c.propensity[i] * c.tau[i]);
    const w = Float64Array.from(c.w, (v, i) => v - c.propensity[i]);
    const forest = fitCausalForest(binned, y, w, {
      numTrees: 100,
      randomState: 3,
      keepFilled: true,
    });
    const none = { variables: [], columns: [], lambda: 0.1 };
    const ll = predictLocalLinear(forest, binned, y, w, none, 'oob');
    const own = predictCausalOob(forest, binned);
    for (let i = 0; i < n; i++) {
      expect(ll.effect[i]).toBeCloseTo(own.effect[i], 10);
      expect(ll.variance[i]).toBeCloseTo(own.variance[i], 12);
    }
    const fresh = simulateCohort('heterogeneous', 50, P, 6);
    const llNew = predictLocalLinear(forest, binned, y, w, none, { X: fresh.X, nRows: 50 });
    const ownNew = predictCausal(forest, fresh.X, 50);
    for (let i = 0; i < 50; i++) {
      expect(llNew.effect[i]).toBeCloseTo(ownNew.effect[i], 10);
      expect(llNew.variance[i]).toBeCloseTo(ownNew.variance[i], 12);
    }
  });

  it('corrects on the column the effect varies with and lowers the error of the effects', async () => {
    const n = 1000;
    const c = simulateCohort('heterogeneous', n, P, 7);
    const plain = await fitEffects(c.X, n, P, CAT, c.y, c.w, { numTrees: 400, randomState: 7 });
    const corrected = await fitEffects(
      c.X,
      n,
      P,
      CAT,
      c.y,
      c.w,
      { numTrees: 400, randomState: 7 },
      { localLinear: { variables: 1, lambda: 0.1 } },
    );
    // The effect is 0.2·min(max(x1, 0), 2): x1 (column 0) is the correction column.
    expect(corrected.localLinear?.variables).toEqual([0]);
    expect(correctionVariables(corrected.forest, c.X, n, 1)).toEqual([0]);
    const test = simulateCohort('heterogeneous', 500, P, 1007);
    const before = rmse(predictEffects(plain, test.X, 500).effect, test.tau);
    const after = rmse(predictEffects(corrected, test.X, 500).effect, test.tau);
    console.log(`local linear: RMSE on new patients ${before.toFixed(4)} → ${after.toFixed(4)}`);
    expect(after).toBeLessThan(0.9 * before);
    expect(rmse(corrected.cohort.effect, c.tau)).toBeLessThan(rmse(plain.cohort.effect, c.tau));
    // Same seed, same fit: deterministic.
    const again = await fitEffects(
      c.X,
      n,
      P,
      CAT,
      c.y,
      c.w,
      { numTrees: 400, randomState: 7 },
      { localLinear: { variables: 1, lambda: 0.1 } },
    );
    expect(Array.from(again.cohort.effect)).toEqual(Array.from(corrected.cohort.effect));
    expect(Array.from(again.cohort.standardError)).toEqual(
      Array.from(corrected.cohort.standardError),
    );
  });

  it('leaves out columns with missing values and categorical ones', () => {
    const n = 400;
    const c = simulateCohort('strong', n, P, 8);
    const X = c.X.slice();
    X[3] = NaN; // column 0, row 3
    const binned = binFeatures(X, n, P, CAT);
    const y = Float64Array.from(c.y, (v, i) => v - c.baseline[i] - c.propensity[i] * c.tau[i]);
    const w = Float64Array.from(c.w, (v, i) => v - c.propensity[i]);
    const forest = fitCausalForest(binned, y, w, {
      numTrees: 100,
      randomState: 1,
      keepFilled: true,
    });
    expect(correctionVariables(forest, X, n, P)).not.toContain(0);
    const categorical = {
      ...forest,
      isCategorical: Uint8Array.from({ length: P }, (_, f) => (f === 1 ? 1 : 0)),
    };
    expect(correctionVariables(categorical, c.X, n, P)).not.toContain(1);
    expect(correctionColumns(c.X, n, [2])[0][5]).toBe(c.X[2 * n + 5]);
  });

  it('gives the row-by-row version’s effects and variances (testdata/causal/local-linear-reference.json)', () => {
    const reference = JSON.parse(
      readFileSync(
        fileURLToPath(
          new URL('../../../testdata/causal/local-linear-reference.json', import.meta.url),
        ),
        'utf8',
      ),
    ) as { name: string; effect: number[]; variance: number[] }[];
    const cases = localLinearCases();
    expect(cases.map((c) => c.name)).toEqual(reference.map((r) => r.name));
    cases.forEach((c, k) => {
      const p = predictLocalLinear(c.forest, c.binned, c.yRes, c.wRes, c.settings, c.target);
      const ref = reference[k];
      expect(p.effect.length).toBe(ref.effect.length);
      // Summed in another order (per-leaf moments): equal to rounding, far below any figure shown.
      for (let i = 0; i < p.effect.length; i++) {
        expect(Math.abs(p.effect[i] - ref.effect[i])).toBeLessThan(1e-13);
        expect(Math.abs(p.variance[i] / ref.variance[i] - 1)).toBeLessThan(1e-12);
      }
    });
  });

  it('gives plain R’s effects from the same forest weights on a real table (testdata/causal/lung-local-linear-r.json)', () => {
    // Made by bench/localLinearReference.ts (testdata/README.md): lung.csv, exposure sex, outcome death; R solved the
    // weighted ridge regression from forest weights computed from the trees by definition, not by this module.
    const reference = JSON.parse(
      readFileSync(
        fileURLToPath(
          new URL('../../../testdata/causal/lung-local-linear-r.json', import.meta.url),
        ),
        'utf8',
      ),
    ) as { cohorts: LungCohort[] };
    expect(reference.cohorts.map((c) => c.cases.length)).toEqual([3, 2]);
    for (const c of reference.cohorts) {
      const n = c.nRows;
      const X = Float32Array.from(c.X, (v) => v ?? NaN);
      const isCategorical = Uint8Array.from(c.isCategorical);
      const binned = binFeatures(X, n, c.nFeatures, isCategorical);
      const forest = lungForest(c, isCategorical);
      const yRes = Float64Array.from(c.yRes);
      const wRes = Float64Array.from(c.wRes);
      for (const k of c.cases) {
        const settings = {
          variables: k.variables,
          columns: correctionColumns(X, n, k.variables),
          lambda: k.lambda,
        };
        const target = k.target === 'oob' ? 'oob' : { X, nRows: n };
        const p = predictLocalLinear(forest, binned, yRes, wRes, settings, target);
        expect(k.effectR.length).toBe(n);
        for (let i = 0; i < n; i++) {
          const scale = Math.max(Math.abs(k.effectR[i]), 0.01);
          expect(Math.abs(p.effect[i] - k.effectR[i]) / scale).toBeLessThan(1e-8);
        }
      }
    }
  });
});

/** One cohort of the R reference fixture (bench/localLinearReference.ts writes it). */
interface LungCohort {
  nRows: number;
  nFeatures: number;
  isCategorical: number[];
  X: (number | null)[];
  yRes: number[];
  wRes: number[];
  trees: {
    nodeStart: number[];
    feature: number[];
    splitBin: number[];
    threshold: (number | null)[];
    missingLeft: number[];
    left: number[];
    right: number[];
    leafCount: number[];
    drawn: number[];
    filled: number[];
    drawnWords: number;
    filledWords: number;
  };
  cases: { variables: number[]; lambda: number; target: 'oob' | 'new'; effectR: number[] }[];
}

/** The fixture's forest; leaf statistics are zero (the correction reads only the leaves' members). */
function lungForest(c: LungCohort, isCategorical: Uint8Array): CausalForest {
  const t = c.trees;
  const nodes = t.feature.length;
  const trees = unpackCausalTrees({
    nodeStart: Int32Array.from(t.nodeStart),
    feature: Int32Array.from(t.feature),
    splitBin: Uint8Array.from(t.splitBin),
    threshold: Float64Array.from(t.threshold, (v) => v ?? NaN),
    missingLeft: Uint8Array.from(t.missingLeft),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    leafCount: Uint32Array.from(t.leafCount),
    leafStats: new Float64Array(nodes * 4),
    drawn: Uint32Array.from(t.drawn),
    filled: Uint32Array.from(t.filled),
    // Grown without sample weights.
    leafWeight: new Float64Array(0),
    drawnWords: t.drawnWords,
    filledWords: t.filledWords,
  });
  return {
    params: validateCausalParams({ numTrees: trees.length }, c.nFeatures),
    nFeatures: c.nFeatures,
    nRows: c.nRows,
    isCategorical,
    trees,
  };
}
