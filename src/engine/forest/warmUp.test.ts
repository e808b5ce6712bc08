import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning';
import { growSetup } from './growSupport';
import { packedColumns } from './packedSnp';
import { DEFAULT_PARAMS } from './types';
import { WARM_UP_SNP_COLUMNS, warmUpSurvivalTable, warmUpTable } from './warmUp';
import { fitSurvivalForest } from './survivalForest';

describe('the warm-up table', () => {
  it('takes every path of the hot loops: packed genotypes with and without missing values, continuous columns', () => {
    const t = warmUpTable();
    const b = binFeatures(t.X, t.nRows, t.nFeatures, new Uint8Array(t.nFeatures));
    const setup = growSetup(b, t.y, 2, { ...DEFAULT_PARAMS, oobScore: false });
    // The packed split search (two classes, integer weights) is the path SNP tables take.
    expect(setup.packedOk).toBe(true);
    const cols = packedColumns(b);
    let clean = 0;
    let withMissing = 0;
    let continuous = 0;
    for (let f = 0; f < t.nFeatures; f++) {
      if (cols.packOff[f] < 0) {
        if (b.nBins[f] > 16) continuous++;
      } else if (cols.packMissing[f] === 1) withMissing++;
      else clean++;
    }
    expect([clean, withMissing, continuous]).toEqual([40, 8, 8]);
    // The packing loop's tail (rows not a multiple of 4) and both classes.
    expect(t.nRows % 4).not.toBe(0);
    const positives = t.y.reduce((a, v) => a + v, 0);
    expect(positives).toBeGreaterThan(t.nRows / 10);
    expect(positives).toBeLessThan((9 * t.nRows) / 10);
  });

  it('starts with its genotype columns: alone, they are an SNP-only table (for the packed kernel node search)', () => {
    const t = warmUpTable();
    const n = WARM_UP_SNP_COLUMNS;
    const b = binFeatures(t.X.subarray(0, n * t.nRows), t.nRows, n, new Uint8Array(n));
    const cols = packedColumns(b);
    expect(Array.from(cols.packOff).every((o) => o >= 0)).toBe(true);
    expect(cols.packMissing.reduce((a, v) => a + v, 0)).toBe(8);
  });

  it('is the same table every time', () => {
    const a = warmUpTable();
    const b = warmUpTable();
    expect(Array.from(a.X.subarray(0, 50))).toEqual(Array.from(b.X.subarray(0, 50)));
    expect(a.y).toEqual(b.y);
  });
});

describe('the survival warm-up table', () => {
  it("takes the kernel's numeric, categorical and missing-value splits, with ties and censoring", () => {
    const t = warmUpSurvivalTable();
    const f = fitSurvivalForest(t.X, t.nRows, t.nFeatures, t.isCategorical, t.time, t.event, {
      nEstimators: 20,
      oobScore: false,
    });
    const cat = t.isCategorical.indexOf(1);
    let catSplits = 0;
    let missingSplits = 0;
    let numericSplits = 0;
    for (const tree of f.trees) {
      for (let k = 0; k < tree.feature.length; k++) {
        const feature = tree.feature[k];
        if (feature < 0) continue;
        if (feature === cat) catSplits++;
        else if (feature === 1) missingSplits++;
        else numericSplits++;
      }
    }
    expect(catSplits).toBeGreaterThan(0);
    expect(missingSplits).toBeGreaterThan(0);
    expect(numericSplits).toBeGreaterThan(0);
    expect(Array.from(t.X.subarray(t.nRows, 2 * t.nRows)).some(Number.isNaN)).toBe(true);
    const events = t.event.reduce((a, v) => a + v, 0);
    expect(events).toBeGreaterThan(t.nRows / 2);
    expect(events).toBeLessThan(t.nRows);
    expect(new Set(t.time).size).toBeLessThan(t.nRows);
  });
});
