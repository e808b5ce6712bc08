/**
 * Genomic cohorts: load time, peak memory and bytes held per genotype cell of one seeded SNP cohort written as
 * PLINK .bed/.bim/.fam, bgzipped VCF (+ a clinical CSV with the outcome) and a wide CSV, each loaded by
 * loadCohortFiles (the data worker's loader) in a fresh child process, then encoded and a 100-tree forest
 * trained on one thread. bench/run.ts calls runGenomeBench and appends renderGenomes to RESULTS.md.
 *
 *   node --import tsx bench/genomes.ts [--genomes 1000x28000,5000x100000]     standalone: prints the table
 *   node --expose-gc --import tsx bench/genomes.ts measure <bed|vcf|csv> <dir> one format (child; one JSON line)
 *   node --import tsx bench/genomes.ts write <dir> [1000x28000]                   only write the files (A/B runs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openAsBlob, openSync, readFileSync } from 'node:fs';
import { rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'fflate';
import { loadCohortFiles, type NamedBlob } from '../src/engine/data/genomic/loadFiles.ts';
import { inferSchema, suggestTarget } from '../src/engine/data/schema.ts';
import { compactDoseColumns } from '../src/engine/data/cells.ts';
import { parseCsvBlob } from '../src/engine/data/parse.ts';
import { buildEncoding, encodeTable } from '../src/engine/data/encode.ts';
import { fitForest } from '../src/engine/forest/forest.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { categoricalMask } from '../src/app/trainingData.ts';
import { measureInBrowser, renderBrowserGenome, type BrowserGenome } from './browserGenome.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLINK = '/usr/bin/plink1.9';
/** Cohorts measured by default; `--genomes-big` adds the second. One line each. */
export const GENOME_SIZES: Record<'default' | 'big', [samples: number, snps: number]> = {
  default: [1000, 28_000],
  big: [5000, 100_000],
};
/** The formats, each loaded in its own child. */
export const GENOME_FORMATS = [
  'bed',
  'vcf',
  'csv',
  'csv-text',
  'csv-strings',
  'csv-strings-text',
  'csv-expr',
  'csv-expr-text',
] as const;
export type GenomeFormat = (typeof GENOME_FORMATS)[number];
const TREES = 100;
/**
 * The text comparisons, and the genotype-string and expression CSVs, are skipped above this many cells (they would
 * hold gigabytes, and the expression file alone would be 6 bytes a cell).
 */
const TEXT_MAX_CELLS = 150e6;
/** Formats written and measured only up to TEXT_MAX_CELLS. */
const SMALL_ONLY: readonly GenomeFormat[] = [
  'csv-text',
  'csv-strings',
  'csv-strings-text',
  'csv-expr',
  'csv-expr-text',
];
/** Cap of one child (load + encode + train). */
const CHILD_CAP_S = 1800;

/** What one child measures. */
export interface GenomeMeasure {
  format: GenomeFormat;
  fileMB: number;
  loadSeconds: number;
  /** Resident set size before loading and its peak up to the end of the load. */
  rssBeforeMB: number;
  peakRssLoadMB: number;
  /** Peak of V8 heap + ArrayBuffers during the load (sampled every 5 ms and at every progress report). */
  peakHeapBuffersMB: number;
  /** (heap + ArrayBuffers after load and GC − before) ÷ genotype cells. */
  heldBytesPerCell: number;
  codedColumns: number;
  encodeSeconds: number;
  trainSeconds: number;
  peakRssMB: number;
  target: string;
}

/** One cohort size's results. */
export interface GenomeReport {
  samples: number;
  snps: number;
  measures: (GenomeMeasure | { format: GenomeFormat; error: string })[];
  plinkCheck?: string;
  /** The .bed loaded and trained in Chromium (--genomes-browser). */
  browser?: BrowserGenome | { error: string };
}

/** CRC-32 (gzip's) of bytes. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One BGZF block (gzip member with the "BC" extra field stating its size), as bgzip writes it. */
function bgzfBlock(data: Uint8Array): Uint8Array {
  const deflated = deflateSync(data, { level: 6 });
  const size = 18 + deflated.length + 8;
  const out = new Uint8Array(size);
  out.set([
    0x1f,
    0x8b,
    8,
    4,
    0,
    0,
    0,
    0,
    0,
    0xff,
    6,
    0,
    66,
    67,
    2,
    0,
    (size - 1) & 0xff,
    (size - 1) >> 8,
  ]);
  out.set(deflated, 18);
  const v = new DataView(out.buffer);
  v.setUint32(18 + deflated.length, crc32(data), true);
  v.setUint32(22 + deflated.length, data.length, true);
  return out;
}

/** Writes text through BGZF blocks of at most 65 280 bytes, ending with bgzip's empty EOF block. */
function bgzfWriter(file: string): { write(text: string): void; close(): void } {
  const fd = openSync(file, 'w');
  const block = new Uint8Array(65280);
  let used = 0;
  const enc = new TextEncoder();
  const flush = (): void => {
    if (used > 0) writeSync(fd, bgzfBlock(block.subarray(0, used)));
    used = 0;
  };
  return {
    write(text: string): void {
      let bytes = enc.encode(text);
      while (bytes.length > 0) {
        const n = Math.min(bytes.length, block.length - used);
        block.set(bytes.subarray(0, n), used);
        used += n;
        bytes = bytes.subarray(n);
        if (used === block.length) flush();
      }
    },
    close(): void {
      flush();
      writeSync(fd, bgzfBlock(new Uint8Array(0)));
      closeSync(fd);
    },
  };
}

/** A seeded cohort: doses of A1 (SNP-major, 255 = missing, 0.2 % of calls) and a case/control outcome. */
function synthCohort(n: number, p: number): { g: Uint8Array; cases: Uint8Array } {
  const rng = new Rng(2026);
  const g = new Uint8Array(n * p);
  for (let j = 0; j < p; j++) {
    const maf = 0.05 + 0.45 * rng.nextFloat();
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      g[j * n + i] =
        u < 0.002 ? 255 : (rng.nextFloat() < maf ? 1 : 0) + (rng.nextFloat() < maf ? 1 : 0);
    }
  }
  // Outcome from five SNPs spread over the genome (one recessive) plus noise.
  const causal = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => Math.floor(f * p));
  const cases = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let score = -1.2 + 0.8 * (rng.nextFloat() - 0.5);
    causal.forEach((j, k) => {
      const d = g[j * n + i] === 255 ? 0 : g[j * n + i];
      score += k === 4 ? (d === 2 ? 1.5 : 0) : 0.6 * d;
    });
    cases[i] = rng.nextFloat() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
  }
  return { g, cases };
}

/** Writes the cohort as cohort.bed/.bim/.fam, cohort.vcf.gz + clinical.csv and cohort.csv in dir. */
export function writeGenomeFiles(dir: string, n: number, p: number): { g: Uint8Array } {
  const { g, cases } = synthCohort(n, p);
  const fam = Array.from(
    { length: n },
    (_, i) => `F${i + 1} S${i + 1} 0 0 ${1 + (i % 2)} ${cases[i] ? 2 : 1}\n`,
  );
  writeFileSync(path.join(dir, 'cohort.fam'), fam.join(''));
  const bim = Array.from({ length: p }, (_, j) => `1\trs${j + 1}\t0\t${1000 + j * 100}\tA\tG\n`);
  writeFileSync(path.join(dir, 'cohort.bim'), bim.join(''));
  // .bed, SNP-major: 00 = two copies of A1, 10 = one, 11 = none, 01 = missing; four samples a byte.
  const per = Math.ceil(n / 4);
  const bed = new Uint8Array(3 + p * per);
  bed.set([0x6c, 0x1b, 0x01]);
  const code = [3, 2, 0];
  for (let j = 0; j < p; j++)
    for (let i = 0; i < n; i++) {
      const d = g[j * n + i];
      bed[3 + j * per + (i >> 2)] |= (d === 255 ? 1 : code[d]) << (2 * (i & 3));
    }
  writeFileSync(path.join(dir, 'cohort.bed'), bed);

  const samples = Array.from({ length: n }, (_, i) => `S${i + 1}`);
  const clinical = [
    'IID,outcome',
    ...samples.map((s, i) => `${s},${cases[i] ? 'case' : 'control'}`),
  ];
  writeFileSync(path.join(dir, 'clinical.csv'), clinical.join('\n') + '\n');
  const gt = ['0/0', '0/1', '1/1'];
  const vcf = bgzfWriter(path.join(dir, 'cohort.vcf.gz'));
  vcf.write('##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n');
  vcf.write(`#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${samples.join('\t')}\n`);
  const calls = new Array<string>(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) calls[i] = g[j * n + i] === 255 ? './.' : gt[g[j * n + i]];
    vcf.write(`1\t${1000 + j * 100}\trs${j + 1}\tG\tA\t.\tPASS\t.\tGT\t${calls.join('\t')}\n`);
  }
  vcf.close();

  // CSV: one row per patient, sample ID, outcome, then doses (empty when missing).
  const fd = openSync(path.join(dir, 'cohort.csv'), 'w');
  writeSync(fd, `IID,outcome,${bim.map((_, j) => `rs${j + 1}`).join(',')}\n`);
  const row = new Uint8Array(2 * p);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < p; j++) {
      const d = g[j * n + i];
      if (d !== 255) row[k++] = 48 + d;
      row[k++] = j === p - 1 ? 10 : 44;
    }
    writeSync(fd, `${samples[i]},${cases[i] ? 'case' : 'control'},`);
    writeSync(fd, row.subarray(0, k));
  }
  closeSync(fd);
  if (n * p <= TEXT_MAX_CELLS) writeTextVariants(dir, g, cases, n, p);
  return { g };
}

/**
 * The same cohort as genotype strings (A1 = A, A2 = G: "AA", "AG", "GG", empty when missing) and as
 * expression-like values (the dose plus noise, three decimals, "NA" when missing), one CSV each.
 */
function writeTextVariants(
  dir: string,
  g: Uint8Array,
  cases: Uint8Array,
  n: number,
  p: number,
): void {
  const header = `IID,outcome,${Array.from({ length: p }, (_, j) => `rs${j + 1}`).join(',')}\n`;
  const strings = ['GG', 'AG', 'AA'];
  const rng = new Rng(7);
  const sFd = openSync(path.join(dir, 'cohort-strings.csv'), 'w');
  const eFd = openSync(path.join(dir, 'cohort-expr.csv'), 'w');
  writeSync(sFd, header);
  writeSync(eFd, header);
  const sCells = new Array<string>(p);
  const eCells = new Array<string>(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const d = g[j * n + i];
      sCells[j] = d === 255 ? '' : strings[d];
      eCells[j] = d === 255 ? 'NA' : (5 + 1.5 * d + 2 * (rng.nextFloat() - 0.5)).toFixed(3);
    }
    const lead = `S${i + 1},${cases[i] ? 'case' : 'control'},`;
    writeSync(sFd, lead + sCells.join(',') + '\n');
    writeSync(eFd, lead + eCells.join(',') + '\n');
  }
  closeSync(sFd);
  closeSync(eFd);
}

/** Reads SNPs 1–5 back through plink1.9 --recode A and compares them with the generated doses. */
function plinkCrossCheck(dir: string, g: Uint8Array, n: number): string {
  if (!existsSync(PLINK)) return 'plink1.9 not installed: .bed not cross-checked';
  const out = path.join(dir, 'check');
  const r = spawnSync(
    PLINK,
    ['--bfile', path.join(dir, 'cohort'), '--snps', 'rs1-rs5', '--recode', 'A', '--out', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) return `plink1.9 failed: ${r.stdout.split('\n').slice(-3).join(' ')}`;
  const lines = readFileSync(out + '.raw', 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  let differ = 0;
  lines.forEach((line, i) => {
    const f = line.split(' ').slice(6);
    f.forEach((v, j) => {
      const d = g[j * n + i];
      if ((d === 255 ? 'NA' : String(d)) !== v) differ++;
    });
  });
  return differ === 0 && lines.length === n
    ? `plink1.9 reads the .bed identically (SNPs 1–5, ${n} samples)`
    : `plink1.9 disagrees on ${differ} cells of SNPs 1–5`;
}

const MB = 2 ** 20;

/** Collects garbage until the heap stops shrinking: V8 frees ArrayBuffer backing stores after the GC itself. */
async function settle(gc: () => void): Promise<void> {
  let last = Infinity;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const m = process.memoryUsage();
    if (m.heapUsed + m.arrayBuffers >= last) return;
    last = m.heapUsed + m.arrayBuffers;
  }
}

/** Child: loads one format through loadCohortFiles, then encodes and trains on one thread. */
async function measure(format: GenomeFormat, dir: string): Promise<GenomeMeasure> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the measuring child with node --expose-gc');
  const names = {
    bed: ['cohort.bed', 'cohort.bim', 'cohort.fam'],
    vcf: ['cohort.vcf.gz', 'clinical.csv'],
    csv: ['cohort.csv'],
    'csv-text': ['cohort.csv'],
    'csv-strings': ['cohort-strings.csv'],
    'csv-strings-text': ['cohort-strings.csv'],
    'csv-expr': ['cohort-expr.csv'],
    'csv-expr-text': ['cohort-expr.csv'],
  }[format];
  const files: NamedBlob[] = [];
  for (const name of names) {
    const blob = await openAsBlob(path.join(dir, name));
    files.push(Object.assign(blob, { name }) as NamedBlob);
  }
  const fileMB = files.reduce((s, f) => s + f.size, 0) / MB;
  await settle(gc);
  const before = process.memoryUsage();
  let peak = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  // The -text formats: every cell a string while parsing (csv-text: compacted afterwards, as loadCohortFiles read a
  // CSV before issue 10; the others left as text, as it read genotype strings and numbers before this change).
  const asText = format.endsWith('-text');
  const load = asText
    ? { table: await parseCsvBlob(files[0], sample) }
    : await loadCohortFiles(files, { onProgress: sample });
  if (format === 'csv-text') compactDoseColumns(load.table);
  const loadSeconds = (performance.now() - t0) / 1000;
  sample();
  clearInterval(timer);
  const peakRssLoadMB = (process.resourceUsage().maxRSS * 1024) / MB;
  await settle(gc);
  const after = process.memoryUsage();
  const table = load.table;
  const codedColumns = (table.coded ?? []).filter(Boolean).length;
  const snps = table.headers.filter((h) => /^rs\d+/.test(h)).length;
  const held = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);

  const t1 = performance.now();
  const schema = inferSchema(table);
  const target = suggestTarget(schema, table.hints);
  if (!target) throw new Error('no outcome column suggested');
  const { encoding } = buildEncoding(table, schema, { target, columns: [] });
  const data = encodeTable(table, encoding);
  const encodeSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  fitForest(data.X, data.nRows, data.nFeatures, categoricalMask(data), data.y, 2, {
    ...DEFAULT_PARAMS,
    nEstimators: TREES,
    randomState: 1,
    oobScore: false,
  });
  const trainSeconds = (performance.now() - t2) / 1000;
  return {
    format,
    fileMB,
    loadSeconds,
    rssBeforeMB: before.rss / MB,
    peakRssLoadMB,
    peakHeapBuffersMB: (peak - before.heapUsed - before.arrayBuffers) / MB,
    heldBytesPerCell: held / (snps * table.rowCount),
    codedColumns,
    encodeSeconds,
    trainSeconds,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
    target,
  };
}

/** Runs one child and returns its last stdout line as JSON (or its error). */
function runMeasure(
  format: GenomeFormat,
  dir: string,
): Promise<GenomeMeasure | { format: GenomeFormat; error: string }> {
  return new Promise((resolve) => {
    const args = ['--expose-gc', '--import', 'tsx', 'bench/genomes.ts', 'measure', format, dir];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CHILD_CAP_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ format, error: `over ${CHILD_CAP_S} s` });
      else if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as GenomeMeasure);
      else
        resolve({ format, error: `failed: ${err.trim().split('\n')[0] || `exit code ${code}`}` });
    });
  });
}

/** The `--genomes` / `--genomes-big` / `--no-genomes` options run.ts passes through parseArgs. */
export const GENOME_OPTIONS = {
  genomes: { type: 'string' },
  'genomes-big': { type: 'boolean' },
  'genomes-browser': { type: 'boolean' },
  'no-genomes': { type: 'boolean' },
} as const;

/** The cohort sizes the options ask for (none with --no-genomes). */
export function genomeSizes(values: {
  genomes?: string;
  'genomes-big'?: boolean;
  'no-genomes'?: boolean;
}): [number, number][] {
  if (values['no-genomes']) return [];
  if (values.genomes)
    return values.genomes.split(',').map((s) => {
      const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(s);
      if (!m) throw new Error(`--genomes: "${s}" is not SAMPLESxSNPS (e.g. 1000x28000)`);
      return [Number(m[1]), Number(m[2])];
    });
  return values['genomes-big'] ? [GENOME_SIZES.default, GENOME_SIZES.big] : [GENOME_SIZES.default];
}

/** Generates each cohort in a temporary folder and measures every format in its own child. */
export async function runGenomeBench(
  sizes: [number, number][],
  log: (s: string) => void,
  options: { browser?: boolean } = {},
): Promise<GenomeReport[]> {
  const reports: GenomeReport[] = [];
  for (const [n, p] of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'genoforest-genomes-'));
    try {
      log(`\nGenomic cohort ${n} × ${p}: writing .bed, .vcf.gz, .csv in ${dir}`);
      // The doses are dropped before the children run (5000 × 100 000 of them take 500 MB).
      const check = ((): string => plinkCrossCheck(dir, writeGenomeFiles(dir, n, p).g, n))();
      const report: GenomeReport = { samples: n, snps: p, measures: [], plinkCheck: check };
      log(`  ${report.plinkCheck}`);
      for (const format of GENOME_FORMATS) {
        if (SMALL_ONLY.includes(format) && n * p > TEXT_MAX_CELLS) {
          const error = `not run above ${TEXT_MAX_CELLS / 1e6} M cells (about 20 bytes a cell while parsing)`;
          report.measures.push({ format, error });
          log(`  ${format}: ${error}`);
          continue;
        }
        const m = await runMeasure(format, dir);
        report.measures.push(m);
        log(
          'error' in m
            ? `  ${format}: ${m.error}`
            : `  ${format}: load ${m.loadSeconds.toFixed(2)} s, peak RSS ${m.peakRssLoadMB.toFixed(0)} MiB ` +
                `(heap+buffers +${m.peakHeapBuffersMB.toFixed(0)} MiB), held ${m.heldBytesPerCell.toFixed(2)} B/cell, ` +
                `encode ${m.encodeSeconds.toFixed(2)} s, train ${m.trainSeconds.toFixed(2)} s`,
        );
      }
      if (options.browser) {
        log(
          '  in the browser: building the app, loading cohort.bed in Chromium, training 100 trees…',
        );
        report.browser = await measureInBrowser(ROOT, path.join(dir, 'cohort'));
        log(`  in the browser: ${JSON.stringify(report.browser)}`);
      }
      reports.push(report);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return reports;
}

const LABEL: Record<GenomeFormat, string> = {
  bed: 'PLINK .bed + .bim + .fam',
  vcf: '.vcf.gz (BGZF) + clinical CSV',
  csv: 'CSV (doses 0/1/2)',
  'csv-text': 'same CSV, parsed as text, compacted after',
  'csv-strings': 'CSV of genotype strings (AA/AG/GG)',
  'csv-strings-text': 'same, every cell held as text',
  'csv-expr': 'CSV of expression values (3 decimals, NA)',
  'csv-expr-text': 'same, every cell held as text',
};

/** The "Genomic cohorts" section of RESULTS.md ('' when none was measured). */
export function renderGenomes(reports: GenomeReport[]): string {
  if (reports.length === 0) return '';
  const L: string[] = ['', '## Genomic cohorts', ''];
  L.push(
    '- bench/genomes.ts writes one seeded cohort (SNP doses, 0.2 % missing calls, a case/control outcome from five',
    '  SNPs) in three formats (and two more CSVs, below) to a temporary folder. Each format is loaded by loadCohortFiles, the loader of the',
    "  data worker, from a file-backed Blob in a fresh child process (node --expose-gc), so the memory is that format's alone.",
    '- Load = reading the files to the RawTable. Peak RSS (load) = the maximum resident set size up to the end of the',
    '  load, including Node and the engine (RSS before loading in brackets). Peak heap + buffers = the largest',
    '  V8 heap + ArrayBuffers increase over the pre-load level, sampled every 5 ms and at every progress report.',
    '  Held = heap + ArrayBuffers after the load and a GC, minus before, per genotype cell.',
    '- "same CSV, parsed as text, compacted after": parseCsvBlob holding every cell as a string, then compactDoseColumns —',
    '  how loadCohortFiles read a CSV before dose columns were coded while parsing (the peak it had), for comparison.',
    '- The same cohort as genotype strings (AA/AG/GG: held as 1-byte codes of the texts) and as expression-like values',
    '  (dose + noise, 3 decimals, NA when missing: held as float64 with the digits written), each also parsed with every',
    '  cell held as text (how both were read before): written and measured up to 150 M cells.',
    `- Then schema inference + encoding (encode), and fitting ${TREES} trees on one thread (train, binning included).`,
    '',
  );
  for (const r of reports) {
    L.push(
      `### ${r.samples.toLocaleString('en')} samples × ${r.snps.toLocaleString('en')} SNPs`,
      '',
    );
    if (r.plinkCheck) L.push(`${r.plinkCheck}.`, '');
    L.push(
      '| format | files (MB) | load (s) | peak RSS, load (MiB) | peak heap + buffers (MiB) | held (B/cell) | encode (s) | train 100 trees (s) | peak RSS, all (MiB) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const m of r.measures) {
      if ('error' in m) {
        L.push(`| ${LABEL[m.format]} | ${m.error} | | | | | | | |`);
        continue;
      }
      L.push(
        `| ${LABEL[m.format]} | ${m.fileMB.toFixed(1)} | ${m.loadSeconds.toFixed(2)} | ${m.peakRssLoadMB.toFixed(0)} (${m.rssBeforeMB.toFixed(0)}) | ` +
          `${m.peakHeapBuffersMB.toFixed(0)} | ${m.heldBytesPerCell.toFixed(2)} | ${m.encodeSeconds.toFixed(2)} | ${m.trainSeconds.toFixed(2)} | ${m.peakRssMB.toFixed(0)} |`,
      );
    }
    L.push('');
    if (r.browser) L.push(...renderBrowserGenome(r.samples, r.snps, r.browser));
  }
  return L.join('\n');
}

async function cli(): Promise<void> {
  const [mode, format, dir] = process.argv.slice(2);
  if (mode === 'measure') {
    if (!GENOME_FORMATS.includes(format as GenomeFormat))
      throw new Error(`unknown format ${format}`);
    process.stdout.write(JSON.stringify(await measure(format as GenomeFormat, dir)) + '\n');
    return;
  }
  if (mode === 'write') {
    // For A/B runs of `measure` from two trees on the same files.
    const [n, p] = (process.argv[4] ?? '1000x28000').split('x').map(Number);
    writeGenomeFiles(format, n, p);
    return;
  }
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ args: process.argv.slice(2), options: GENOME_OPTIONS });
  const reports = await runGenomeBench(
    genomeSizes(values),
    (s) => void process.stdout.write(s + '\n'),
    { browser: values['genomes-browser'] === true },
  );
  process.stdout.write('\n' + renderGenomes(reports) + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((error: unknown) => {
    process.stderr.write(
      `genomes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
