import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/parse';
import { inferSchema } from '../data/schema';
import { buildEncoding, encodeTable } from '../data/encode';
import type { EncodedDataset } from '../data/types';
import { fitForest } from '../forest/forest';
import { Rng } from '../forest/rng';
import { DEFAULT_PARAMS, type ForestParams } from '../forest/types';
import { chanceVerdict } from './clinical';
import { crossValidate } from './evaluation';
import { replayOobProba } from './oobReplay';

/** A seeded two-class table whose outcome follows `a` (signal) or nothing (noise). */
function table(nRows: number, signal: boolean, seed = 9): EncodedDataset {
  const rng = new Rng(seed);
  const lines = ['a,b,group,outcome'];
  for (let r = 0; r < nRows; r++) {
    const a = rng.nextInt(100) / 10;
    const b = rng.nextInt(100) / 10;
    const group = ['x', 'y'][rng.nextInt(2)];
    const yes = signal ? a + rng.nextInt(30) / 10 > 6 : rng.nextInt(2) === 1;
    lines.push([a, b, group, yes ? 'yes' : 'no'].join(','));
  }
  const raw = parseCsvText(lines.join('\n') + '\n');
  const { encoding } = buildEncoding(raw, inferSchema(raw), { target: 'outcome', columns: [] });
  return encodeTable(raw, encoding);
}

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 2 };
const mask = (d: EncodedDataset) =>
  Uint8Array.from(d.encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));
const grower = (d: EncodedDataset) => async (p: ForestParams, rows: Int32Array) =>
  fitForest(d.X, d.nRows, d.nFeatures, mask(d), d.y, 2, p, { rows });

describe('replayOobProba', () => {
  it('equals the out-of-bag probabilities the grower recorded, on all rows and on a fold', () => {
    const d = table(200, true);
    const rows = Int32Array.from({ length: 150 }, (_, i) => i + 30);
    for (const r of [undefined, rows]) {
      const forest = fitForest(d.X, d.nRows, d.nFeatures, mask(d), d.y, 2, params, { rows: r });
      const replay = replayOobProba(forest, forest.params, d.X, d.nRows, r);
      const grown = forest.oobProba as Float64Array;
      expect(replay).not.toBeNull();
      let finite = 0;
      for (let i = 0; i < grown.length; i++) {
        expect(Number.isNaN(replay![i])).toBe(Number.isNaN(grown[i]));
        if (Number.isFinite(grown[i])) {
          finite++;
          expect(replay![i]).toBeCloseTo(grown[i], 6);
        }
      }
      expect(finite).toBeGreaterThan(0);
      // Rows outside the fold are never calibration rows.
      if (r) for (let i = 0; i < 30; i++) expect(Number.isNaN(replay![i * 2])).toBe(true);
    }
  });

  it('is null without bootstrap', () => {
    const d = table(50, true);
    const forest = fitForest(d.X, d.nRows, d.nFeatures, mask(d), d.y, 2, {
      ...params,
      bootstrap: false,
      oobScore: false,
    });
    expect(replayOobProba(forest, forest.params, d.X, d.nRows)).toBeNull();
  });
});

describe('cross-validation clinical read-outs', () => {
  it('reports conformal coverage near the confidence, a decision curve and recalibrations', async () => {
    const d = table(400, true);
    const report = await crossValidate(d, { folds: 5, params, confidence: 0.8 }, grower(d));
    const c = report.conformal!;
    expect(c.confidence).toBe(0.8);
    expect(c.n).toBe(400);
    // Binomial sampling error of 400 patients at 80 %: SD 2 points; OOB scores are slightly conservative.
    expect(c.coverage).toBeGreaterThan(0.72);
    expect(Object.keys(c.coverageByClass)).toEqual(['no', 'yes']);
    // Each class's coverage is a whole number of its patients, and the pooled one their class-size-weighted mean.
    const classSize = [0, 0];
    for (const v of d.y) classSize[v]++;
    const perClass = Object.values(c.coverageByClass);
    perClass.forEach((v, k) =>
      expect(v * classSize[k]).toBeCloseTo(Math.round(v * classSize[k]), 9),
    );
    expect(c.coverage).toBeCloseTo(
      (perClass[0] * classSize[0] + perClass[1] * classSize[1]) / 400,
      12,
    );
    expect(c.meanSetSize).toBeGreaterThan(0.5);
    expect(c.meanSetSize).toBeLessThan(2);
    expect(report.conformalLevels.map((l) => l.confidence)).toEqual([0.8, 0.9, 0.95]);
    // Larger confidence, larger sets.
    const sizes = report.conformalLevels.map((l) => l.meanSetSize);
    expect(sizes[0]).toBeLessThanOrEqual(sizes[1]);
    expect(sizes[1]).toBeLessThanOrEqual(sizes[2]);

    const dc = report.decisionCurve!;
    expect(dc.n).toBe(400);
    expect(dc.points).toHaveLength(99);
    const mid = dc.points.find((p) => p.threshold === 0.5)!;
    // A useful model beats both default strategies at an even threshold.
    expect(mid.model).toBeGreaterThan(Math.max(mid.treatAll, 0));

    expect(report.recalibration.map((r) => r.method)).toEqual(['isotonic', 'platt']);
    for (const r of report.recalibration) {
      expect(r.brierBefore).toBeCloseTo(report.cv.brier, 10);
      expect(Number.isFinite(r.brierAfter)).toBe(true);
      expect(r.calibrationAfter.length).toBeGreaterThan(0);
    }
    expect(report.chance.beatsChance).toBe(true);
    expect(report.chance.message).toBeNull();
  });

  it('says when the model did not beat chance', async () => {
    const d = table(200, false, 4);
    const report = await crossValidate(d, { folds: 4, params }, grower(d));
    expect(report.cv.auc).toBeLessThan(0.6);
    expect(report.chance.beatsChance).toBe(false);
    expect(report.chance.message).toMatch(/do not rely on this prediction/);
  });

  it('chanceVerdict: no better than the majority guess', () => {
    const v = chanceVerdict({
      auc: 0.7,
      accuracy: 0.8,
      balancedAccuracy: 0.5,
      brier: 0.2,
      curves: [],
      confusion: [
        [80, 0],
        [20, 0],
      ],
      calibration: [],
    });
    expect(v.beatsChance).toBe(false);
    expect(v.message).toMatch(/most common outcome/);
  });

  it('has no conformal coverage without bootstrap (nothing is out of bag), still a decision curve', async () => {
    const d = table(120, true);
    const noBoot = { ...params, bootstrap: false, oobScore: false };
    const report = await crossValidate(d, { folds: 3, params: noBoot }, grower(d));
    expect(report.conformal).toBeNull();
    expect(report.conformalLevels).toEqual([]);
    expect(report.decisionCurve).not.toBeNull();
  });
});
