/**
 * The load summary of a cohort read by loadCohortFiles: the table description the Load step shows, plus the
 * format, files, sample-ID join, every conversion and the genotype columns. Kept apart from dataWorker.ts so
 * the worker only decides when to load.
 */
import type { CohortLoad } from '../engine/data/genomic/loadFiles';
import { listConversions } from '../engine/data/conversions';
import { previewRows } from '../engine/data/parse';
import { outcomeGuessNote, schemaIssues, suggestTarget } from '../engine/data/schema';
import type { RawTable, TableHints, TableSchema } from '../engine/data/types';
import type { TableSummary } from './types';

/** Rows of a loaded table shown as a preview. */
export const PREVIEW_ROWS = 20;

/** Columns that make sense as a Group column: the format's group hints, then repeated identifier-like text. */
export function groupCandidates(table: RawTable, schema: TableSchema): string[] {
  const out = new Set<string>(table.hints?.groups ?? []);
  for (const c of schema.columns) {
    // A family, site or patient label: text with repeats, fewer groups than rows but more than one.
    if (c.kind === 'categorical' && c.distinct >= 2 && c.distinct < schema.rowCount)
      out.add(c.name);
  }
  return [...out].slice(0, MAX_GROUP_CANDIDATES);
}

/** A wide table can hold thousands of text columns; the Group column list offers the first ones. */
const MAX_GROUP_CANDIDATES = 50;

/** The TableSummary of a loaded cohort. */
export function cohortSummary(
  load: CohortLoad,
  schema: TableSchema,
  fileName: string,
  bytes: number,
): TableSummary {
  const { table } = load;
  return {
    fileName,
    bytes,
    rowCount: table.rowCount,
    columnCount: table.headers.length,
    headers: table.headers,
    preview: previewRows(table, PREVIEW_ROWS),
    schema,
    issues: [...table.issues, ...schemaIssues(schema)],
    delimiter: table.delimiter,
    suggestedTarget: suggestTarget(schema, table.hints),
    outcomeNote: outcomeGuessNote(schema, table.hints),
    format: load.format,
    files: load.files,
    ...(load.join ? { join: load.join } : {}),
    conversions: listConversions(table, schema),
    ...(table.hints ? { hints: withoutLoci(table.hints) } : {}),
    groupCandidates: groupCandidates(table, schema),
    genotypeColumns: schema.columns.filter((c) => c.kind === 'genotype').length,
    ...(load.memoryNote ? { memoryNote: load.memoryNote } : {}),
  };
}

/** The hints the screen needs: the variants' loci stay in the worker (an array per variant, not shown here). */
function withoutLoci(hints: TableHints): TableHints {
  const rest = { ...hints };
  delete rest.loci;
  return rest;
}
