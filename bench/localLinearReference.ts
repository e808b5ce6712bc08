/**
 * The causal forest's local linear correction (src/engine/causal/localLinear.ts) against plain R on a real table.
 * Issue 18 checks it by hand-worked examples, its closed form and simulations; this is the check on real data.
 *
 * The table: testdata/lung.csv (NCCTG lung cancer), exposure `sex` (female vs male), outcome `event` (death during
 * follow-up), the follow-up `time` left out (it is measured after the exposure and carries the outcome). Two cohorts:
 * all 228 patients fitted as the app and the CLI fit them (fitTreatmentEffects: one correction column, λ 0.1), and the
 * 167 complete cases, where every column can be a correction column, with two. For every patient (out of bag, and
 * as a new patient through every tree) this script writes the forest weights α_i(x) the forest gives the training
 * patients, computed here from the trees' leaves and leaf-filling rows (not by localLinear.ts), with the residuals
 * y − m̂ and w − ê the forest was grown on, the correction columns and λ; bench/local_linear_reference.R solves the
 * weighted ridge regression from those alone and the effects are compared with GenoForest's.
 *
 *   npx tsx bench/localLinearReference.ts [--trees 2000] [--seed 1] [--out bench/LOCAL-LINEAR-REFERENCE.md]
 *     [--fixture testdata/causal/lung-local-linear-r.json]
 *
 * --fixture also writes the unit test's fixture (src/engine/causal/localLinear.test.ts): each cohort's features,
 * residuals and forest (its trees without leaf statistics, which the correction does not read) and R's effects, so
 * the test repeats GenoForest's side without R. The committed one was made with --trees 100.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitTreatmentEffects, type EffectRequest } from '../src/app/treatmentEffect.ts';
import {
  leafOfBinnedRow,
  leafOfRawRow,
  packCausalTrees,
  type CausalForest,
} from '../src/engine/causal/causalForest.ts';
import { predictEffects } from '../src/engine/causal/effects.ts';
import {
  correctionColumns,
  correctionVariables,
  predictLocalLinear,
  type LocalLinearSettings,
} from '../src/engine/causal/localLinear.ts';
import { encodeTable } from '../src/engine/data/encode.ts';
import { parseCsvText } from '../src/engine/data/parse.ts';
import type { BinnedData } from '../src/engine/forest/types.ts';
import { RSCRIPT, rPackageVersion } from './child.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = 'testdata/lung.csv';
/** Agreement asked of GenoForest's effects and R's: relative to the effect, or to 0.01 for effects nearer zero. */
const TOLERANCE = 1e-8;
const FLOOR = 0.01;

/** One prediction compared: a correction setting and whether targets are out of bag or new patients. */
interface Case {
  name: string;
  settings: LocalLinearSettings;
  target: 'oob' | 'new';
  /** GenoForest's effect of every patient, as the app computes it. */
  ours: Float64Array;
}

/** A cohort fitted once, with the cases predicted on its forest. */
interface Cohort {
  name: string;
  featureNames: string[];
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  forest: CausalForest;
  binned: BinnedData;
  yRes: Float64Array;
  wRes: Float64Array;
  cases: Case[];
}

/** The sparse forest weights of one target: training rows and their weights (summing to 1). */
interface Weights {
  index: number[];
  weight: number[];
}

/**
 * grf's forest weights, from their definition: every tree used for the target (out of bag: only trees that never
 * drew it; a tree whose target leaf has no leaf-filling patient is not used) gives 1/(trees used × leaf size) to
 * each patient filling the target's leaf.
 */
function forestWeights(
  forest: CausalForest,
  binned: BinnedData,
  members: Map<number, number[]>[],
  target: 'oob' | 'new',
  X: Float32Array,
  r: number,
): Weights {
  const n = binned.nRows;
  const alpha = new Float64Array(n);
  let used = 0;
  forest.trees.forEach((tree, t) => {
    if (target === 'oob' && (tree.drawn[r >>> 5] >>> (r & 31)) & 1) return;
    const leaf =
      target === 'oob'
        ? leafOfBinnedRow(tree, binned, r)
        : leafOfRawRow(tree, forest.isCategorical, X, n, r);
    const rows = members[t].get(leaf) ?? [];
    if (rows.length !== tree.leafCount[leaf])
      throw new Error(
        `Tree ${t} leaf ${leaf}: ${rows.length} filling rows, leafCount ${tree.leafCount[leaf]}`,
      );
    if (rows.length === 0) return;
    used++;
    for (const i of rows) alpha[i] += 1 / rows.length;
  });
  const index: number[] = [];
  const weight: number[] = [];
  alpha.forEach((a, i) => {
    if (a > 0) {
      index.push(i);
      weight.push(a / used);
    }
  });
  return { index, weight };
}

/** Per tree, the leaf-filling rows of each of its leaves. */
function leafMembers(forest: CausalForest, binned: BinnedData): Map<number, number[]>[] {
  return forest.trees.map((tree) => {
    const m = new Map<number, number[]>();
    for (let r = 0; r < binned.nRows; r++) {
      if (((tree.filled[r >>> 5] >>> (r & 31)) & 1) === 0) continue;
      const leaf = leafOfBinnedRow(tree, binned, r);
      const list = m.get(leaf);
      if (list) list.push(r);
      else m.set(leaf, [r]);
    }
    return m;
  });
}

/** lung.csv's text with only the rows that have every cell. */
function completeCases(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return [lines[0], ...lines.slice(1).filter((l) => !l.split(',').some((c) => c === ''))].join(
    '\n',
  );
}

async function fitCohort(
  name: string,
  text: string,
  trees: number,
  seed: number,
  extraColumns: number,
): Promise<Cohort> {
  const table = parseCsvText(text);
  const request: EffectRequest = {
    target: 'event',
    positive: '1',
    treatment: 'sex',
    treatedValue: 'female',
    numTrees: trees,
    seed,
    columns: [{ name: 'time', kind: 'numeric', excluded: true }],
  };
  const model = await fitTreatmentEffects(table, request);
  const { fit, encoding } = model;
  const data = encodeTable(table, encoding);
  // Every patient has an exposure and an outcome, so the forest's rows are the encoded table's.
  if (data.nRows !== fit.forest.nRows)
    throw new Error(`${name}: ${data.nRows} encoded rows, the forest has ${fit.forest.nRows}`);
  const n = data.nRows;
  const base = fit.localLinear;
  if (!base) throw new Error(`${name}: the app's fit carries no local linear correction`);
  const cases: Case[] = [];
  const yRes = fit.residuals.y;
  const wRes = fit.residuals.w;
  const newRows = { X: data.X, nRows: n };
  if (extraColumns === 0) {
    cases.push(
      { name: 'app default, out of bag', settings: base, target: 'oob', ours: fit.cohort.effect },
      {
        name: 'app default, as new patients',
        settings: base,
        target: 'new',
        ours: predictEffects(fit, data.X, n).effect,
      },
    );
    const strong = { ...base, lambda: 1 };
    cases.push({
      name: 'λ 1, out of bag',
      settings: strong,
      target: 'oob',
      ours: predictLocalLinear(fit.forest, fit.binned, yRes, wRes, strong, 'oob').effect,
    });
  } else {
    const variables = correctionVariables(fit.forest, data.X, n, extraColumns);
    if (variables.length !== extraColumns)
      throw new Error(`${name}: only ${variables.length} usable correction columns`);
    const settings = {
      variables,
      columns: correctionColumns(data.X, n, variables),
      lambda: base.lambda,
    };
    const label = `${extraColumns} columns`;
    for (const target of ['oob', 'new'] as const)
      cases.push({
        name: `${label}, ${target === 'oob' ? 'out of bag' : 'as new patients'}`,
        settings,
        target,
        ours: predictLocalLinear(
          fit.forest,
          fit.binned,
          yRes,
          wRes,
          settings,
          target === 'oob' ? 'oob' : newRows,
        ).effect,
      });
  }
  return {
    name,
    featureNames: encoding.features.map((f) => f.name),
    X: data.X,
    nRows: n,
    nFeatures: data.nFeatures,
    forest: fit.forest,
    binned: fit.binned,
    yRes,
    wRes,
    cases,
  };
}

/** The input of local_linear_reference.R: every case of every cohort with the weights of every patient. */
function rInput(cohorts: Cohort[]): unknown {
  return {
    cases: cohorts.flatMap((c) => {
      const members = leafMembers(c.forest, c.binned);
      return c.cases.map((k) => ({
        name: `${c.name}: ${k.name}`,
        lambda: k.settings.lambda,
        yRes: Array.from(c.yRes),
        wRes: Array.from(c.wRes),
        columns: k.settings.columns.map((col) => Array.from(col)),
        targets: Array.from({ length: c.nRows }, (_, r) => ({
          x0: k.settings.variables.map((f) => c.X[f * c.nRows + r]),
          ...forestWeights(c.forest, c.binned, members, k.target, c.X, r),
        })),
      }));
    }),
  };
}

/** R's effects per case: [normal equations, QR] per patient. */
function runR(input: unknown): { normal: number[]; qr: number[] }[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'll-ref-'));
  try {
    const inFile = path.join(dir, 'input.json');
    const outFile = path.join(dir, 'output.tsv');
    writeFileSync(inFile, JSON.stringify(input));
    const run = spawnSync(RSCRIPT, ['bench/local_linear_reference.R', inFile, outFile], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    const result: { normal: number[]; qr: number[] }[] = [];
    for (const line of readFileSync(outFile, 'utf8').trim().split('\n').slice(1)) {
      const [c, t, normal, qr] = line.split('\t');
      const k = Number(c);
      result[k] ??= { normal: [], qr: [] };
      result[k].normal[Number(t)] = Number(normal);
      result[k].qr[Number(t)] = Number(qr);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** |a − b| relative to |b|, or to FLOOR for effects nearer zero. */
function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), FLOOR);
}

function fmt(v: number): string {
  return v.toExponential(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      trees: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      fixture: { type: 'string' },
    },
  });
  const trees = Number(values.trees);
  const seed = Number(values.seed);
  const rVersion = rPackageVersion('base');
  const jsonlite = rPackageVersion('jsonlite');
  if (!rVersion || !jsonlite) throw new Error(`${RSCRIPT} with the jsonlite package is needed`);
  const text = readFileSync(path.join(ROOT, TABLE), 'utf8');
  const cohorts = [
    await fitCohort('all 228 patients', text, trees, seed, 0),
    await fitCohort('167 complete cases', completeCases(text), trees, seed, 2),
  ];
  const r = runR(rInput(cohorts));
  const lines: string[] = [];
  const command = `npx tsx bench/localLinearReference.ts --trees ${trees} --seed ${seed}`;
  lines.push('# Local linear correction against plain R on a real table', '');
  lines.push(
    `\`${command}\` (R ${rVersion}, jsonlite ${jsonlite}; \`bench/local_linear_reference.R\`).`,
    '',
    `${TABLE}: exposure \`sex\` (female vs male), outcome \`event\` (death), \`time\` left out; ${trees} trees, seed ${seed}. ` +
      'For every patient, the forest weights α_i(x) were computed from the trees (leaf-filling rows of the target’s ' +
      'leaves, out of bag or through every tree) and R solved the weighted ridge regression of y − m̂ on ' +
      '(1, X − x, w − ê, (w − ê)(X − x)) with grf’s penalty λ·trace(M)/dim, by `solve` on the normal equations and by ' +
      '`lm.wfit` (QR) with the ridge as pseudo-rows. Relative differences are |a − b| / max(|b|, 0.01).',
    '',
    '| cohort | case | columns | λ | patients | effects (min … max) | max rel. diff. GenoForest vs R (normal eq.) | vs R (QR) | R normal vs QR |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  let k = 0;
  let worst = 0;
  const examples: string[] = [];
  for (const c of cohorts) {
    for (const cs of c.cases) {
      const ref = r[k++];
      let vsNormal = 0;
      let vsQr = 0;
      let normalQr = 0;
      for (let i = 0; i < c.nRows; i++) {
        vsNormal = Math.max(vsNormal, relativeDifference(cs.ours[i], ref.normal[i]));
        vsQr = Math.max(vsQr, relativeDifference(cs.ours[i], ref.qr[i]));
        normalQr = Math.max(normalQr, relativeDifference(ref.qr[i], ref.normal[i]));
      }
      // NaN (a patient one side could not estimate) must not pass as agreement.
      worst = Math.max(worst, Number.isNaN(vsNormal) ? Infinity : vsNormal);
      const names = cs.settings.variables.map((f) => c.featureNames[f]).join(', ');
      const lo = Math.min(...cs.ours);
      const hi = Math.max(...cs.ours);
      lines.push(
        `| ${c.name} | ${cs.name} | ${names} | ${cs.settings.lambda} | ${c.nRows} | ${lo.toFixed(3)} … ${hi.toFixed(3)} | ${fmt(vsNormal)} | ${fmt(vsQr)} | ${fmt(normalQr)} |`,
      );
      // The first out-of-bag case of each cohort, four patients spread over it.
      if (cs === c.cases.find((x) => x.target === 'oob'))
        for (const i of [0, 1, 2, 3]) {
          const row = Math.floor((i * (c.nRows - 1)) / 3);
          examples.push(
            `| ${c.name} | ${cs.name} | ${row + 1} | ${cs.ours[row].toPrecision(12)} | ${ref.normal[row].toPrecision(12)} |`,
          );
        }
    }
  }
  lines.push(
    '',
    'A few patients (row of the cohort, 1-based):',
    '',
    '| cohort | case | patient | GenoForest | R |',
    '|---|---|---|---|---|',
    ...examples,
    '',
    worst <= TOLERANCE
      ? `Every effect agrees with R's to ${fmt(worst)} relative (asked: ${TOLERANCE}).`
      : `MISMATCH: the largest relative difference is ${fmt(worst)} (asked: ${TOLERANCE}).`,
  );
  const md = lines.join('\n') + '\n';
  console.log(md);
  if (values.out) writeFileSync(values.out, md);
  if (values.fixture) writeFileSync(values.fixture, fixture(cohorts, r, command) + '\n');
  if (!(worst <= TOLERANCE)) process.exitCode = 1;
}

/** The unit test's fixture: what predictLocalLinear reads, and R's effects. */
function fixture(cohorts: Cohort[], r: { normal: number[] }[], command: string): string {
  let k = 0;
  return JSON.stringify({
    about:
      'Local linear correction on testdata/lung.csv: inputs and R effects (bench/local_linear_reference.R); see testdata/README.md',
    command: `${command} --fixture <this file>`,
    cohorts: cohorts.map((c) => {
      const p = packCausalTrees(c.forest.trees);
      return {
        name: c.name,
        nRows: c.nRows,
        nFeatures: c.nFeatures,
        featureNames: c.featureNames,
        isCategorical: Array.from(c.forest.isCategorical),
        X: Array.from(c.X, (v) => (Number.isNaN(v) ? null : v)),
        yRes: Array.from(c.yRes),
        wRes: Array.from(c.wRes),
        trees: {
          nodeStart: Array.from(p.nodeStart),
          feature: Array.from(p.feature),
          splitBin: Array.from(p.splitBin),
          threshold: Array.from(p.threshold),
          missingLeft: Array.from(p.missingLeft),
          left: Array.from(p.left),
          right: Array.from(p.right),
          leafCount: Array.from(p.leafCount),
          drawn: Array.from(p.drawn),
          filled: Array.from(p.filled),
          drawnWords: p.drawnWords,
          filledWords: p.filledWords,
        },
        cases: c.cases.map((cs) => ({
          name: cs.name,
          variables: cs.settings.variables,
          lambda: cs.settings.lambda,
          target: cs.target,
          effectR: r[k++].normal,
        })),
      };
    }),
  });
}

await main();
