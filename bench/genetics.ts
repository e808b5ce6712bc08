/**
 * Genetics section of `npm run bench` (also alone: `npm run bench -- --only genetics`): GenoForest's variant QC,
 * LD pruning and ancestry components against plink1.9 on a 2,000 × 20,000 fileset made at bench time, and its
 * importance p-values against R ranger's Janitza p-values on a simulated outcome with known causal SNPs.
 *
 * - QC (--freq counts --missing --hardy) and LD pruning (--indep-pairwise) on `plink1.9 --dummy` (1 % missing).
 * - PCA (10 components) on the dummy fileset (time only: one population, its components are noise with near-equal
 *   eigenvalues that no two methods order alike) and on bench/geneticsSim.ts's 11-population simulation of the
 *   same size (time and |r| per component against plink1.9 --pca), then the simulation again through the app's
 *   engine client with 1 and 2 pool workers (wall seconds, equality to the bit, |r| against one thread).
 * - Importance: 1,000 samples × 1,000 independent SNPs, 10 of them causal (additive, log-odds 0.5 per copy), 500
 *   trees each; causal SNPs found at q < 0.05 (Benjamini–Hochberg over the Janitza p-values) and the share of the
 *   990 null SNPs called.
 * Times are CPU seconds of one thread (user + system; the machine may be shared) and wall seconds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plinkTable } from '../src/engine/data/genomic/plinkBed.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { ldPrune } from '../src/engine/genetics/ldPrune.ts';
import { codedColumn } from '../src/engine/data/cells.ts';
import { genotypeColumnIndices, pcaOfTable } from '../src/engine/genetics/pca.ts';
import { variantQc } from '../src/engine/genetics/qc.ts';
import { RSCRIPT, rPackageVersion, runChild } from './child.ts';
import { writeStructuredFileset } from './geneticsSim.ts';
import { createEngineClient } from '../src/worker/client.ts';
import { spawnNodeWorker } from '../src/worker/node.ts';

const PLINK = '/usr/bin/plink1.9';
const TIME = '/usr/bin/time';
const SAMPLES = 2000;
const VARIANTS = 20000;
const COMPONENTS = 10;
const LD = { window: 50, step: 5, r2: 0.005 };
const IMPORTANCE = { samples: 1000, snps: 1000, causal: 10, logOdds: 0.5, trees: 500 };
/** Longest any one child may run (seconds). */
const CAP = 1800;

/** Seconds a step took: CPU of this process's thread or a child's, and wall. */
interface Timing {
  cpu: number | null;
  wall: number;
}

/** Runs f, timing it in this process. */
function timed<T>(f: () => T): { value: T; time: Timing } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return {
    value,
    time: { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - w0) / 1000 },
  };
}

/** Runs a child under /usr/bin/time (when present) for its CPU seconds; throws when it fails. */
async function timedChild(
  command: string,
  args: string[],
): Promise<{ stdout: string; time: Timing }> {
  const withTime = existsSync(TIME);
  const r = withTime
    ? await runChild(TIME, ['-f', 'CPU %U %S', command, ...args], CAP)
    : await runChild(command, args, CAP);
  if (r.timedOut) throw new Error(`${command} passed the ${CAP} s cap`);
  if (r.code !== 0) throw new Error(`${command} failed (${r.code}): ${r.stderr.slice(-500)}`);
  const m = withTime ? /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) : null;
  return {
    stdout: r.stdout,
    time: { cpu: m ? Number(m[1]) + Number(m[2]) : null, wall: r.wallSeconds },
  };
}

function fmt(t: Timing): string {
  return `${t.cpu === null ? '—' : t.cpu.toFixed(2)} s CPU, ${t.wall.toFixed(2)} s wall`;
}

/** Whitespace-separated table of a PLINK report, by its header names. */
function plinkReport(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const names = head.trim().split(/\s+/);
  return rows.map((line) => {
    const cells = line.trim().split(/\s+/);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

function loadFileset(stem: string) {
  return plinkTable({
    bed: new Uint8Array(readFileSync(`${stem}.bed`)),
    bim: readFileSync(`${stem}.bim`, 'utf8'),
    fam: readFileSync(`${stem}.fam`, 'utf8'),
  });
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - sa / n;
    const y = b[i] - sb / n;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** QC, LD pruning and PCA against plink1.9. */
async function againstPlink(dir: string, log: (s: string) => void): Promise<void> {
  const dummy = path.join(dir, 'dummy');
  await timedChild(PLINK, [
    '--dummy',
    String(SAMPLES),
    String(VARIANTS),
    '0.01',
    '--seed',
    '7',
    '--make-bed',
    '--out',
    dummy,
  ]);
  const table = loadFileset(dummy);
  log(`\nFileset: plink1.9 --dummy ${SAMPLES} ${VARIANTS} 0.01 (1 % missing calls)`);

  // QC
  const ours = timed(() => variantQc(table));
  const theirs = await timedChild(PLINK, [
    '--bfile',
    dummy,
    '--freq',
    'counts',
    '--missing',
    '--hardy',
    '--threads',
    '1',
    '--out',
    dummy,
  ]);
  const frq = plinkReport(`${dummy}.frq.counts`);
  const hwe = plinkReport(`${dummy}.hwe`).filter((r) => r.TEST === 'ALL');
  const lmiss = plinkReport(`${dummy}.lmiss`);
  let mafDiff = 0;
  let callDiff = 0;
  let hweRel = 0;
  ours.value.variants.forEach((v, j) => {
    const c1 = Number(frq[j].C1);
    const c2 = Number(frq[j].C2);
    mafDiff = Math.max(mafDiff, Math.abs(v.maf - Math.min(c1, c2) / (c1 + c2)));
    callDiff = Math.max(callDiff, Math.abs(1 - v.callRate - Number(lmiss[j].F_MISS)));
    const p = Number(hwe[j].P);
    // PLINK prints p to 4 significant digits: compare at that precision.
    hweRel = Math.max(hweRel, Math.abs(Number(v.hweP.toPrecision(4)) - p) / p);
  });
  log(`\nQC (MAF, call rate, HWE exact p of ${VARIANTS} variants; ${SAMPLES} samples' call rate)`);
  log(`  GenoForest variantQc: ${fmt(ours.time)}`);
  log(`  plink1.9 --freq counts --missing --hardy (1 thread): ${fmt(theirs.time)}`);
  log(
    `  max |ΔMAF| ${mafDiff.toExponential(1)} (from plink's allele counts); max |Δ missing rate| ${callDiff.toExponential(1)} (plink prints 4 digits); max HWE p relative difference at plink's 4 printed digits ${hweRel.toExponential(1)}`,
  );

  // LD pruning
  // The genotype columns as the app prunes them (app/cohortGenetics.ts ldPrunedTable): coded columns, packed or not.
  // (Their `.values` alone, as this section once read them, is absent for packed doses: every column then looked
  // constant and was dropped — "kept 0" — where plink kept most.)
  const columns = genotypeColumnIndices(table).map((c) => {
    const column = codedColumn(table, c);
    if (column === null) throw new Error(`genotype column ${c} of the dummy fileset is not coded`);
    return column;
  });
  const chromosomes = table.hints?.loci?.chromosomes;
  const pruned = timed(() => ldPrune(columns, LD, chromosomes, table.rowCount));
  const plinkLd = await timedChild(PLINK, [
    '--bfile',
    dummy,
    '--indep-pairwise',
    String(LD.window),
    String(LD.step),
    String(LD.r2),
    '--threads',
    '1',
    '--out',
    dummy,
  ]);
  const plinkKept = new Set(readFileSync(`${dummy}.prune.in`, 'utf8').trim().split('\n'));
  const names = readFileSync(`${dummy}.bim`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[1]);
  let differ = 0;
  let kept = 0;
  pruned.value.forEach((k, j) => {
    if (k) kept++;
    if (k !== plinkKept.has(names[j])) differ++;
  });
  log(`\nLD pruning (--indep-pairwise ${LD.window} ${LD.step} ${LD.r2})`);
  log(`  GenoForest ldPrune: ${fmt(pruned.time)}; kept ${kept} of ${VARIANTS}`);
  log(`  plink1.9 (1 thread): ${fmt(plinkLd.time)}; kept ${plinkKept.size}`);
  log(`  variants kept by one and not the other: ${differ}`);

  // PCA on the dummy fileset: time only.
  const pcaDummy = timed(() => pcaOfTable(table, { components: COMPONENTS }));
  const plinkPcaDummy = await timedChild(PLINK, [
    '--bfile',
    dummy,
    '--pca',
    String(COMPONENTS),
    '--threads',
    '1',
    '--out',
    dummy,
  ]);
  log(`\nPCA, ${COMPONENTS} components`);
  log(
    `  dummy fileset (one population: components are noise, so compared by time only): GenoForest ${fmt(pcaDummy.time)}, ${pcaDummy.value.sweeps} sweeps, converged ${pcaDummy.value.converged}; plink1.9 --pca (1 thread) ${fmt(plinkPcaDummy.time)}`,
  );

  // PCA on the structured simulation: time and agreement.
  const sim = path.join(dir, 'sim');
  writeStructuredFileset(sim, SAMPLES, VARIANTS, 1);
  const simTable = loadFileset(sim);
  const pca = timed(() => pcaOfTable(simTable, { components: COMPONENTS }));
  const plinkPca = await timedChild(PLINK, [
    '--bfile',
    sim,
    '--pca',
    String(COMPONENTS),
    '--threads',
    '1',
    '--out',
    sim,
  ]);
  const vec = readFileSync(`${sim}.eigenvec`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(2).map(Number));
  const plinkValues = readFileSync(`${sim}.eigenval`, 'utf8').trim().split('\n').map(Number);
  const rs: string[] = [];
  let eigenRel = 0;
  for (let c = 0; c < COMPONENTS; c++) {
    const ours = Array.from({ length: SAMPLES }, (_, i) => pca.value.scores[i * COMPONENTS + c]);
    rs.push(
      Math.abs(
        correlation(
          ours,
          vec.map((v) => v[c]),
        ),
      ).toFixed(4),
    );
    eigenRel = Math.max(eigenRel, Math.abs(pca.value.eigenvalues[c] / plinkValues[c] - 1));
  }
  log(
    `  11-population simulation (bench/geneticsSim.ts): GenoForest ${fmt(pca.time)}, ${pca.value.sweeps} sweeps; plink1.9 --pca (1 thread) ${fmt(plinkPca.time)}`,
  );
  log(`  |r| per component vs plink1.9: ${rs.join(' ')}`);
  log(`  max eigenvalue relative difference ${eigenRel.toExponential(1)}`);

  // The app's path: the data worker drives the iteration, each sweep's parts run on the training pool.
  const one = await pcaOnPool(sim, 1);
  const two = await pcaOnPool(sim, 2);
  const same = one.scores.every((v, i) => v === two.scores[i]);
  const rPool = Array.from({ length: COMPONENTS }, (_, c) =>
    Math.abs(
      correlation(
        Array.from({ length: SAMPLES }, (_, i) => two.scores[i * COMPONENTS + c]),
        Array.from({ length: SAMPLES }, (_, i) => pca.value.scores[i * COMPONENTS + c]),
      ),
    ),
  );
  log(
    `  on the app's worker pool (Node workers, the data worker driving): 1 worker ${one.wall.toFixed(2)} s wall, 2 workers ${two.wall.toFixed(2)} s wall; 1 and 2 workers equal to the bit: ${same}; min |r| vs one thread ${Math.min(...rPool).toFixed(6)}`,
  );
}

/** Ancestry components of a fileset through the app's engine client with `workers` pool workers (wall seconds). */
async function pcaOnPool(
  stem: string,
  workers: number,
): Promise<{ scores: number[]; wall: number }> {
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers });
  try {
    const file = (ext: string) => new File([readFileSync(`${stem}.${ext}`)], `sim.${ext}`);
    await engine.loadFiles([file('bed'), file('bim'), file('fam')]);
    const w0 = performance.now();
    const view = await engine.ancestry({ components: COMPONENTS });
    return { scores: view.scores.flat(), wall: (performance.now() - w0) / 1000 };
  } finally {
    engine.dispose();
  }
}

/** Importance p-values against ranger's Janitza p-values on a simulated outcome. */
async function importance(dir: string, log: (s: string) => void): Promise<void> {
  const { samples, snps, causal, logOdds, trees } = IMPORTANCE;
  const rng = new Rng(11);
  const doses: Uint8Array[] = [];
  for (let j = 0; j < snps; j++) {
    const p = 0.05 + 0.45 * rng.nextFloat();
    doses.push(
      Uint8Array.from(
        { length: samples },
        () => (rng.nextFloat() < p ? 1 : 0) + (rng.nextFloat() < p ? 1 : 0),
      ),
    );
  }
  // The causal SNPs are spread over the columns; centred doses keep the outcome near 50 %.
  const isCausal = Array.from({ length: snps }, (_, j) => j % (snps / causal) === 0);
  const outcome = Array.from({ length: samples }, (_, i) => {
    let eta = 0;
    for (let j = 0; j < snps; j++) {
      if (!isCausal[j]) continue;
      let mean = 0;
      for (let r = 0; r < samples; r++) mean += doses[j][r];
      eta += logOdds * (doses[j][i] - mean / samples);
    }
    return rng.nextFloat() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  const names = Array.from({ length: snps }, (_, j) => `snp${j + 1}`);
  const lines = [['outcome', ...names].join(',')];
  for (let i = 0; i < samples; i++) lines.push([outcome[i], ...doses.map((d) => d[i])].join(','));
  const csv = path.join(dir, 'importance.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  log(
    `\nImportance p-values: ${samples} samples × ${snps} independent SNPs, ${causal} causal (log-odds ${logOdds} a copy), ${trees} trees, q < 0.05 (Benjamini–Hochberg)`,
  );
  const score = (called: Set<string>): string => {
    let found = 0;
    let falsePos = 0;
    names.forEach((n, j) => {
      if (!called.has(n)) return;
      if (isCausal[j]) found++;
      else falsePos++;
    });
    return `causal found ${found} of ${causal}; null called ${falsePos} of ${snps - causal} (${((100 * falsePos) / (snps - causal)).toFixed(1)} %)`;
  };
  const ours = await timedChild('npx', [
    'tsx',
    'src/cli/main.ts',
    'importance',
    csv,
    '--target',
    'outcome',
    '--trees',
    String(trees),
    '--seed',
    '1',
    '--json',
  ]);
  const report = JSON.parse(ours.stdout) as { variants: { name: string; qValue: number }[] };
  const oursCalled = new Set(report.variants.filter((v) => v.qValue < 0.05).map((v) => v.name));
  log(`  GenoForest (genoforest importance): ${fmt(ours.time)}; ${score(oursCalled)}`);
  const ranger = rPackageVersion('ranger');
  if (!ranger) {
    log(
      `  ranger: not run (R's ranger not available at ${RSCRIPT}; apt-get install r-cran-ranger)`,
    );
    return;
  }
  const theirs = await timedChild(RSCRIPT, ['bench/ranger_importance.R', csv, String(trees), '1']);
  const rangerCalled = new Set(
    theirs.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((cells) => cells.length === 3 && Number(cells[2]) < 0.05)
      .map((cells) => cells[0]),
  );
  log(
    `  ranger ${ranger} (impurity_corrected, importance_pvalues janitza, 1 thread): ${fmt(theirs.time)}; ${score(rangerCalled)}`,
  );
}

/** Runs the genetics section, printing as it goes; returns the lines printed. */
export async function runGeneticsBench(print: (s: string) => void): Promise<string[]> {
  const lines: string[] = [];
  const log = (s: string): void => {
    lines.push(s);
    print(s);
  };
  log('Genetics: QC, LD pruning and PCA vs plink1.9; importance p-values vs ranger');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genoforest-genetics-'));
  try {
    if (existsSync(PLINK)) await againstPlink(dir, log);
    else
      log(
        `QC, LD pruning and PCA: not run (plink1.9 not found at ${PLINK}; apt-get install plink1.9 — the fileset is made with its --dummy)`,
      );
    await importance(dir, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
