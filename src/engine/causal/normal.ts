/** The standard normal tail, for p-values and the variance correction of the causal forest. */

/**
 * Complementary error function by the Chebyshev-fitted exponential form of Press et al.'s Numerical Recipes
 * (fractional error below 1.2e-7 everywhere): ample for p-values reported to two or three figures.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z > x) for a standard normal Z. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}
