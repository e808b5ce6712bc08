import { useId, useState, type FormEvent } from 'react';
import type { JoinKeyChoice, JoinRefusal } from '../../worker/api';
import { SelectField } from '../app/Field';
import { SearchableSelect } from '../app/SearchableSelect';
import { shortName } from './shortName';

/** Clinical column names that say "family" or "sample ID": the first guesses of the two selects. */
const FAMILY_NAME = /^(fid|fam|famid|fam_?id|family|family_?id|pedigree|ped|ped_?id)$/i;
const ID_NAME =
  /^(iid|id|sample|sample_?id|sample_?name|subject|subject_?id|participant|participant_?id)$/i;

interface JoinKeyPickerProps {
  columns: JoinRefusal['columns'];
  /** The key tried or used, to start from. */
  current: JoinRefusal['key'];
  onJoin: (key: JoinKeyChoice) => void;
  busy: boolean;
}

/**
 * The user's choice of the clinical key columns: the sample ID and, when the genotype samples carry a family ID,
 * the family column (or none). The files are read again and joined on that key.
 */
export function JoinKeyPicker({ columns, current, onJoin, busy }: JoinKeyPickerProps) {
  const headingId = useId();
  const clinical = columns.clinical;
  const [sample, setSample] = useState(
    () => current?.clinicalColumn ?? clinical.find((c) => ID_NAME.test(c.trim())) ?? clinical[0],
  );
  const [family, setFamily] = useState(() =>
    columns.genotypeFamily
      ? (current?.family?.clinicalColumn ?? clinical.find((c) => FAMILY_NAME.test(c.trim())) ?? '')
      : '',
  );
  const genotypeId = columns.genotypeIds.length === 1 ? shortName(columns.genotypeIds[0]) : null;
  const same = family !== '' && family === sample;
  const options = clinical.map((c) => ({ value: c, label: shortName(c) }));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (same) return;
    onJoin({ clinicalColumns: family ? [family, sample] : [sample] });
  }

  return (
    <form className="join-key-picker" aria-labelledby={headingId} onSubmit={submit}>
      <h4 id={headingId}>Choose the join key</h4>
      <p className="help">
        Each genotyped sample must match exactly one clinical row. With a key you choose, IDs that
        repeat are left out and counted, never matched to a guessed row.
      </p>
      <SearchableSelect
        label={`Clinical column with the sample ID${genotypeId ? ` (matched to ${genotypeId})` : ''}`}
        value={sample}
        onChange={setSample}
        options={options}
        disabled={busy}
      />
      {columns.genotypeFamily && (
        <SelectField
          label={`Clinical column with the family ID (matched to ${shortName(columns.genotypeFamily)})`}
          value={family}
          onChange={setFamily}
          options={[{ value: '', label: 'None: join on the sample ID alone' }, ...options]}
          error={same ? 'The family and sample ID must be two different columns.' : undefined}
          help="PLINK sample IDs need only be unique within a family: pick the family column when the clinical table has one."
          disabled={busy}
        />
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || same}>
        Join on this key
      </button>
    </form>
  );
}
