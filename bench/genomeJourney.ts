/**
 * Issue 21's browser memory goal, measured and written down: "5,000 × 300,000 SNPs loads, QCs, computes 10
 * components and trains 100 trees, peaking under 1.5 bytes a genotype above the idle app". Makes the fileset with
 * `plink1.9 --dummy` (seeded), builds the app and runs the journey of e2e/bed-load-time.spec.ts ("genome-wide
 * journey") in Chromium, then writes bench/GENOME-JOURNEY.md: each stage's time and the browser's peak memory (PSS of
 * all its processes, from /proc) above the app open with nothing loaded, in bytes a genotype.
 *
 *   npx tsx bench/genomeJourney.ts [--samples 5000] [--snps 300000] [--keep DIR]
 *
 * Memory does not move with other work on the machine; the times do (the load average is written with them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureJourneyInBrowser } from './browserGenome.ts';
import { makeDummyFileset } from './plinkDummy.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'GENOME-JOURNEY.md');
/** The goal's bound, bytes a genotype above the idle app. */
const GOAL_BYTES_PER_GENOTYPE = 1.5;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const samples = Number(option('samples', '5000'));
  const snps = Number(option('snps', '300000'));
  const kept = process.argv.includes('--keep') ? option('keep', '') : '';
  const dir = kept || mkdtempSync(path.join(os.tmpdir(), 'genoforest-journey-'));
  const stem = path.join(dir, `dummy${samples}x${snps}`);
  try {
    // 2 % missing calls, as a QC'd array; plink's --dummy draws allele frequencies uniformly, so few variants fail QC.
    makeDummyFileset(stem, samples, snps, { missing: 0.02, acgt: false });
    const commit = execFileSync('git', ['describe', '--always', '--dirty'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const started = new Date().toISOString();
    const m = await measureJourneyInBrowser(ROOT, stem);
    const genotypes = samples * snps;
    const lines = [
      '# The genome-wide journey in the browser',
      '',
      `Written by \`npx tsx bench/genomeJourney.ts --samples ${samples} --snps ${snps}\` at ${started}, commit ${commit};`,
      'Chromium headless (e2e/bed-load-time.spec.ts, "genome-wide journey"): "Load files" with the .bed + .bim + .fam of',
      `\`plink1.9 --dummy ${samples} ${snps} 0.02 --seed 1\`, QC (Minimum MAF 0.01, Maximum missing per variant 0.05, HWE p`,
      'below 1e-6), 10 ancestry components (LD pruning on, as the app’s default) added as features, 100 trees on the pool',
      '(scikit-learn defaults: no tuning). Memory = PSS of all the browser’s processes from /proc, sampled every 250 ms;',
      'the peak is the highest so far at the end of each stage. The machine has 2 cores shared with other work: times',
      'move with its load, memory does not.',
      '',
    ];
    if ('error' in m) {
      lines.push(`The journey did not finish: ${m.error}.`);
    } else {
      const base = m.baselineMiB;
      const above = (mib: number | null) =>
        mib === null || base === null ? null : ((mib - base) * 2 ** 20) / genotypes;
      const peak = Math.max(...m.stages.map((s) => s.peakMiB ?? 0));
      const worst = above(peak);
      lines.push(
        `Table: ${m.size}; QC kept ${m.kept ?? 'n/a'}. The app open with nothing loaded: ${base ?? 'n/a'} MiB. Load average ${m.loadAverage.map((x) => x ?? 'n/a').join(' → ')}.`,
        '',
        '| stage | time (s) | peak so far (MiB) | above the idle app (MiB) | bytes a genotype above idle |',
        '|---|---:|---:|---:|---:|',
        ...m.stages.map((s) => {
          const b = above(s.peakMiB);
          return `| ${s.stage} | ${s.seconds.toFixed(1)} | ${s.peakMiB ?? 'n/a'} | ${s.peakMiB === null || base === null ? 'n/a' : s.peakMiB - base} | ${b === null ? 'n/a' : b.toFixed(3)} |`;
        }),
        '',
        worst === null
          ? 'Goal (peak under 1.5 bytes a genotype above the idle app): not measurable here (no /proc).'
          : `Goal (peak under ${GOAL_BYTES_PER_GENOTYPE} bytes a genotype above the idle app): ${worst < GOAL_BYTES_PER_GENOTYPE ? 'met' : 'NOT met'}, ${worst.toFixed(3)} B (${peak - (base ?? 0)} MiB for ${genotypes.toLocaleString('en-GB')} genotypes).`,
        '',
        `Raw: \`${JSON.stringify(m)}\``,
      );
    }
    writeFileSync(OUT, lines.join('\n') + '\n');
    console.log(lines.join('\n'));
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
