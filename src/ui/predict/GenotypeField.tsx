import type { Encoding } from '../../worker/api';
import { FieldShell } from '../app/Field';
import { genotypeOptions, type Coding } from './genotypeOptions';

type NumericFeature = Extract<Encoding['features'][number], { kind: 'numeric' }>;
interface Props {
  feature: NumericFeature & { genotype: Coding };
  /** The dose as text ("0", "1", "2") or "" for unknown. */
  value: string;
  onChange: (value: string) => void;
}

/** A genotype field of the new-patient form: AA/AG/GG-style choices; the value kept is the dose. */
export function GenotypeField({ feature: f, value, onChange }: Props) {
  const options = genotypeOptions(f.genotype);
  const dose = value.trim() === '' ? '' : String(Math.round(Number(value)));
  const known = dose === '' || options.some((o) => String(o.dose) === dose);
  return (
    <FieldShell
      label={f.name}
      help={`genotype; counts ${f.genotype.counted}${f.genotype.other ? ` (other allele ${f.genotype.other})` : ''}`}
      warning={known ? undefined : `“${value}” is not a genotype dose 0, 1 or 2.`}
    >
      {({ inputId, describedBy }) => (
        <select
          id={inputId}
          data-feature={f.name}
          value={known ? dose : value}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">unknown</option>
          {!known && <option value={value}>{value}</option>}
          {options.map((o) => (
            <option key={o.dose} value={String(o.dose)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
