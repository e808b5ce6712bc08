/**
 * Every change made to the data, in one list for the load summary and the model card: what the file
 * readers recorded (table.conversions) plus what schema inference and the outcome reading decided
 * (numbers with commas, genotype strings coded as doses, outcome cells treated as missing).
 */
import type { Conversion, OutcomeSummary, RawTable, TableSchema } from './types';
import { shortName } from './values';

const NAMED = 5;

function names(columns: { name: string }[]): string {
  const shown = columns.slice(0, NAMED).map((c) => `“${shortName(c.name)}”`);
  return `${shown.join(', ')}${columns.length > NAMED ? ` and ${columns.length - NAMED} more` : ''}`;
}

/** Conversions decided by schema inference: number formats and genotype-string coding, grouped. */
export function schemaConversions(schema: TableSchema): Conversion[] {
  const out: Conversion[] = [];
  const decimal = schema.columns.filter((c) => c.comma === 'decimal');
  if (decimal.length > 0)
    out.push({
      kind: 'number-format',
      count: decimal.length,
      message: `Decimal comma read in ${names(decimal)}: “23,5” is 23.5.`,
    });
  const thousands = schema.columns.filter((c) => c.comma === 'thousands');
  if (thousands.length > 0)
    out.push({
      kind: 'number-format',
      count: thousands.length,
      message: `Thousands separator read in ${names(thousands)}: “12,500” is 12500${thousands.some((c) => c.commaAmbiguous) ? ' (ambiguous: check these columns)' : ''}.`,
    });
  const strings = schema.columns.filter(
    (c) => c.kind === 'genotype' && c.genotype?.source === 'strings',
  );
  if (strings.length > 0) {
    const first = strings[0].genotype;
    out.push({
      kind: 'genotype-coding',
      count: strings.length,
      message: `${strings.length} column${strings.length === 1 ? '' : 's'} of genotype strings (${names(strings)}) coded as the dose 0/1/2 of the minor allele${first ? ` (e.g. “${shortName(strings[0].name)}” counts ${first.counted})` : ''}; no-calls such as 00, --, NN are missing. Switch a column to categorical to use its genotypes as categories.`,
    });
  }
  return out;
}

/** The outcome cells treated as missing, as a conversion (none when every row has an outcome). */
export function outcomeConversions(summary: OutcomeSummary): Conversion[] {
  const missing = summary.treatedAsMissing ?? [];
  const total = missing.reduce((n, m) => n + m.count, 0);
  if (total === 0) return [];
  const list = missing
    .slice(0, NAMED)
    .map((m) => `${m.value === '' ? 'empty' : `“${shortName(m.value, 20)}”`} × ${m.count}`)
    .join(', ');
  return [
    {
      kind: 'outcome-missing',
      column: shortName(summary.target),
      count: total,
      message: `${total} row${total === 1 ? '' : 's'} without an outcome left out (${list}).`,
    },
  ];
}

/** All conversions for the load summary and the model card, file readers' first. */
export function listConversions(
  table: RawTable,
  schema: TableSchema,
  summary?: OutcomeSummary,
): Conversion[] {
  return [
    ...(table.conversions ?? []),
    ...schemaConversions(schema),
    ...(summary ? outcomeConversions(summary) : []),
  ];
}
