import { describe, expect, it } from 'vitest';
import { denseMatrix, isFeatureColumns } from '../engine/forest/featureColumns';
import { binFeatures } from '../engine/forest/binning';
import { growTrees } from '../engine/forest/grow';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { trainInProcess } from '../worker/inProcess';
import { createDataSession } from './dataSession';
import { byteBinned, heldBinBytes, isSnpPacked } from '../engine/forest/packedSnp';
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
    // A two-class fit: its genotypes are held only as the cohort's own 2-bit codes (no byte a genotype, no second copy
    // of the codes), the sex column as byte bins in shared memory (Node can always share): the pool's and the
    // evaluation worker read them without copies.
    const held = training.binned;
    if (!isSnpPacked(held)) throw new Error('the training data holds a byte a genotype');
    expect(held.snp.packed.buffer).toBe(X.packed.buffer);
    expect(held.byteBins.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(heldBinBytes(held)).toBeLessThan((cohort.nRows * cohort.nFeatures) / 3);
    const binned = byteBinned(held);
    // 40 variants read from their codes (53 genotypes missing), and the .fam's sex, a category, from the floats.
    expect(binned.nFeatures).toBe(41);
    expect(Array.from(binned.bins)).toEqual(Array.from(expected.bins));
    expect(Array.from(binned.nBins)).toEqual(Array.from(expected.nBins));
    expect(binned.thresholds.map((t) => Array.from(t))).toEqual(
      expected.thresholds.map((t) => Array.from(t)),
    );
    // A fold's trees (its training rows) on the codes equal those on byte bins, out-of-bag sums included.
    const rows = Int32Array.from({ length: cohort.nRows >>> 1 }, (_, i) => 2 * i);
    const fold = { ...params, nEstimators: 6, oobScore: true };
    const indices = [0, 1, 2, 3, 4, 5];
    const onCodes = growTrees(held, training.y, 2, fold, indices, { rows });
    const onBytes = growTrees(expected, training.y, 2, fold, indices, { rows });
    expect(onCodes.trees).toEqual(onBytes.trees);
    expect(Array.from(onCodes.oobSum ?? [])).toEqual(Array.from(onBytes.oobSum ?? []));
    expect(onCodes.oobSum?.length).toBe(cohort.nRows * 2);
  });
});
