import type { JoinKeyChoice, JoinSummary as Join, TableSummary } from '../../worker/api';
import { formatCount } from '../app/format';
import { JoinKeyPicker } from './JoinKeyPicker';
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

function Duplicates({ side, where }: { side: Join['duplicateClinical']; where: string }) {
  if (side.count === 0) return null;
  return (
    <li>
      <strong>
        {formatCount(side.count)} ID{side.count === 1 ? '' : 's'} repeated in the {where}
      </strong>{' '}
      ({formatCount(side.rows)} {where === 'genotype file' ? 'samples' : 'rows'}; left out, as which
      one is right cannot be told), e.g.{' '}
      {side.examples.map((e) => `“${shortName(e, 30)}”`).join(', ')}.
    </li>
  );
}

/** "IID" or "FID + IID": one side of the key as the summary names it. */
function keyName(key: Join['key'], side: 'genotypeColumn' | 'clinicalColumn') {
  return key.family
    ? `${shortName(key.family[side])} + ${shortName(key[side])}`
    : shortName(key[side]);
}

/**
 * Which files made the cohort and, when genotypes were joined to a clinical table, how they were matched. With
 * `onJoinKey`, the files can be joined again on another key.
 */
export function JoinSummary({
  table,
  onJoinKey,
  busy = false,
}: {
  table: TableSummary;
  onJoinKey?: ((key: JoinKeyChoice) => void) | null;
  busy?: boolean;
}) {
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
            Joined by {join.key.family ? 'family and sample ID' : 'sample ID'}:{' '}
            <strong>{keyName(join.key, 'genotypeColumn')}</strong> in the genotypes ={' '}
            <strong>{keyName(join.key, 'clinicalColumn')}</strong> in the clinical table
            {join.key.chosen ? ' (the key you chose)' : ''};{' '}
            <strong>{formatCount(join.samplesJoined)} patients joined</strong>.
          </p>
          <ul aria-label="Unmatched patients">
            <Unmatched side={join.onlyInGenotypes} where="genotype file" />
            <Unmatched side={join.onlyInClinical} where="clinical table" />
            <Duplicates side={join.duplicateGenotypes} where="genotype file" />
            <Duplicates side={join.duplicateClinical} where="clinical table" />
          </ul>
          {onJoinKey && (
            <details className="join-key-change">
              <summary>Join on another key</summary>
              <JoinKeyPicker
                columns={join.columns}
                current={join.key}
                onJoin={onJoinKey}
                busy={busy}
              />
            </details>
          )}
        </>
      )}
    </div>
  );
}
