/**
 * The three-arm simulated cohort of src/engine/causal/simulate.ts (simulateArms: n = 2,000, p = 10; arm B's effect
 * 0.2·min(max(x1, 0), 2), arm C's −0.1, confounded by x2) written for the CLI and for grf: DIR/arms-SEED.csv (x1..x10,
 * drug ctrl/B/C, outcome yes/no) and DIR/arms-SEED-truth.csv (each patient's true effect of B and of C). Then
 *
 *   npm run genoforest -- effect DIR/arms-SEED.csv --target outcome --positive yes --treatment drug \
 *     --comparison-value ctrl --threads 1 --json > DIR/arms-SEED-ours.json
 *   Rscript bench/multi_arm_grf.R DIR SEED
 *
 *   npx tsx bench/multiArm.ts DIR [seed]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { simulateArms } from '../src/engine/causal/simulate.ts';

const N = 2000;
const P = 10;
const dir = process.argv[2];
if (!dir) throw new Error('Usage: npx tsx bench/multiArm.ts DIR [seed]');
const seed = Number(process.argv[3] ?? 11);
const c = simulateArms(N, P, seed);
const names = ['ctrl', 'B', 'C'];
const header = [...Array.from({ length: P }, (_, f) => `x${f + 1}`), 'drug', 'outcome'].join(',');
const rows = Array.from({ length: N }, (_, r) =>
  [
    ...Array.from({ length: P }, (_, f) => c.X[f * N + r].toFixed(4)),
    names[c.arm[r]],
    c.y[r] ? 'yes' : 'no',
  ].join(','),
);
writeFileSync(path.join(dir, `arms-${seed}.csv`), [header, ...rows].join('\n') + '\n');
const truth = Array.from({ length: N }, (_, r) => `${c.tau[r * 2]},${c.tau[r * 2 + 1]}`);
writeFileSync(path.join(dir, `arms-${seed}-truth.csv`), ['tauB,tauC', ...truth].join('\n') + '\n');
