/**
 * The Hardy–Weinberg exact test of Wigginton, Cutler & Abecasis (2005, Am J Hum Genet 76:887), the test PLINK's
 * --hardy and --hwe use. Given the allele counts, the heterozygote count has a known distribution; its
 * probabilities follow one from the next, so the whole distribution is summed without factorials.
 */

/** Probabilities of the heterozygote counts, reused between calls (a call per variant, 300,000 variants). */
let scratch = new Float64Array(64);

/**
 * Relative slack when comparing a probability with the observed one: heterozygote counts whose probabilities are
 * equal in exact arithmetic (a symmetric distribution) are counted whichever way the rounding fell.
 */
const TIE = 1 + 1e-9;
/** Terms this much smaller than the observed count's probability are left out of the sums (see hweExactP). */
const NEGLIGIBLE = 1e-20;

/**
 * Exact two-sided Hardy–Weinberg p-value of a biallelic variant with `hets` heterozygous and `homA`/`homB`
 * homozygous samples: the probability, given the allele counts, of a heterozygote count no more likely than the
 * one seen. 1 when no sample was called.
 */
export function hweExactP(hets: number, homA: number, homB: number): number {
  const n = hets + homA + homB;
  if (n === 0) return 1;
  const alleleA = 2 * homA + hets;
  const rare = Math.min(alleleA, 2 * n - alleleA);
  const common = 2 * n - rare;
  if (rare + 1 > scratch.length) scratch = new Float64Array(2 * (rare + 1));
  const p = scratch;
  // Start from (about) the most likely heterozygote count, with the parity the rare allele count forces, so the
  // products that follow shrink on both sides and nothing overflows.
  let mode = Math.floor((rare * common) / (2 * n));
  if ((mode & 1) !== (rare & 1)) mode++;
  if (mode > rare) mode -= 2;
  p[mode] = 1;
  // The counts away from the mode grow less likely faster than geometrically: once a term is below the observed
  // count's probability by more than NEGLIGIBLE, the rest change no p-value in its 16th digit, and are not worked
  // out (at 5,000 samples most of the thousands of counts are such). The side holding the observed count is first
  // walked to it, to know its probability.
  // Fewer heterozygotes: P(h - 2) = P(h) · h(h − 1) / (4 (homRare + 1)(homCommon + 1)).
  let low = mode;
  let downRare = (rare - mode) / 2;
  let downCommon = (common - mode) / 2;
  const walkDown = (until: number, cutoff: number): void => {
    while (low >= 2 && (low - 2 >= until || p[low] >= cutoff)) {
      p[low - 2] = (p[low] * low * (low - 1)) / (4 * (downRare + 1) * (downCommon + 1));
      low -= 2;
      downRare++;
      downCommon++;
    }
  };
  // More heterozygotes: P(h + 2) = P(h) · 4 homRare · homCommon / ((h + 2)(h + 1)).
  let high = mode;
  let upRare = (rare - mode) / 2;
  let upCommon = (common - mode) / 2;
  const walkUp = (until: number, cutoff: number): void => {
    while (high + 2 <= rare && (high + 2 <= until || p[high] >= cutoff)) {
      p[high + 2] = (p[high] * 4 * upRare * upCommon) / ((high + 2) * (high + 1));
      high += 2;
      upRare--;
      upCommon--;
    }
  };
  if (hets <= mode) walkDown(hets, Infinity);
  else walkUp(hets, Infinity);
  const cutoff = p[hets] * NEGLIGIBLE;
  walkDown(Infinity, cutoff);
  walkUp(-1, cutoff);
  const observed = p[hets] * TIE;
  let tail = 0;
  let moreLikely = 0;
  for (let h = low; h <= high; h += 2) {
    if (p[h] <= observed) tail += p[h];
    else moreLikely += p[h];
  }
  const total = tail + moreLikely;
  // A large p from the few counts more likely than the one seen, so the most likely count gives exactly 1 (the sum
  // of the many others rounds below it); a small p from its own terms, which keeps its relative precision.
  return tail > moreLikely ? 1 - moreLikely / total : tail / total;
}
