/**
 * Seeded synthetic genomic tables for the benchmark: SNP genotypes 0/1/2 with varied minor-allele
 * frequencies, gene-expression values, and a binary outcome driven by a few features (additive SNP,
 * dominant SNP, expression, a SNP × expression interaction) plus noise, so no model reaches AUC 1.
 */
import { Rng } from '../src/engine/forest/rng.ts';

/** A generated table, column-major like GenoForest's encoded data (X[f * nRows + r]). */
export interface SynthTable {
  nRows: number;
  nFeatures: number;
  X: Float32Array;
  y: Uint8Array;
  names: string[];
  /** Indices of the features the outcome depends on. */
  causal: number[];
}

/** Standard normal draw (Box–Muller) from the engine's seeded generator. */
function normal(rng: Rng): number {
  let u = rng.nextFloat();
  while (u <= 1e-12) u = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/**
 * Kinds of table: 'snp-heavy' about 80 % SNP columns (0/1/2) and 20 % expression values; 'mixed' half SNPs,
 * half expression values rounded to 3 decimals (thousands of distinct values per column: more than 255 bins);
 * 'snp' SNPs only, the outcome driven by SNPs alone.
 */
export type SynthKind = 'snp-heavy' | 'mixed' | 'snp';

/** The table kinds, as named on the bench command line. */
export const SYNTH_KINDS: readonly SynthKind[] = ['snp-heavy', 'mixed', 'snp'];

/** Generate an nRows × nFeatures table of the given kind from a seed. */
export function synthTable(
  nRows: number,
  nFeatures: number,
  seed = 42,
  kind: SynthKind = 'snp-heavy',
): SynthTable {
  // The 'snp-heavy' stream is unchanged from earlier benchmark runs (same seed, same table).
  const rng = new Rng(
    (seed ^
      Math.imul(nRows, 2654435761) ^
      nFeatures ^
      (kind === 'snp-heavy' ? 0 : kind === 'mixed' ? 0x5bd1e995 : 0x1b873593)) >>>
      0,
  );
  const snpShare = kind === 'snp-heavy' ? 0.8 : kind === 'mixed' ? 0.5 : 1;
  const nSnp = Math.max(kind === 'snp' ? 5 : 3, Math.round(nFeatures * snpShare));
  const nExpr = nFeatures - nSnp;
  if (kind !== 'snp' && nExpr < 2) throw new Error('synthTable needs at least 5 features');
  if (kind === 'snp' && nExpr !== 0) throw new Error('an SNP-only table needs at least 5 features');
  const decimals = kind === 'mixed' ? 1000 : 0;
  const X = new Float32Array(nRows * nFeatures);
  const names: string[] = [];
  const maf = new Float64Array(nSnp);
  for (let f = 0; f < nSnp; f++) {
    // Minor-allele frequencies spread from rare (0.02) to common (0.5).
    maf[f] = 0.02 + 0.48 * rng.nextFloat() ** 1.5;
    names.push(`rs${100000 + f * 37}`);
    for (let r = 0; r < nRows; r++) {
      X[f * nRows + r] = (rng.nextFloat() < maf[f] ? 1 : 0) + (rng.nextFloat() < maf[f] ? 1 : 0);
    }
  }
  const exprMean = new Float64Array(nExpr);
  const exprSd = new Float64Array(nExpr);
  for (let e = 0; e < nExpr; e++) {
    const f = nSnp + e;
    exprMean[e] = 2 + 8 * rng.nextFloat();
    exprSd[e] = 0.5 + 1.5 * rng.nextFloat();
    names.push(`GENE${e + 1}_expr`);
    for (let r = 0; r < nRows; r++) {
      const v = exprMean[e] + exprSd[e] * normal(rng);
      X[f * nRows + r] = decimals > 0 ? Math.round(v * decimals) / decimals : v;
    }
  }
  if (kind === 'snp') return snpOutcome(rng, X, nRows, nFeatures, maf, names);

  // Causal features spread through the table, with common enough alleles to matter.
  const snpA = Math.floor(nSnp * 0.13);
  const snpB = Math.floor(nSnp * 0.47);
  const snpC = Math.floor(nSnp * 0.81);
  for (const f of [snpA, snpB, snpC]) maf[f] = Math.max(maf[f], 0.25);
  for (const f of [snpA, snpB, snpC]) {
    for (let r = 0; r < nRows; r++) {
      X[f * nRows + r] = (rng.nextFloat() < maf[f] ? 1 : 0) + (rng.nextFloat() < maf[f] ? 1 : 0);
    }
  }
  const exprA = Math.floor(nExpr * 0.3);
  const exprB = Math.floor(nExpr * 0.75);
  const z = (e: number, r: number): number => (X[(nSnp + e) * nRows + r] - exprMean[e]) / exprSd[e];

  const logit = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const a = X[snpA * nRows + r];
    const b = X[snpB * nRows + r];
    const c = X[snpC * nRows + r];
    logit[r] =
      0.8 * (a - 2 * maf[snpA]) + // additive SNP
      0.9 * z(exprA, r) + // expression
      1.6 * (b > 0 && z(exprB, r) > 0.3 ? 1 : 0) + // SNP × expression interaction
      0.7 * (c > 0 ? 1 : 0) + // dominant SNP
      1.1 * normal(rng); // noise
  }
  return {
    nRows,
    nFeatures,
    X,
    y: topFortyPercent(logit),
    names,
    causal: [snpA, snpB, snpC, nSnp + exprA, nSnp + exprB],
  };
}

/** SNP-only outcome: additive, dominant, SNP × SNP interaction and noise, about 40 % positives. */
function snpOutcome(
  rng: Rng,
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  maf: Float64Array,
  names: string[],
): SynthTable {
  const causal = [0.13, 0.47, 0.81, 0.29, 0.64].map((q) => Math.floor(nFeatures * q));
  for (const f of causal) {
    maf[f] = Math.max(maf[f], 0.25);
    for (let r = 0; r < nRows; r++) {
      X[f * nRows + r] = (rng.nextFloat() < maf[f] ? 1 : 0) + (rng.nextFloat() < maf[f] ? 1 : 0);
    }
  }
  const [a, b, c, d, e] = causal.map((f) => X.subarray(f * nRows, (f + 1) * nRows));
  const logit = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    logit[r] =
      0.8 * (a[r] - 2 * maf[causal[0]]) + // additive SNP
      1.4 * (b[r] > 0 && d[r] > 0 ? 1 : 0) + // SNP × SNP interaction
      0.7 * (c[r] > 0 ? 1 : 0) + // dominant SNP
      0.5 * (e[r] - 2 * maf[causal[4]]) + // weaker additive SNP
      1.1 * normal(rng); // noise
  }
  return { nRows, nFeatures, X, y: topFortyPercent(logit), names, causal };
}

/** Outcome 1 for the rows above the 60th percentile of the logit. */
function topFortyPercent(logit: Float64Array): Uint8Array {
  const nRows = logit.length;
  const sorted = Float64Array.from(logit).sort();
  const cut = sorted[Math.floor(nRows * 0.6)];
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) y[r] = logit[r] > cut ? 1 : 0;
  return y;
}

/** The same stratified 75/25 split for every contender: row indices of train and test, sorted. */
export function splitTrainTest(
  y: Uint8Array,
  testFraction = 0.25,
  seed = 7,
): { train: Int32Array; test: Int32Array } {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  const nClasses = Math.max(...y) + 1;
  for (let k = 0; k < nClasses; k++) {
    const rows: number[] = [];
    for (let r = 0; r < y.length; r++) if (y[r] === k) rows.push(r);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const nTest = Math.round(rows.length * testFraction);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  return {
    train: Int32Array.from(train).sort(),
    test: Int32Array.from(test).sort(),
  };
}
