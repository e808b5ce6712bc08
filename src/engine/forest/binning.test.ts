import { describe, expect, it } from 'vitest';
import { binFeatures, radixSortFloat32, type CodedFeature } from './binning.ts';
import { Rng } from './rng.ts';
import { allocateColumns, setPackedDose } from './featureColumns.ts';

const MISSING = 255;

/** Codes of a column: values 0..top-1 drawn at random, about 5 % missing (255) when `missing`. */
function codes(n: number, top: number, missing: boolean, rng: Rng): Uint8Array {
  return Uint8Array.from({ length: n }, () =>
    missing && rng.nextFloat() < 0.05 ? MISSING : rng.nextInt(top),
  );
}

/** The float matrix encodeTable makes of coded columns read at `rows` (NaN where missing). */
function floats(columns: Uint8Array[], rows: Int32Array): Float32Array {
  const X = new Float32Array(columns.length * rows.length);
  columns.forEach((c, f) =>
    rows.forEach((r, i) => (X[f * rows.length + i] = c[r] === MISSING ? NaN : c[r])),
  );
  return X;
}

describe('binFeatures from 1-byte codes', () => {
  const rng = new Rng(11);
  const n = 400;
  const columns = [
    codes(n, 3, true, rng), // SNP doses with missing
    codes(n, 3, false, rng),
    codes(n, 4, true, rng), // 0..3: binFeatures' small-integer path
    codes(n, 200, true, rng), // many values: more than a small maxBins
    new Uint8Array(n).fill(1), // constant
    new Uint8Array(n).fill(MISSING), // all missing
    codes(n, 3, true, rng).map((v) => (v === 1 ? 2 : v)), // only 0 and 2 seen
  ];
  const p = columns.length;
  // A subset of the rows in another order, as a cohort's rowIndex.
  const rows = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % n);
  const X = floats(columns, rows);
  const isCat = new Uint8Array(p);

  for (const maxBins of [255, 16, 3, 2]) {
    it(`gives the bins and thresholds of the float values (maxBins ${maxBins}), X never read`, () => {
      const expected = binFeatures(X, rows.length, p, isCat, maxBins);
      const coded = (f: number): CodedFeature => ({ codes: columns[f], rows });
      // NaN everywhere: a column read from X would give missing bins and no thresholds.
      const blank = new Float32Array(X.length).fill(NaN);
      const got = binFeatures(blank, rows.length, p, isCat, maxBins, { coded });
      expect(Array.from(got.nBins)).toEqual(Array.from(expected.nBins));
      expect(got.thresholds.map((t) => Array.from(t))).toEqual(
        expected.thresholds.map((t) => Array.from(t)),
      );
      expect(Array.from(got.bins)).toEqual(Array.from(expected.bins));
    });
  }

  it('reads codes in order when rows is null, and X for features the callback leaves out', () => {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const Xall = floats(columns, all);
    const expected = binFeatures(Xall, n, p, isCat);
    const got = binFeatures(Xall, n, p, isCat, 255, {
      coded: (f) => (f % 2 === 0 ? { codes: columns[f], rows: null } : null),
    });
    expect(Array.from(got.bins)).toEqual(Array.from(expected.bins));
    expect(Array.from(got.nBins)).toEqual(Array.from(expected.nBins));
  });

  it('makes its bins where allocateBins says (shared memory), with the same values', () => {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const Xall = floats(columns, all);
    const expected = binFeatures(Xall, n, p, isCat);
    const got = binFeatures(Xall, n, p, isCat, 255, {
      allocateBins: (length) => new Uint8Array(new SharedArrayBuffer(length)),
    });
    expect(got.bins.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(got.bins)).toEqual(Array.from(expected.bins));
    expect(() =>
      binFeatures(Xall, n, p, isCat, 255, { allocateBins: () => new Uint8Array(3) }),
    ).toThrow(/allocateBins gave 3 bytes/);
  });
});

describe('binFeatures from feature columns with 2-bit packed genotypes', () => {
  const rng = new Rng(5);
  const n = 203;
  // dense numeric, packed (3 doses, missing), packed (only 0 and 2), dense categorical, packed (all missing),
  // packed (one dose), dense numeric.
  const kinds = [0, 1, 1, 0, 1, 1, 0];
  const isCategorical = Uint8Array.from([0, 0, 0, 1, 0, 0, 0]);
  const X = new Float32Array(n * kinds.length);
  for (let r = 0; r < n; r++) {
    X[r] = rng.nextFloat();
    X[n + r] = rng.nextFloat() < 0.1 ? NaN : rng.nextInt(3);
    X[2 * n + r] = rng.nextInt(2) * 2;
    X[3 * n + r] = rng.nextInt(5);
    X[4 * n + r] = NaN;
    X[5 * n + r] = rng.nextFloat() < 0.1 ? NaN : 1;
    X[6 * n + r] = rng.nextInt(50) / 7;
  }
  const columns = allocateColumns(n, Uint8Array.from(kinds));
  kinds.forEach((packed, f) => {
    for (let r = 0; r < n; r++) {
      if (packed) setPackedDose(columns, f, r, X[f * n + r]);
      else columns.dense[columns.denseOff[f] + r] = X[f * n + r];
    }
  });

  for (const maxBins of [255, 3, 2]) {
    it(`gives the bins the floats give (maxBins ${maxBins})`, () => {
      const expected = binFeatures(X, n, kinds.length, isCategorical, maxBins);
      const got = binFeatures(columns, n, kinds.length, isCategorical, maxBins);
      expect(Array.from(got.bins)).toEqual(Array.from(expected.bins));
      expect(Array.from(got.nBins)).toEqual(Array.from(expected.nBins));
      expect(got.thresholds.map((t) => Array.from(t))).toEqual(
        expected.thresholds.map((t) => Array.from(t)),
      );
    });
  }
});

describe('radixSortFloat32', () => {
  /** Bits of a float32 array, so that −0 and +0 differ. */
  const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(0)));

  it('sorts short columns (built-in sort) and long ones (radix passes) into the same order, −0 before +0', () => {
    const rng = new Rng(5);
    const special = [0, -0, -1.5, 1.5, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -1e-45];
    for (const n of [10, 511, 512, 513, 3000]) {
      const values = Float32Array.from({ length: n }, (_, i) =>
        i < special.length ? special[i] : Math.round((rng.nextFloat() - 0.5) * 200) / 8,
      );
      const sorted = values.slice();
      radixSortFloat32(sorted);
      // The reference: an insertion by total order on (value, sign of zero), independent of either path.
      const ref = Array.from(values).sort((a, b) =>
        a !== b
          ? a - b
          : Object.is(a, -0) && Object.is(b, 0)
            ? -1
            : Object.is(a, 0) && Object.is(b, -0)
              ? 1
              : 0,
      );
      expect(bits(sorted)).toEqual(bits(Float32Array.from(ref)));
    }
  });
});
