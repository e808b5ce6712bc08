import { describe, expect, it } from 'vitest';
import { denseMatrix, isFeatureColumns } from '../engine/forest/featureColumns';
import { binFeatures } from '../engine/forest/binning';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { trainInProcess } from '../worker/inProcess';
import { createDataSession } from './dataSession';
import { byteBinned } from '../engine/forest/packedSnp';
import { fixtureFile } from './genomicTestData';
import { categoricalMask } from './trainingData';

describe('the training data a data session bins from its genotype codes, in shared memory', () => {
  it('equals the bins of the encoded floats, on a .bed cohort trained here', async () => {
    const data = createDataSession();
    await data.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
    ]);
    const params = { ...DEFAULT_PARAMS, nEstimators: 5 };
    await trainInProcess(data, { target: 'PHENOTYPE', columns: [] }, params);
    const training = await data.trainingData();
    const cohort = (await data.evaluationInput(true, 3)).cohort;
    if (!cohort) throw new Error('no cohort');
    const X = cohort.X;
    if (!isFeatureColumns(X)) throw new Error('the cohort is a float matrix');
    // The 40 variants held 2-bit packed, 4 samples a byte; only the sex column as floats: no float copy of them.
    expect(Array.from(X.packOff).filter((o) => o >= 0)).toHaveLength(40);
    expect(X.packed.byteLength).toBe(40 * Math.ceil(cohort.nRows / 4));
    expect(X.dense.length).toBe(cohort.nRows);
    expect(X.packed.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Expected: the bins of the float values encodeTable gives.
    const expected = binFeatures(
      denseMatrix(X),
      cohort.nRows,
      cohort.nFeatures,
      categoricalMask(cohort),
    );
    const binned = byteBinned(training.binned);
    // In shared memory (Node can always share): the pool's and the evaluation worker read it without copies.
    expect(binned.bins.buffer).toBeInstanceOf(SharedArrayBuffer);
    // 40 variants read from their codes (53 genotypes missing), and the .fam's sex, a category, from the floats.
    expect(binned.nFeatures).toBe(41);
    expect(Array.from(binned.bins)).toEqual(Array.from(expected.bins));
    expect(Array.from(binned.nBins)).toEqual(Array.from(expected.nBins));
    expect(binned.thresholds.map((t) => Array.from(t))).toEqual(
      expected.thresholds.map((t) => Array.from(t)),
    );
  });
});
