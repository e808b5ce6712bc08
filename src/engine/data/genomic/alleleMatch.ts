/**
 * Matching a file's genotype coding to a model's: which allele each counts, so that a dose read from one file
 * means copies of the allele the model counted. A dose is only carried over when the alleles say unambiguously
 * how: the same alleles, the two swapped (dose 2 − d), or either of those on the other strand (A↔T, C↔G). A/T and
 * C/G SNPs cannot tell the strand from their alleles, so they are refused, never guessed.
 */
import type { GenotypeCoding } from '../types';

/** How a file's coding relates to the model's, or why its doses cannot be used. */
export type AlleleMatch =
  | { kind: 'same' | 'swapped' | 'flipped' | 'flipped-swapped' }
  | { kind: 'palindromic' | 'mismatch'; reason: string };

const COMPLEMENT: Record<string, string> = { A: 'T', T: 'A', C: 'G', G: 'C' };

/** The allele on the other strand ('' when it is not a single base A, C, G or T). */
function complement(allele: string): string {
  return COMPLEMENT[allele] ?? '';
}

/** Whether two alleles are an A/T or C/G pair, whose strand cannot be told from the alleles. */
export function isPalindromic(a: string, b: string): boolean {
  return a !== '' && complement(a) === b;
}

function describe(c: Pick<GenotypeCoding, 'counted' | 'other'>): string {
  return c.other ? `${c.counted} (other ${c.other})` : c.counted;
}

/** Whether `counted`/`other` of a file are the model's `counted`/`other` ('' on either side matches anything). */
function agrees(
  counted: string,
  other: string,
  model: { counted: string; other: string },
): boolean {
  return counted === model.counted && (other === '' || model.other === '' || other === model.other);
}

type Alleles = Pick<GenotypeCoding, 'counted' | 'other'>;

// One object per usable answer: a genotyping array asks for hundreds of thousands.
const SAME: AlleleMatch = Object.freeze({ kind: 'same' });
const SWAPPED: AlleleMatch = Object.freeze({ kind: 'swapped' });
const FLIPPED: AlleleMatch = Object.freeze({ kind: 'flipped' });
const FLIPPED_SWAPPED: AlleleMatch = Object.freeze({ kind: 'flipped-swapped' });

function mismatch(model: Alleles, file: Alleles): AlleleMatch {
  return {
    kind: 'mismatch',
    reason: `the file counts ${describe(file)}, the model ${describe(model)}: the alleles do not match`,
  };
}

function palindromic(pair: Alleles): AlleleMatch {
  return {
    kind: 'palindromic',
    reason: `${pair.counted}/${pair.other} is an A/T or C/G SNP: which strand the file is on cannot be told from its alleles`,
  };
}

/**
 * How the file's coding of a variant relates to the model's: 'same' (doses carried over), 'swapped' (the file
 * counts the model's other allele: 2 − dose), 'flipped' / 'flipped-swapped' (the same on the other strand); an A/T
 * or C/G SNP is 'palindromic' and any other difference a 'mismatch', each with the reason in words.
 */
export function matchAlleles(
  model: Pick<GenotypeCoding, 'counted' | 'other'>,
  file: Pick<GenotypeCoding, 'counted' | 'other'>,
): AlleleMatch {
  const m = { counted: model.counted.toUpperCase(), other: model.other.toUpperCase() };
  const f = { counted: file.counted.toUpperCase(), other: file.other.toUpperCase() };
  if (f.counted === '' || m.counted === '') return mismatch(model, file);
  // A/T or C/G on either side: its complement is itself, so a strand flip and a swap look the same.
  if (isPalindromic(m.counted, m.other)) {
    const set = [m.counted, m.other];
    return set.includes(f.counted) && (f.other === '' || set.includes(f.other))
      ? palindromic(m)
      : mismatch(model, file);
  }
  if (isPalindromic(f.counted, f.other)) {
    return [f.counted, f.other].includes(m.counted) ? palindromic(f) : mismatch(model, file);
  }
  if (agrees(f.counted, f.other, m)) return SAME;
  // Swapped: the file counts the model's other allele (each side's counted allele named on the other side).
  if (
    (m.other !== '' && f.counted === m.other && (f.other === '' || f.other === m.counted)) ||
    (m.other === '' && f.other === m.counted)
  ) {
    return SWAPPED;
  }
  // The other strand only when both sides name both alleles: with one unknown, a complement could be a swap.
  if (m.other === '' || f.other === '') return mismatch(model, file);
  const fc = complement(f.counted);
  const fo = complement(f.other);
  if (fc === m.counted && fo === m.other) return FLIPPED;
  if (fc === m.other && fo === m.counted) return FLIPPED_SWAPPED;
  return mismatch(model, file);
}

/** A file's dose in copies of the model's counted allele, for a usable match (NaN stays NaN). */
export function matchedDose(match: AlleleMatch, dose: number): number {
  if (match.kind === 'swapped' || match.kind === 'flipped-swapped') return 2 - dose;
  if (match.kind === 'same' || match.kind === 'flipped') return dose;
  return NaN;
}
