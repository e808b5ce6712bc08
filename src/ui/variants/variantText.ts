/** Words for the variant importance report (shared by the plot and the table). */
import type { VariantEffect, VariantImportanceRow } from '../../worker/api';

/** A p- or q-value in a few characters; 0 is "below one over the null's size" (nothing in the null was as large). */
export function pText(p: number, nullSize: number): string {
  if (p === 0) return `< ${(1 / nullSize).toPrecision(2)}`;
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** Chromosome:position, or a dash when the file does not say. */
export function locusText(v: VariantImportanceRow): string {
  return v.chromosome !== null && v.position !== null ? `${v.chromosome}:${v.position}` : '–';
}

/** Counted/other allele, or a dash for a column that is not a genotype. */
export function allelesText(v: VariantImportanceRow): string {
  return v.counted !== null ? `${v.counted}/${v.other ?? '?'}` : '–';
}

/** One variant in a sentence: name, locus, alleles, MAF, p and q. */
export function variantWords(v: VariantImportanceRow, nullSize: number): string {
  const parts = [v.name];
  if (v.chromosome !== null && v.position !== null)
    parts.push(`chromosome ${v.chromosome} position ${v.position}`);
  if (v.counted !== null) parts.push(`alleles ${allelesText(v)} (counted ${v.counted})`);
  if (v.maf !== null) parts.push(`MAF ${v.maf.toFixed(3)}`);
  parts.push(`p ${pText(v.pValue, nullSize)}`, `q ${pText(v.qValue, nullSize)}`);
  return parts.join(', ');
}

/** Risk at 0/1/2 copies and which way it goes, e.g. "0.21 → 0.25 → 0.31 (raises)". */
export function riskText(e: VariantEffect): string {
  if (!e.risk) return 'not a genotype';
  return `${e.risk.map((r) => r.toFixed(2)).join(' → ')} (${e.direction})`;
}

/** Mean AUC drop ± its standard error. */
export function dropText(e: VariantEffect): string {
  return `${e.aucDrop.toFixed(3)} ± ${e.aucDropSe.toFixed(3)}`;
}

/** A measured variant's permutation importance and direction in a sentence. */
export function effectWords(e: VariantEffect, riskOf: string, counted: string | null): string {
  const parts = [`out-of-bag AUC drop when shuffled ${dropText(e)}`];
  if (e.risk) {
    const copies = counted ? ` copies of ${counted}` : ' copies';
    parts.push(
      `risk of ${riskOf} ${e.risk.map((r) => r.toFixed(2)).join(', ')} at 0, 1, 2${copies}: ${e.direction === 'raises' ? 'rises with each copy' : e.direction === 'lowers' ? 'falls with each copy' : e.direction === 'mixed' ? 'not monotone' : 'flat'}`,
    );
  }
  return parts.join('; ');
}
