import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { replayOobProba } from '../evaluate/oobReplay';
import { aucFromProba } from '../evaluate/metrics';
import { Rng, deriveSeed } from '../forest/rng';
import { doseDependence, oobPermutationImportance } from './variantEffects';
import type { FeatureEncoding } from '../data/types';

/** 400 patients × 6 SNPs: SNP 0 raises the risk, SNP 1 lowers it, the rest are noise. */
function cohort() {
  const n = 400;
  const m = 6;
  const rng = new Rng(3);
  const X = new Float32Array(n * m);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < m; f++)
      X[f * n + r] = (rng.nextFloat() < 0.4 ? 1 : 0) + (rng.nextFloat() < 0.4 ? 1 : 0);
    const logit = -0.5 + 1.5 * X[r] - 1.5 * X[n + r];
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X, y, n, m };
}

const dose = (name: string): FeatureEncoding => ({
  kind: 'numeric',
  name,
  min: 0,
  max: 2,
  median: 1,
});

describe('variant effects', () => {
  const { X, y, n, m } = cohort();
  const params = { nEstimators: 60, randomState: 4, bootstrap: true, oobScore: true };
  const forest = fitForest(X, n, m, new Uint8Array(m), y, 2, params);
  const full = { ...params, maxSamples: null };

  it('measures the out-of-bag AUC drop, largest for the causal SNPs, with a standard error', () => {
    const got = oobPermutationImportance(forest, full, X, n, y, [0, 1, 4], { repeats: 4, seed: 2 });
    // The base is the forest's own out-of-bag AUC.
    const oob = replayOobProba(forest, full, X, n) as Float64Array;
    expect(got.baseAuc).toBeCloseTo(aucFromProba(y, oob, 2), 12);
    const [causalUp, causalDown, noise] = got.drops;
    expect(causalUp.drop).toBeGreaterThan(0.05);
    expect(causalDown.drop).toBeGreaterThan(0.05);
    expect(Math.abs(noise.drop)).toBeLessThan(causalUp.drop / 3);
    for (const d of got.drops) expect(d.se).toBeGreaterThan(0);
    // A feature's figure does not depend on which others are asked.
    const alone = oobPermutationImportance(forest, full, X, n, y, [4], { repeats: 4, seed: 2 });
    expect(alone.drops[0]).toEqual(noise);
  });

  it('equals re-scoring every tree on a shuffled copy of the table, done by hand', () => {
    const got = oobPermutationImportance(forest, full, X, n, y, [0], { repeats: 2, seed: 7 });
    const drops = [0, 1].map((rep) => {
      // The same shuffle: Fisher–Yates from Rng(seed, feature, repeat).
      const rng = new Rng(deriveSeed(deriveSeed(7, 0), rep));
      const perm = Int32Array.from({ length: n }, (_, r) => r);
      for (let r = n - 1; r > 0; r--) {
        const j = rng.nextInt(r + 1);
        [perm[r], perm[j]] = [perm[j], perm[r]];
      }
      const Xc = X.slice();
      for (let r = 0; r < n; r++) Xc[r] = X[perm[r]];
      return got.baseAuc - aucFromProba(y, replayOobProba(forest, full, Xc, n) as Float64Array, 2);
    });
    expect(got.drops[0].drop).toBeCloseTo((drops[0] + drops[1]) / 2, 12);
    expect(got.drops[0].se).toBeCloseTo(Math.abs(drops[0] - drops[1]) / 2, 12);
  });

  it('refuses a forest without bootstrap and a single shuffle', () => {
    expect(() =>
      oobPermutationImportance(forest, { ...full, bootstrap: false }, X, n, y, [0]),
    ).toThrow(/without bootstrap/);
    expect(() => oobPermutationImportance(forest, full, X, n, y, [0], { repeats: 1 })).toThrow(
      /at least 2 shuffles/,
    );
  });

  it('gives the direction of each SNP from the risk at 0, 1 and 2 copies', () => {
    const up = doseDependence(forest, X, n, 0, dose('snp0'), 1);
    expect(up.direction).toBe('raises');
    expect(up.risk[2]).toBeGreaterThan(up.risk[0] + 0.1);
    const down = doseDependence(forest, X, n, 1, dose('snp1'), 1);
    expect(down.direction).toBe('lowers');
    expect(down.risk[0]).toBeGreaterThan(down.risk[2] + 0.1);
  });
});
