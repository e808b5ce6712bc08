/**
 * Writes e2e/fixtures/arms.csv: a SYNTHETIC observational study of a treatment with THREE arms and known effects, for
 * the Predict step's per-arm view (e2e/predict-multi-arm.spec.ts). Made with:
 *
 *   npx tsx scripts/make-arms-fixture.ts
 *
 * 600 patients from engine/causal/simulate.ts's simulateArms (seed 18): biomarker, severity and noise are N(0, 1);
 * drug is placebo (the comparison), A or B, with chances steered by severity (odds 1 : e^(0.6·severity) :
 * e^(−0.6·severity)); P(response = responder) = 0.15 + 0.3·Φ(severity) + τ, with A's true effect
 * τ = 0.2·min(max(biomarker, 0), 2) (0 for biomarker ≤ 0, +40 percentage points at biomarker ≥ 2) and B's a constant
 * −10 percentage points.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateArms } from '../src/engine/causal/simulate.ts';

const N = 600;
const ARMS = ['placebo', 'A', 'B'];
const c = simulateArms(N, 3, 18);
const lines = ['biomarker,severity,noise,drug,response'];
for (let r = 0; r < N; r++) {
  const xs = [0, 1, 2].map((f) => c.X[f * N + r].toFixed(3));
  lines.push([...xs, ARMS[c.arm[r]], c.y[r] ? 'responder' : 'non_responder'].join(','));
}
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../e2e/fixtures/arms.csv');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${out}`);
