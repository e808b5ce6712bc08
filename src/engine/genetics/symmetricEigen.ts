/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by cyclic Jacobi rotations: slower than a
 * tridiagonal QR for large matrices, but short, unconditionally stable and accurate to the last digits for the
 * few-hundred-square Rayleigh–Ritz matrices the PCA builds.
 */

/** Eigen-decomposition of the symmetric s × s matrix `a` (row-major; only read): values descending, vectors as columns. */
export function symmetricEigen(
  input: Float64Array,
  s: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(s * s);
  for (let i = 0; i < s; i++) v[i * s + i] = 1;
  let scale = 0;
  for (let i = 0; i < s * s; i++) scale += a[i] * a[i];
  scale = Math.sqrt(scale);
  for (let sweep = 0; sweep < 100 && scale > 0; sweep++) {
    let off = 0;
    for (let p = 0; p < s; p++) for (let q = p + 1; q < s; q++) off += a[p * s + q] * a[p * s + q];
    if (Math.sqrt(off) <= 1e-15 * scale) break;
    for (let p = 0; p < s - 1; p++) {
      for (let q = p + 1; q < s; q++) {
        const apq = a[p * s + q];
        if (Math.abs(apq) <= 1e-300) continue;
        const app = a[p * s + p];
        const aqq = a[q * s + q];
        // The rotation angle that zeroes a[p][q], in the form that stays accurate when the diagonal entries are close.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < s; k++) {
          const akp = a[k * s + p];
          const akq = a[k * s + q];
          a[k * s + p] = c * akp - sn * akq;
          a[k * s + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < s; k++) {
          const apk = a[p * s + k];
          const aqk = a[q * s + k];
          a[p * s + k] = c * apk - sn * aqk;
          a[q * s + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < s; k++) {
          const vkp = v[k * s + p];
          const vkq = v[k * s + q];
          v[k * s + p] = c * vkp - sn * vkq;
          v[k * s + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: s }, (_, i) => i).sort((x, y) => a[y * s + y] - a[x * s + x]);
  const values = new Float64Array(s);
  const vectors = new Float64Array(s * s);
  order.forEach((from, to) => {
    values[to] = a[from * s + from];
    for (let k = 0; k < s; k++) vectors[k * s + to] = v[k * s + from];
  });
  return { values, vectors };
}
