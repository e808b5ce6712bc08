/**
 * The RATE with censoring weights (src/engine/causal/rate.ts) on the survival simulation of
 * src/engine/causal/simulateSurvival.ts (effect on being event-free at 1 from 0 to about 0.35 with X1), against R's
 * grf when Rscript has it (bench/grf_rate_weights.R). Per seed:
 *   - the use case (src/app/treatmentEffect.ts, --horizon 1): its weighted RATE and 95 % interval;
 *   - grf end to end on the same patients, outcome and censoring weights (causal_forest with sample.weights,
 *     priorities cross-fitted on halves, rank_average_treatment_effect): its RATE, and whether our interval covers it;
 *   - the same priorities and scores through grf's rank_average_treatment_effect.fit with sample.weights: the
 *     difference from our AUTOC, and the largest from our TOC at q = 0.1 … 1 (grf takes the fraction of the patient
 *     straddling q·(total weight) that reaches it, ours the whole patient: they differ by about one patient's share).
 * Writes bench/RATE_WEIGHTS.md (or --out).
 *
 *   R_LIBS=/path/to/grf/library npx tsx bench/rateWeights.ts [--n 2000] [--trees 500] [--seeds 1,2,3]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitTreatmentEffects } from '../src/app/treatmentEffect.ts';
import { aipwScores } from '../src/engine/causal/checks.ts';
import { fitEffects } from '../src/engine/causal/effects.ts';
import { heldOutPriorities, rankAverageTreatmentEffect } from '../src/engine/causal/rate.ts';
import { simulateSurvivalCohort } from '../src/engine/causal/simulateSurvival.ts';
import { horizonOutcome } from '../src/engine/causal/survivalHorizon.ts';
import { parseCsvText } from '../src/engine/data/parse.ts';
import { RSCRIPT, rPackageVersion, runChild } from './child.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const P = 5;
const Q = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    trees: { type: 'string', default: '500' },
    seeds: { type: 'string', default: '1,2,3' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'RATE_WEIGHTS.md') },
  },
});
const n = Number(values.n);
const trees = Number(values.trees);
const seeds = values.seeds.split(',').map(Number);
const cacheDir = path.join(ROOT, 'bench', '.cache', 'rate-weights');
mkdirSync(cacheDir, { recursive: true });

interface Ours {
  known: number;
  rate: { estimate: number; lower: number; upper: number };
  engine: { autoc: number; toc: number[] };
}
const ours = new Map<number, Ours>();
for (const seed of seeds) {
  const c = simulateSurvivalCohort(n, P, seed, 1);
  const names = Array.from({ length: P }, (_, j) => `x${j + 1}`);
  const lines = [[...names, 'time', 'event', 'arm'].join(',')];
  for (let i = 0; i < n; i++)
    lines.push(
      [
        ...names.map((_, j) => c.X[j * n + i]),
        c.time[i],
        c.event[i],
        c.w[i] ? 'drug' : 'none',
      ].join(','),
    );
  const model = await fitTreatmentEffects(parseCsvText(lines.join('\n')), {
    target: 'event',
    treatment: 'arm',
    treatedValue: 'drug',
    numTrees: trees,
    seed,
    survival: { time: 'time', horizon: 1 },
  });
  const rate = model.report.rate;
  if (!rate) throw new Error(`seed ${seed}: no RATE (${model.report.warnings.join(' ')})`);
  // The patients the use case fitted and their censoring weights; priorities and scores from the engine directly.
  const ho = horizonOutcome(c.time, c.event, 1);
  const g = model.fit.forest.params.sampleWeights;
  if (!g || g.length !== ho.keep.length)
    throw new Error('The use case did not fit the known patients');
  const m = ho.keep.length;
  const X = new Float32Array(m * P);
  for (let j = 0; j < P; j++) for (let k = 0; k < m; k++) X[j * m + k] = c.X[j * n + ho.keep[k]];
  const w = Uint8Array.from(ho.keep, (i) => c.w[i]);
  const cat = new Uint8Array(P);
  const params = { numTrees: trees, randomState: seed };
  const fit = await fitEffects(X, m, P, cat, ho.y, w, params, { sampleWeights: g });
  const scores = aipwScores({
    y: ho.y,
    w,
    m: fit.nuisance.m,
    e: fit.nuisance.e,
    tau: fit.cohort.effect,
  });
  const prio = await heldOutPriorities(X, m, P, cat, ho.y, w, params, 2, { sampleWeights: g });
  const r = rankAverageTreatmentEffect(prio, scores, { weights: g, q: Q, seed });
  ours.set(seed, {
    known: m,
    rate: { estimate: rate.estimate, lower: rate.lower, upper: rate.upper },
    engine: { autoc: r.estimate, toc: r.toc.estimate },
  });
  const out = ['y,w,g,' + names.join(',') + ',prio,score'];
  for (let k = 0; k < m; k++)
    out.push(
      [ho.y[k], w[k], g[k], ...names.map((_, j) => X[j * m + k]), prio[k], scores[k]].join(','),
    );
  writeFileSync(path.join(cacheDir, `rate-${seed}.csv`), out.join('\n') + '\n');
}

const grf = rPackageVersion('grf');
const rows: string[] = [];
if (grf) {
  const run = await runChild(
    RSCRIPT,
    ['bench/grf_rate_weights.R', cacheDir, seeds.join(',')],
    3600,
  );
  if (run.code !== 0) throw new Error(`grf failed: ${run.stderr}`);
}
for (const seed of seeds) {
  const o = ours.get(seed)!;
  const f3 = (v: number): string => v.toFixed(3);
  let grfCols = '| – | – | – | – |';
  if (grf) {
    const [, line] = readFileSync(path.join(cacheDir, `grf-rate-${seed}.csv`), 'utf8')
      .trim()
      .split('\n');
    const cells = line.split(',').map((s) => s.replace(/"/g, ''));
    const fitAutoc = Number(cells[0]);
    const fitToc = cells[1].split(' ').map(Number);
    const [rate, se] = [Number(cells[2]), Number(cells[3])];
    const tocDiff = Math.max(...Q.map((_, i) => Math.abs(fitToc[i] - o.engine.toc[i])));
    const covers = o.rate.lower <= rate && rate <= o.rate.upper ? 'yes' : 'no';
    grfCols = `| ${f3(rate)} (${f3(rate - 1.96 * se)} to ${f3(rate + 1.96 * se)}) | ${covers} | ${Math.abs(fitAutoc - o.engine.autoc).toExponential(1)} | ${tocDiff.toExponential(1)} |`;
  }
  rows.push(
    `| ${seed} | ${o.known} | ${f3(o.rate.estimate)} (${f3(o.rate.lower)} to ${f3(o.rate.upper)}) ${grfCols}`,
  );
}
const md = [
  '# RATE with censoring weights against grf',
  '',
  `Survival simulation (src/engine/causal/simulateSurvival.ts), n = ${n}, p = ${P}, horizon 1, ${trees} trees; grf ${grf ?? 'not found'}.`,
  'Made by `R_LIBS=… npx tsx bench/rateWeights.ts` (see its header for what each column is).',
  '',
  '| seed | status known | GenoForest RATE (95 %) | grf RATE (95 %) | ours covers grf | AUTOC vs grf .fit, same scores | largest TOC difference vs grf .fit |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n');
writeFileSync(values.out, md);
console.log(md);
