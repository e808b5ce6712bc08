/** PLINK's filter flags (--maf, --geno, --mind, --hwe) read from a command line, checked before any file is read. */
import { QC_FILTER_ORDER, qcFilterError, type QcFilters } from '../engine/genetics/qc.ts';
import type { QcFilterReport } from '../app/qcFilter.ts';
import type { ParsedArgs } from './args.ts';
import { UsageError } from './errors.ts';

const NUMBER = /^[+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The filters given on the command line (none given: an empty object, nothing filtered). */
export function qcFiltersFromArgs(args: ParsedArgs): QcFilters {
  const filters: QcFilters = {};
  for (const name of QC_FILTER_ORDER) {
    const raw = args.string(name);
    if (raw === undefined) continue;
    if (!NUMBER.test(raw.trim())) throw new UsageError(`--${name} must be a number, got "${raw}"`);
    const value = Number(raw);
    const error = qcFilterError(name, value);
    if (error) throw new UsageError(error);
    filters[name] = value;
  }
  return filters;
}

/** Whether any filter was given. */
export function hasQcFilters(filters: QcFilters): boolean {
  return QC_FILTER_ORDER.some((name) => filters[name] !== undefined);
}

/** One line on what the filters removed, for the text output (stderr beside the figures). */
export function qcFilterNote(report: QcFilterReport): string {
  const steps = report.steps.map((s) => `--${s.filter} ${s.threshold}: ${s.removed} ${s.unit}`);
  return `genoforest: QC (PLINK's order) removed ${steps.join(', ')}; ${report.variantsKept} of ${report.variantsTotal} variants and ${report.samplesKept} of ${report.samplesTotal} samples kept\n`;
}
