/**
 * Peak memory and time of the command line on a PLINK fileset made at run time by `plink1.9 --dummy` (issue 21's
 * goal: 10,000 × 300,000 under 1.5 GB): `genoforest train` (and `evaluate`, cross-validation) run as a child
 * process, its peak RSS (ru_maxrss through GNU time: the whole process, Node's runtime and worker threads included)
 * and wall time, beside the RSS of the same command line doing nothing (`train --help`: Node, tsx and the modules
 * loaded).
 *
 *   node --import tsx bench/cliMemory.ts [--samples 10000] [--snps 300000] [--trees 100] [--threads 1,2]
 *        [--folds 2] [--bfile STEM] [--write KEY]
 *
 * --threads takes a list: each count is run with train, then with evaluate --folds. --bfile reuses a fileset made
 * before (e.g. by this script's plink command line, printed) instead of making one. With --write KEY the table
 * replaces the text between `<!-- cliMemory KEY -->` and `<!-- /cliMemory KEY -->` in bench/TWOBIT.md (added at its
 * end when absent).
 *
 * Linux only (GNU time at /usr/bin/time). Not part of `npm run bench`; figures in bench/TWOBIT.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadWords, writeMarkedSection } from './markdownSection.ts';
import { makeDummyFileset } from './plinkDummy.ts';
import os from 'node:os';
import path from 'node:path';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const samples = Number(arg('samples', '10000'));
const snps = Number(arg('snps', '300000'));
const trees = arg('trees', '100');
const folds = arg('folds', '2');
const threadCounts = arg('threads', '1').split(',').map(Number);
const bfile = arg('bfile', '');
const writeKey = arg('write', '');
const TIME = '/usr/bin/time';
const root = path.resolve(import.meta.dirname, '..');
const genotypes = samples * snps;

interface Run {
  command: string;
  threads: number;
  seconds: number;
  peakMiB: number;
  exit: number | null;
}

/** Runs the command line under GNU time: its peak RSS (KiB, ru_maxrss) and wall seconds. */
function timed(cliArgs: string[]): { peakKiB: number; seconds: number; exit: number | null } {
  const out = spawnSync(
    TIME,
    ['-f', 'GENOFOREST_TIME %M %e', 'node', '--import', 'tsx', 'src/cli/main.ts', ...cliArgs],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
  );
  const line = out.stderr.split('\n').find((l) => l.startsWith('GENOFOREST_TIME '));
  if (!line) throw new Error(`GNU time gave no figures: ${out.stderr.slice(-2000)}`);
  const [, kib, secs] = line.split(' ');
  if (out.status !== 0) process.stderr.write(out.stderr.slice(-4000));
  return { peakKiB: Number(kib), seconds: Number(secs), exit: out.status };
}

const mib = (kib: number): number => Math.round(kib / 1024);

const dir = mkdtempSync(path.join(os.tmpdir(), 'genoforest-cli-'));
try {
  let stem = bfile;
  let makeSeconds = 0;
  let plinkArgs: string[] = [];
  if (!stem) {
    stem = path.join(dir, 'dummy');
    ({ args: plinkArgs, seconds: makeSeconds } = makeDummyFileset(stem, samples, snps));
  }
  const bed = `${stem}.bed`;
  const idle = timed(['train', '--help']);
  const runs: Run[] = [];
  const loadBefore = os.loadavg();
  for (const threads of threadCounts) {
    const common = [bed, '--target', 'PHENOTYPE', '--trees', trees, '--threads', String(threads)];
    const model = path.join(dir, `model-${threads}.genoforest.json`);
    for (const [command, cliArgs] of [
      ['train', ['train', ...common, '--out', model, '--json']],
      [`evaluate --folds ${folds}`, ['evaluate', ...common, '--folds', folds, '--json']],
    ] as const) {
      const r = timed([...cliArgs]);
      runs.push({ command, threads, seconds: r.seconds, peakMiB: mib(r.peakKiB), exit: r.exit });
      console.log(
        `${command.padEnd(20)} threads ${threads}: ${r.seconds} s, peak RSS ${mib(r.peakKiB)} MiB (${((r.peakKiB * 1024) / 1e9).toFixed(2)} GB)${r.exit === 0 ? '' : `, exit ${r.exit}`}`,
      );
    }
  }
  const loadAfter = os.loadavg();
  console.log(`idle command line (train --help): ${mib(idle.peakKiB)} MiB`);
  if (writeKey) {
    const file = path.join(import.meta.dirname, 'TWOBIT.md');
    writeMarkedSection(file, `cliMemory ${writeKey}`, [
      `${samples.toLocaleString('en')} × ${snps.toLocaleString('en')} (.bed ${(Math.ceil(samples / 4) * snps).toLocaleString('en')} bytes, made by \`plink1.9 ${plinkArgs.join(' ')} …\`${makeSeconds > 0 ? ` in ${makeSeconds.toFixed(0)} s` : ''}), ${trees} trees (\`bench/cliMemory.ts ${process.argv.slice(2).join(' ')}\`, Node ${process.version}); load average ${loadWords(loadBefore)} before, ${loadWords(loadAfter)} after. Peak RSS of the whole process (GNU time's maximum resident set size: Node's runtime and worker threads included, nothing subtracted); the command line doing nothing (\`train --help\`) peaks at ${mib(idle.peakKiB)} MiB.`,
      '',
      '| command | threads | s | peak RSS MiB | GB (10^9 B) | B/genotype |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(
        (r) =>
          `| ${r.command}${r.exit === 0 ? '' : ` (exit ${r.exit})`} | ${r.threads} | ${r.seconds} | ${r.peakMiB.toLocaleString('en')} | ${((r.peakMiB * 2 ** 20) / 1e9).toFixed(2)} | ${((r.peakMiB * 2 ** 20) / genotypes).toFixed(2)} |`,
      ),
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
