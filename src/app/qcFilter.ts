/**
 * Use case: PLINK's filters (--mind, --geno, --hwe, --maf) applied to a loaded cohort before training, with what
 * each removed — the same step for the CLI's train/evaluate and, later, the app's training workers.
 */
import type { RawTable } from '../engine/data/types';
import { variantQc, type QcFilters, type QcStep } from '../engine/genetics/qc';
import { withoutRemoved } from '../engine/genetics/qcTable';

/** What the filters did to a cohort, as reports show it. */
export interface QcFilterReport {
  filters: QcFilters;
  steps: QcStep[];
  variantsTotal: number;
  variantsKept: number;
  samplesTotal: number;
  samplesKept: number;
  notes: string[];
}

/** The cohort without the samples and variants the filters remove, and the report of what they removed. */
export function filterCohort(
  table: RawTable,
  filters: QcFilters,
): { table: RawTable; report: QcFilterReport } {
  const qc = variantQc(table, filters);
  return {
    table: withoutRemoved(table, qc),
    report: {
      filters,
      steps: qc.steps,
      variantsTotal: qc.variants.length,
      variantsKept: qc.variantsKept,
      samplesTotal: qc.samples.length,
      samplesKept: qc.samplesKept,
      notes: qc.notes,
    },
  };
}
