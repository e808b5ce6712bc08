/** What filling the form from a genotype file did, in sentences (plain functions, testable without React). */
import type { GenotypeFill } from '../../worker/api';
import { formatCount } from '../app/format';

function variants(n: number): string {
  return `${formatCount(n)} variant${n === 1 ? '' : 's'}`;
}

/**
 * The figures of a fill as sentences, the first saying what was filled; every variant left unknown is counted
 * under its reason, so the fields filled and those left unknown add up to the model's variants.
 */
export function genotypeFillWords(fill: GenotypeFill): string[] {
  const all = formatCount(fill.variants);
  const lines = [
    `${formatCount(fill.filled)} of ${all} genotype fields filled from sample “${fill.sample}”; the clinical fields are kept as typed.`,
  ];
  if (fill.notInFile > 0) {
    lines.push(`${formatCount(fill.notInFile)} of ${all} variants not in the file: left unknown.`);
  }
  if (fill.noCall > 0) {
    lines.push(`${variants(fill.noCall)} with no call for this sample: left unknown.`);
  }
  if (fill.palindromic > 0) {
    lines.push(
      `${variants(fill.palindromic)} refused as A/T or C/G SNPs (the strand cannot be told from the alleles): left unknown.`,
    );
  }
  if (fill.mismatched > 0) {
    lines.push(
      `${variants(fill.mismatched)} refused: the file's alleles are not the model's: left unknown.`,
    );
  }
  if (fill.swapped > 0) {
    lines.push(
      `${variants(fill.swapped)} counted the model's other allele in the file: recounted as 2 − dose.`,
    );
  }
  if (fill.flipped > 0) {
    lines.push(`${variants(fill.flipped)} read on the other strand (A↔T, C↔G).`);
  }
  return lines;
}
