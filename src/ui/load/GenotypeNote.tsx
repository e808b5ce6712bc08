import type { TableSchema } from '../../worker/api';
import { formatCount } from '../app/format';

type Genotype = NonNullable<TableSchema['columns'][number]['genotype']>;

const SOURCE_WORDS: Record<Genotype['source'], string> = {
  plink: 'PLINK’s A1 allele',
  vcf: 'the VCF alternate allele',
  strings: 'the minor allele',
};

/** Which allele a genotype column counts, and how often each dose occurs. */
export function GenotypeNote({ genotype: g }: { genotype: Genotype }) {
  const [d0, d1, d2] = g.doseCounts;
  return (
    <span className="cell-note">
      counts {g.counted}
      {g.other ? ` (other allele ${g.other})` : ''}, {SOURCE_WORDS[g.source]}: dose 0/1/2 ={' '}
      {formatCount(d0)}/{formatCount(d1)}/{formatCount(d2)}. Choose “categorical” to use the
      genotypes as categories.
    </span>
  );
}
