import type { JoinSummary as Join, TableSummary } from '../../worker/api';
import { formatCount } from '../app/format';
import { shortName } from './shortName';

const FORMAT_WORDS: Record<NonNullable<TableSummary['format']>, string> = {
  text: 'delimited text',
  'plink-raw': 'PLINK .raw (allele counts)',
  'plink-bed': 'PLINK binary (.bed + .bim + .fam)',
  vcf: 'VCF',
};

function Unmatched({ side, where }: { side: Join['onlyInGenotypes']; where: string }) {
  if (side.count === 0) return <li>Every patient of the {where} was matched.</li>;
  return (
    <li>
      <strong>
        {formatCount(side.count)} patient{side.count === 1 ? '' : 's'} only in the {where}
      </strong>{' '}
      (left out of training), e.g. {side.examples.map((e) => `“${shortName(e, 30)}”`).join(', ')}.
    </li>
  );
}

/** Which files made the cohort and, when genotypes were joined to a clinical table, how they were matched. */
export function JoinSummary({ table }: { table: TableSummary }) {
  const join = table.join;
  const files = table.files ?? [table.fileName];
  return (
    <div className="join-summary" role="group" aria-label="Files and sample join">
      <h3 className="sub-title">Files</h3>
      <p>
        {files.map((f) => shortName(f)).join(' + ')}
        {table.format && table.format !== 'text' && (
          <> — genotypes read as {FORMAT_WORDS[table.format]}</>
        )}
        {(table.genotypeColumns ?? 0) > 0 && (
          <>, {formatCount(table.genotypeColumns ?? 0)} genotype columns</>
        )}
        .
      </p>
      {join && (
        <>
          <p>
            Joined by sample ID: <strong>{shortName(join.key.genotypeColumn)}</strong> in the
            genotypes = <strong>{shortName(join.key.clinicalColumn)}</strong> in the clinical table;{' '}
            <strong>{formatCount(join.samplesJoined)} patients joined</strong>.
          </p>
          <ul aria-label="Unmatched patients">
            <Unmatched side={join.onlyInGenotypes} where="genotype file" />
            <Unmatched side={join.onlyInClinical} where="clinical table" />
            {join.duplicateClinical.count > 0 && (
              <li>
                {formatCount(join.duplicateClinical.count)} sample ID
                {join.duplicateClinical.count === 1 ? '' : 's'} appear more than once in the
                clinical table (the first row is used), e.g.{' '}
                {join.duplicateClinical.examples.map((e) => `“${shortName(e, 30)}”`).join(', ')}.
              </li>
            )}
          </ul>
        </>
      )}
    </div>
  );
}
