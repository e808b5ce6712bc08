/**
 * Writes e2e/fixtures/trial.csv: a SYNTHETIC randomised trial with a known treatment effect, for the "Which
 * treatment" journey (e2e/treatment-effect.spec.ts). Made with:
 *
 *   npx tsx scripts/make-trial-fixture.ts
 *
 * 1,000 patients from engine/causal/simulate.ts's 'randomised' design (seed 18): biomarker, severity and noise are
 * N(0, 1); drug is A or placebo with chance 1/2; P(response = responder) = 0.15 + 0.3·Φ(severity) + τ for drug A,
 * with the true effect τ = 0.2·min(max(biomarker, 0), 2) (0 for biomarker ≤ 0, 0.4 at biomarker ≥ 2; about
 * +7.8 percentage points on average).
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateCohort } from '../src/engine/causal/simulate.ts';

const N = 1000;
const c = simulateCohort('randomised', N, 3, 18);
const lines = ['biomarker,severity,noise,drug,response'];
for (let r = 0; r < N; r++) {
  const xs = [0, 1, 2].map((f) => c.X[f * N + r].toFixed(3));
  lines.push([...xs, c.w[r] ? 'A' : 'placebo', c.y[r] ? 'responder' : 'non_responder'].join(','));
}
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../e2e/fixtures/trial.csv');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${out}`);
