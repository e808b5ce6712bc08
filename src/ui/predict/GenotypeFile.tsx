import { useId, useState } from 'react';
import type { GenotypeFileSample, GenotypeFill, PatientGenotypes } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { useDispatch } from '../app/storeContext';
import { SearchableSelect } from '../app/SearchableSelect';
import { ErrorAlert } from '../app/Alert';
import { valuesFromInput, type Feature } from './formValues';
import { genotypeFillWords } from './genotypeFillWords';

interface Props {
  /** The form's fields; only the genotype ones are filled from the file. */
  features: Feature[];
  busy: boolean;
}

type State =
  | { status: 'idle' }
  | { status: 'reading'; files: File[] }
  | { status: 'choose'; files: File[]; samples: GenotypeFileSample[] }
  | { status: 'filled'; files: File[]; fill: GenotypeFill }
  | { status: 'failed'; error: string };

/**
 * "Fill genotypes from a file": the patient's own VCF, .bed+.bim+.fam or .raw, read in the data worker; a file
 * with several samples asks which one. Only the genotype fields change; what was left unknown is counted.
 */
export function GenotypeFile({ features, busy }: Props) {
  const engine = useEngine();
  const dispatch = useDispatch();
  const inputId = useId();
  const helpId = useId();
  const [state, setState] = useState<State>({ status: 'idle' });
  const genotypes = features.filter((f) => f.kind === 'numeric' && f.genotype);

  async function read(files: File[], sample?: number) {
    setState({ status: 'reading', files });
    let answer: PatientGenotypes;
    try {
      answer = await engine.patientGenotypes(files, sample);
    } catch (error) {
      setState({ status: 'failed', error: errorMessage(error) });
      return;
    }
    if (answer.kind === 'choose') {
      setState({ status: 'choose', files, samples: answer.samples });
      return;
    }
    const { fill } = answer;
    dispatch({
      type: 'form/fill',
      values: valuesFromInput(genotypes, fill.values),
      said: `${fill.filled} of ${fill.variants} genotype fields filled from sample ${fill.sample}.`,
    });
    setState({ status: 'filled', files, fill });
  }

  const reading = state.status === 'reading';
  return (
    <section className="genotype-file" aria-labelledby={`${inputId}-title`}>
      <h3 className="sub-title" id={`${inputId}-title`}>
        Fill genotypes from a file
      </h3>
      <div className="field">
        <label htmlFor={inputId}>Patient’s genotype file</label>
        <input
          id={inputId}
          type="file"
          multiple
          accept=".vcf,.gz,.bgz,.bed,.bim,.fam,.raw"
          aria-describedby={helpId}
          disabled={busy || reading}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void read(files);
          }}
        />
        <p className="help" id={helpId}>
          This patient’s own genotypes: a VCF (.vcf or .vcf.gz), a .bed with its .bim and .fam, or a
          .raw; from a file of several samples you choose one. It is read on this device. Each of
          the model’s {genotypes.length.toLocaleString('en-US')} variants is matched by its ID and
          counted as the model counts it; the clinical fields are left as typed.
        </p>
      </div>
      {reading && (
        <p className="muted" role="status">
          Reading the genotypes…
        </p>
      )}
      {state.status === 'choose' && (
        <SearchableSelect
          label="Sample in the file"
          value=""
          placeholder={`Choose one of ${state.samples.length.toLocaleString('en-US')} samples…`}
          options={state.samples.map((s) => ({ value: String(s.index), label: s.id }))}
          onChange={(v) => v !== '' && void read(state.files, Number(v))}
          searchOver={20}
          help={`${state.samples.length.toLocaleString('en-US')} samples in ${state.files.map((f) => f.name).join(', ')}: choose the patient.`}
        />
      )}
      {state.status === 'filled' && (
        <div role="status" aria-label="Genotypes from the file" className="genotype-fill">
          <ul>
            {genotypeFillWords(state.fill).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {state.fill.refusedExamples.length > 0 && (
            <details>
              <summary>Variants refused</summary>
              <ul>
                {state.fill.refusedExamples.map((line) => (
                  <li key={line} className="break">
                    {line}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {state.status === 'failed' && (
        <ErrorAlert
          title="The genotypes could not be read from this file"
          onDismiss={() => setState({ status: 'idle' })}
        >
          {state.error}
        </ErrorAlert>
      )}
    </section>
  );
}
