/**
 * How much the per-patient intervals owe to the nuisance forests: the causal forest grown on residuals from the TRUE
 * m(x) = P(Y = 1 | x) and e(x) = P(W = 1 | x) of the simulated cohort instead of the out-of-bag nuisance forests
 * (same seeds as bench/causal.ts: cohort `seed`, forest `seed + 2`), with its out-of-bag coverage and RMSE.
 *
 *   npx tsx bench/causalOracle.ts [design] [seeds, comma-separated]
 */
import { binFeatures } from '../src/engine/forest/binning.ts';
import { fitCausalForest, predictCausalOob } from '../src/engine/causal/causalForest.ts';
import { simulateCohort, type Design } from '../src/engine/causal/simulate.ts';

const P = 10;
const N = 2000;
const Z95 = 1.959963984540054;
const design = (process.argv[2] ?? 'heterogeneous') as Design;
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
for (const seed of seeds) {
  const c = simulateCohort(design, N, P, seed);
  const yRes = new Float64Array(N);
  const wRes = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    yRes[i] = c.y[i] - (c.baseline[i] + c.propensity[i] * c.tau[i]);
    wRes[i] = c.w[i] - c.propensity[i];
  }
  const binned = binFeatures(c.X, N, P, new Uint8Array(P));
  const forest = fitCausalForest(binned, yRes, wRes, { numTrees: 2000, randomState: seed + 2 });
  const oob = predictCausalOob(forest, binned);
  let covered = 0;
  let sq = 0;
  for (let i = 0; i < N; i++) {
    if (Math.abs(oob.effect[i] - c.tau[i]) <= Z95 * Math.sqrt(oob.variance[i])) covered++;
    sq += (oob.effect[i] - c.tau[i]) ** 2;
  }
  console.log(
    `${design} seed ${seed}: coverage (OOB) with the true m(x), e(x) ${(covered / N).toFixed(3)}, RMSE ${Math.sqrt(sq / N).toFixed(3)}`,
  );
}
