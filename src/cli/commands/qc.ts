/**
 * `genoforest qc`: per-variant MAF, call rate and Hardy–Weinberg p, per-sample call rate, and what PLINK's filters
 * (--mind, --geno, --hwe, --maf, in PLINK 1.9's order) remove — the figures of plink1.9 --freq --missing --hardy.
 */
import { shortName } from '../../engine/data/values.ts';
import { variantQc, type QcFilters, type QcResult } from '../../engine/genetics/qc.ts';
import { parseCommandArgs } from '../args.ts';
import { readCohort } from '../cohortFiles.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { qcFiltersFromArgs } from '../qcFilters.ts';
import { qcSpec } from '../specs.ts';

/** Run `genoforest qc`. */
export async function runQc(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(qcSpec, argv);
  const [file] = args.positionals;
  const filters = qcFiltersFromArgs(args);
  const load = await readCohort(file);
  let qc: QcResult;
  try {
    qc = variantQc(load.table, filters);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  io.stdout(args.flag('json') ? qcJson(file, filters, qc) : qcText(file, qc));
}

/**
 * The --json report: the summary indented, then one line per variant and per sample, so 300,000 variants stay a
 * file a person can page through (NaN — no call at all — is written null).
 */
function qcJson(file: string, filters: QcFilters, qc: QcResult): string {
  const head = JSON.stringify(
    {
      file,
      filters,
      steps: qc.steps,
      variantsTotal: qc.variants.length,
      variantsKept: qc.variantsKept,
      samplesTotal: qc.samples.length,
      samplesKept: qc.samplesKept,
      notes: qc.notes,
    },
    null,
    2,
  );
  const variants = qc.variants.map((v) =>
    JSON.stringify({
      name: v.name,
      chromosome: v.chromosome,
      position: v.position,
      maf: v.maf,
      callRate: v.callRate,
      hweP: v.hweP,
      removedBy: v.removedBy,
    }),
  );
  const samples = qc.samples.map((s) =>
    JSON.stringify({ id: s.id, callRate: s.callRate, removedBy: s.removedBy }),
  );
  const list = (key: string, rows: string[]) =>
    `  "${key}": [${rows.length === 0 ? '' : `\n    ${rows.join(',\n    ')}\n  `}]`;
  return `${head.slice(0, -2)},\n${list('variants', variants)},\n${list('samples', samples)}\n}\n`;
}

const share = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
const pValue = (p: number) => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

/** The middle value of a list of numbers (NaN left out). */
function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** The item with the smallest value of f (NaN left out), or null. */
function lowest<T>(items: T[], f: (t: T) => number): T | null {
  let best: T | null = null;
  for (const t of items) if (!Number.isNaN(f(t)) && (best === null || f(t) < f(best))) best = t;
  return best;
}

/** The text report: what each filter removed, then the figures' medians and extremes. */
function qcText(file: string, qc: QcResult): string {
  const { variants, samples } = qc;
  const lines = [`QC of ${file}: ${variants.length} variants, ${samples.length} samples.`];
  for (const step of qc.steps) {
    const of = step.unit === 'samples' ? samples.length : variants.length;
    lines.push(
      `  --${step.filter} ${step.threshold}: ${step.removed} of ${of} ${step.unit} removed`,
    );
  }
  if (qc.steps.length > 0)
    lines.push(`  Kept: ${qc.variantsKept} variants, ${qc.samplesKept} samples.`);
  const monomorphic = variants.filter((v) => v.maf === 0).length;
  const noCall = variants.filter((v) => Number.isNaN(v.maf)).length;
  lines.push(
    `Minor-allele frequency: median ${share(median(variants.map((v) => v.maf)))}; ${variants.filter((v) => v.maf < 0.01).length} below 0.01 (${monomorphic} monomorphic)${noCall > 0 ? `; ${noCall} with no call` : ''}.`,
  );
  const worstVariant = lowest(variants, (v) => v.callRate);
  if (worstVariant) {
    lines.push(
      `Variant call rate: median ${share(median(variants.map((v) => v.callRate)))}, lowest ${share(worstVariant.callRate)} (${shortName(worstVariant.name)}).`,
    );
  }
  const leastHwe = lowest(variants, (v) => v.hweP);
  if (leastHwe) {
    lines.push(
      `Hardy-Weinberg: ${variants.filter((v) => v.hweP < 1e-6).length} variants with p < 1e-6; smallest p ${pValue(leastHwe.hweP)} (${shortName(leastHwe.name)}).`,
    );
  }
  const worstSample = lowest(samples, (s) => s.callRate);
  if (worstSample) {
    lines.push(
      `Sample call rate: median ${share(median(samples.map((s) => s.callRate)))}, lowest ${share(worstSample.callRate)} (${shortName(worstSample.id)}).`,
    );
  }
  lines.push(...qc.notes.map((n) => `Note: ${n}`));
  lines.push('--json gives every variant and sample.');
  return lines.join('\n') + '\n';
}
