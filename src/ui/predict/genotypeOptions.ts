/** The genotype choices of the new-patient form (plain functions, testable without React). */
import type { Encoding } from '../../worker/api';

type NumericFeature = Extract<Encoding['features'][number], { kind: 'numeric' }>;
/** How a genotype feature is coded: the allele counted and the other one. */
export type Coding = NonNullable<NumericFeature['genotype']>;

/** A genotype written as a clinician reads it: "AG" for single-letter alleles, "A/GT" otherwise. */
function genotypeLabel(a: string, b: string): string {
  return a.length === 1 && b.length === 1 ? `${a}${b}` : `${a}/${b}`;
}

/**
 * The genotypes a form offers for a genotype feature, with the dose each is encoded as (copies of the counted
 * allele): e.g. GG = 0, AG = 1, AA = 2. Without the other allele, the doses themselves.
 */
export function genotypeOptions(g: Coding): { label: string; dose: number }[] {
  const { counted, other } = g;
  if (!counted || !other) {
    return [0, 1, 2].map((dose) => ({
      label: `${dose} cop${dose === 1 ? 'y' : 'ies'} of ${counted || 'the allele'}`,
      dose,
    }));
  }
  const [x, y] = counted < other ? [counted, other] : [other, counted];
  return [
    { label: genotypeLabel(other, other), dose: 0 },
    { label: genotypeLabel(x, y), dose: 1 },
    { label: genotypeLabel(counted, counted), dose: 2 },
  ];
}
