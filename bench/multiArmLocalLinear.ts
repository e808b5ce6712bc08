/**
 * The joint multi-arm forest with and without its local linear correction on the three-arm simulation (simulateArms:
 * n = 2,000, p = 10, arm B's effect 0.2·min(max(x1, 0), 2), arm C's −0.1, confounded by x2), per arm: coverage of the
 * 95 % intervals of the true per-patient effects out of bag and on fresh patients, RMSE, mean standard error and the
 * AIPW average effect. One fit per seed: the forest is grown once (keepFilled records rows, it draws nothing), the
 * uncorrected figures are its own out-of-bag and new-patient predictions, the corrected ones the fit's.
 *
 *   npx tsx bench/multiArmLocalLinear.ts [seeds, default 11,12,13] [trees, default 2000]
 */
import { predictMultiArm, predictMultiArmOob } from '../src/engine/causal/causalForest.ts';
import { meanEstimate, multiArmScores } from '../src/engine/causal/checks.ts';
import { DEFAULT_LL_LAMBDA } from '../src/engine/causal/localLinear.ts';
import { fitMultiArmEffects, predictMultiArmEffects } from '../src/engine/causal/multiArm.ts';
import { simulateArms } from '../src/engine/causal/simulate.ts';

const N = 2000;
const FRESH = 1000;
const P = 10;
const Z95 = 1.959963984540054;
const seeds = (process.argv[2] ?? '11,12,13').split(',').map(Number);
const numTrees = Number(process.argv[3] ?? 2000);

/** Coverage, RMSE and mean standard error of arm k's effects against the truth (n × 2). */
function score(
  effect: (r: number) => number,
  se: (r: number) => number,
  tau: Float64Array,
  k: number,
) {
  const n = tau.length / 2;
  let covered = 0;
  let sq = 0;
  let seSum = 0;
  for (let r = 0; r < n; r++) {
    const t = tau[r * 2 + k];
    const e = effect(r);
    const s = se(r);
    if (e - Z95 * s <= t && t <= e + Z95 * s) covered++;
    sq += (e - t) ** 2;
    seSum += s;
  }
  return { coverage: covered / n, rmse: Math.sqrt(sq / n), se: seSum / n };
}

const f3 = (v: number): string => v.toFixed(3);
const f4 = (v: number): string => v.toFixed(4);
console.log(
  `n = ${N}, p = ${P}, ${numTrees} trees, fresh patients: ${FRESH}; correction: 1 column per arm, λ ${DEFAULT_LL_LAMBDA}`,
);
console.log(
  '| seed | arm | correction | column | coverage (OOB) | coverage (fresh) | RMSE (OOB) | mean SE | ATE ± SE | truth |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const seed of seeds) {
  const c = simulateArms(N, P, seed);
  const fresh = simulateArms(FRESH, P, seed + 1000);
  const fit = await fitMultiArmEffects(
    c.X,
    N,
    P,
    new Uint8Array(P),
    c.y,
    c.arm,
    3,
    { numTrees, randomState: 1 },
    { localLinear: { variables: 1, lambda: DEFAULT_LL_LAMBDA } },
  );
  const plainOob = predictMultiArmOob(fit.forest, fit.binned);
  const plainFresh = predictMultiArm(fit.forest, fresh.X, FRESH);
  const plainScores = multiArmScores(
    c.y,
    c.arm,
    3,
    fit.nuisance.m,
    fit.nuisance.e,
    plainOob.effect,
  );
  const llFresh = predictMultiArmEffects(fit, fresh.X, FRESH);
  for (let k = 0; k < 2; k++) {
    const own = fit.localLinear?.[k].variables ?? [];
    const column = own.length > 0 ? own.map((v) => `x${v + 1}`).join(', ') : '—';
    const truth = c.tau.reduce((s, v, i) => (i % 2 === k ? s + v / N : s), 0);
    const plainAte = meanEstimate(
      Float64Array.from({ length: N }, (_, r) => plainScores[r * 2 + k]),
    );
    const rows = [
      {
        label: 'none',
        oob: score(
          (r) => plainOob.effect[r * 2 + k],
          (r) => Math.sqrt(plainOob.variance[r * 2 + k]),
          c.tau,
          k,
        ),
        fresh: score(
          (r) => plainFresh.effect[r * 2 + k],
          (r) => Math.sqrt(plainFresh.variance[r * 2 + k]),
          fresh.tau,
          k,
        ),
        ate: plainAte,
        column: '—',
      },
      {
        label: 'local linear',
        oob: score(
          (r) => fit.cohort[k].effect[r],
          (r) => fit.cohort[k].standardError[r],
          c.tau,
          k,
        ),
        fresh: score(
          (r) => llFresh[k].effect[r],
          (r) => llFresh[k].standardError[r],
          fresh.tau,
          k,
        ),
        ate: fit.ate[k],
        column,
      },
    ];
    for (const row of rows)
      console.log(
        `| ${seed} | ${k === 0 ? 'B' : 'C'} | ${row.label} | ${row.column} | ${f3(row.oob.coverage)} | ${f3(row.fresh.coverage)} | ${f4(row.oob.rmse)} | ${f4(row.oob.se)} | ${f3(row.ate.estimate)} ± ${f3(row.ate.standardError)} | ${f3(truth)} |`,
      );
  }
}
