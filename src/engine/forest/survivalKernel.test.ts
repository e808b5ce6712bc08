/**
 * The WebAssembly survival tree kernel grows the JavaScript grower's trees to the bit (every array of every tree,
 * the importances and out-of-bag curves), and its committed bytes are what survivalKernel.wat compiles to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileSurvivalKernel } from '../../../scripts/build-survival-kernel';
import { binFeatures } from './binning.ts';
import { Rng } from './rng.ts';
import { fitSurvivalForest, survivalTrees, type SurvivalForestModel } from './survivalForest.ts';
import {
  survivalKernel,
  setSurvivalKernelEnabled,
  type SurvivalKernelInput,
} from './survivalKernel.ts';
import { SURVIVAL_KERNEL_BASE64 } from './survivalKernelWasm.ts';
import type { SurvivalParams } from './survivalParams.ts';
import { gridCells, timeGrid } from './timeGrid.ts';

/**
 * n patients, numeric columns only: a fine one, its copy and mirror image (tied candidate splits), a coarse one
 * (quarters), 0/1/2 genotype-like and a binary one; exponential hazards, censoring, times rounded (tied times).
 * With `missing`, the fine, coarse and binary columns lose 5 %, 10 % and 30 % of their values.
 */
function table(n: number, seed: number, missing = false) {
  const rng = new Rng(seed);
  const p = 6;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const a = rng.nextFloat() * 2 - 1;
    X[r] = a;
    X[n + r] = a;
    X[2 * n + r] = -a;
    X[3 * n + r] = Math.round(rng.nextFloat() * 40) / 4;
    X[4 * n + r] = rng.nextInt(3);
    X[5 * n + r] = rng.nextInt(2);
    const s = a + 0.3 * X[4 * n + r] - 0.4 * X[5 * n + r];
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(s));
    const c = -Math.log(1 - rng.nextFloat()) / 0.04;
    time[r] = Math.round(Math.min(t, c, 40) * 4) / 4;
    event[r] = t <= c && t <= 40 ? 1 : 0;
    if (missing) {
      if (rng.nextFloat() < 0.05) X[r] = NaN;
      if (rng.nextFloat() < 0.1) X[3 * n + r] = NaN;
      if (rng.nextFloat() < 0.3) X[5 * n + r] = NaN;
    }
  }
  return { X, p, time, event };
}

/** The genotype-like and binary columns of table() taken as categories. */
const CATEGORIES = Uint8Array.from([0, 0, 0, 0, 1, 1]);

/** The forest with the kernel and again in JavaScript. */
function bothWays(
  d: ReturnType<typeof table>,
  n: number,
  params: Partial<SurvivalParams>,
  rows?: Int32Array,
  isCat = new Uint8Array(d.p),
): [SurvivalForestModel, SurvivalForestModel] {
  const fit = () => fitSurvivalForest(d.X, n, d.p, isCat, d.time, d.event, params, { rows });
  setSurvivalKernelEnabled(true);
  const kernel = fit();
  setSurvivalKernelEnabled(false);
  const js = fit();
  setSurvivalKernelEnabled(true);
  return [kernel, js];
}

/** Every own property of each tree (names in order, typed arrays byte for byte) and the forest's figures. */
function expectSameForest(a: SurvivalForestModel, b: SurvivalForestModel): void {
  expect(survivalTrees(a).length).toBe(survivalTrees(b).length);
  for (let t = 0; t < survivalTrees(a).length; t++) {
    const x = survivalTrees(a)[t] as unknown as Record<string, unknown>;
    const y = survivalTrees(b)[t] as unknown as Record<string, unknown>;
    expect(Object.keys(x)).toEqual(Object.keys(y));
    for (const k of Object.keys(x)) {
      const u = x[k];
      const v = y[k];
      if (ArrayBuffer.isView(u) && ArrayBuffer.isView(v)) {
        expect(u.constructor).toBe(v.constructor);
        const bytes = (z: ArrayBufferView) => [
          ...new Uint8Array(z.buffer, z.byteOffset, z.byteLength),
        ];
        expect(bytes(u), `tree ${t} ${k}`).toEqual(bytes(v));
      } else {
        expect(u).toEqual(v);
      }
    }
  }
  expect([...a.featureImportances]).toEqual([...b.featureImportances]);
  expect(a.oobCumHazard && [...a.oobCumHazard]).toEqual(b.oobCumHazard && [...b.oobCumHazard]);
  expect(a.oobRisk && [...a.oobRisk]).toEqual(b.oobRisk && [...b.oobRisk]);
  expect(a.oobCindex).toBe(b.oobCindex);
}

/** The kernel's input for a table's training rows (survivalGrow.ts KernelGrower.make's). */
function kernelInput(
  X: Float32Array,
  n: number,
  p: number,
  isCat: Uint8Array,
  time: Float64Array,
  event: Uint8Array,
) {
  const binned = binFeatures(X, n, p, isCat);
  const grid = timeGrid(time, event);
  const cells = gridCells(time, event, grid);
  const input: SurvivalKernelInput = {
    nRows: n,
    nFeatures: p,
    bins: binned.bins,
    thresholds: binned.thresholds,
    cell: cells.cell,
    ev: cells.onGridEvent,
    trainRows: Int32Array.from({ length: n }, (_, i) => i),
    G: grid.length,
    mtry: 2,
    maxDepth: 1000,
    bootstrap: true,
    draws: n,
    minLeaf: 5,
    minSplit: 2,
  };
  return { input, isCat: binned.isCategorical };
}

afterEach(() => setSurvivalKernelEnabled(true));

describe('survival tree kernel', () => {
  const n = 300;
  const d = table(n, 17);

  it('applies to numeric and categorical columns, missing values or not, unless turned off', () => {
    // Each released, as a fit releases its kernel: the fits below then reuse one kept instance, as a thread's
    // folds do, and must still grow the JavaScript grower's trees.
    const applies = (k: ReturnType<typeof survivalKernel>): boolean => {
      k?.release();
      return k !== null;
    };
    const ok = kernelInput(d.X, n, d.p, new Uint8Array(d.p), d.time, d.event);
    expect(applies(survivalKernel(ok.input, ok.isCat))).toBe(true);
    const withCategory = kernelInput(d.X, n, d.p, CATEGORIES, d.time, d.event);
    expect(withCategory.isCat.includes(1)).toBe(true);
    expect(applies(survivalKernel(withCategory.input, withCategory.isCat))).toBe(true);
    const m = table(n, 17, true);
    const withMissing = kernelInput(m.X, n, m.p, new Uint8Array(m.p), m.time, m.event);
    expect(withMissing.input.bins.includes(255)).toBe(true);
    expect(applies(survivalKernel(withMissing.input, withMissing.isCat))).toBe(true);
    setSurvivalKernelEnabled(false);
    expect(applies(survivalKernel(ok.input, ok.isCat))).toBe(false);
  });

  it('stops between the trees of a batch where the JavaScript grower stops', () => {
    // 40 trees go to the kernel in one batch; the stop after the 7th drops the rest and the kernel's sums of them.
    const fit = () => {
      let done = 0;
      return fitSurvivalForest(
        d.X,
        n,
        d.p,
        new Uint8Array(d.p),
        d.time,
        d.event,
        { nEstimators: 40, randomState: 8, oobScore: false },
        { onTreeDone: (k) => (done = k), shouldStop: () => done >= 7 },
      );
    };
    const kernel = fit();
    setSurvivalKernelEnabled(false);
    const js = fit();
    expect(survivalTrees(kernel).length).toBe(7);
    expectSameForest(kernel, js);
  });

  it('grows the same forests as the JavaScript grower, to the bit', () => {
    const rows = Int32Array.from({ length: 220 }, (_, i) => (i * 7) % n).sort();
    const settings: [Partial<SurvivalParams>, Int32Array?][] = [
      [{ nEstimators: 20, randomState: 3 }],
      [
        {
          nEstimators: 6,
          randomState: 4,
          bootstrap: false,
          oobScore: false,
          minSamplesLeaf: 3,
          maxFeatures: 'all',
        },
      ],
      [{ nEstimators: 12, randomState: 5, maxDepth: 3, minSamplesLeaf: 1, maxFeatures: 3 }],
      [{ nEstimators: 10, randomState: 6, minSamplesSplit: 40, maxSamples: 0.5 }],
      // A grid of quantiles: several event times to a point, and held-out events past its end.
      [{ nEstimators: 10, randomState: 7, maxTimePoints: 12 }, rows],
    ];
    const gaps = table(n, 19, true);
    for (const [data, isCat] of [
      [d, undefined],
      [gaps, undefined],
      [d, CATEGORIES],
      [gaps, CATEGORIES],
    ] as const) {
      for (const [params, r] of settings) {
        const [kernel, js] = bothWays(data, n, params, r, isCat);
        expect(survivalTrees(kernel).some((t) => t.nodeCount > 2)).toBe(true);
        if (isCat) expect(survivalTrees(kernel).some((t) => t.catBits.length > 0)).toBe(true);
        expectSameForest(kernel, js);
      }
    }
  });

  it('sends missing values where the training rows with missing values went, as the JavaScript grower', () => {
    // Every split's missing side decided by rows: a column missing for a third of the patients, most of them early
    // deaths, is the only signal.
    const m = 240;
    const rng = new Rng(23);
    const X = new Float32Array(m * 2);
    const time = new Float64Array(m);
    const event = new Uint8Array(m);
    for (let r = 0; r < m; r++) {
      const gone = rng.nextFloat() < 0.33;
      X[r] = gone ? NaN : rng.nextFloat();
      X[m + r] = rng.nextFloat();
      time[r] = Math.round((gone ? 2 : 10) * (0.5 + rng.nextFloat()) * 10) / 10;
      event[r] = rng.nextFloat() < 0.8 ? 1 : 0;
    }
    const data = { X, p: 2, time, event };
    const [kernel, js] = bothWays(data, m, { nEstimators: 8, randomState: 2, maxFeatures: 'all' });
    expect(survivalTrees(kernel)[0].feature[0]).toBe(0);
    expect(
      survivalTrees(kernel).some((t) => t.missingLeft.some((v, i) => v === 1 && t.left[i] >= 0)),
    ).toBe(true);
    expectSameForest(kernel, js);
  });

  it('is what survivalKernel.wat compiles to now', async () => {
    const compiled = await compileSurvivalKernel();
    expect(Buffer.from(compiled).toString('base64')).toBe(SURVIVAL_KERNEL_BASE64);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(compiled));
    expect(exports.map((e) => e.name).sort()).toEqual(['flatten', 'growBatch', 'init', 'memory']);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(compiled))).toEqual([]);
  });
});
