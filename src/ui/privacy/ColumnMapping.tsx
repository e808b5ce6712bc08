import { useRef, useState } from 'react';
import type { ColumnMapping as Mapping, ModelInfo } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import { HiddenFileInput } from '../app/HiddenFileInput';
import { DataTable } from '../app/DataTable';
import './onnx.css';

/** Where an imported model's column names came from, in plain words. */
function mappingWords(m: Mapping): string {
  switch (m.source) {
    case 'preprocessing-spec':
      return 'from the GenoForest preprocessing spec in the file';
    case 'file-feature-names':
      return 'from the feature names stored in the file';
    case 'csv-header':
      return `from the header of ${m.detail}`;
    case 'column-list':
      return `from the column list ${m.detail}`;
    default:
      return 'not mapped yet: the file names no columns, so they are shown as f0, f1, …';
  }
}

type Outcome = { kind: 'done'; text: string } | { kind: 'error'; title: string; text: string };

/**
 * An imported (ONNX) model's columns and reference cohort: the model knows feature indexes only, so this shows
 * which column each index reads, lets the user map them from a column list or a CSV header in the model's
 * order, and asks for a reference cohort CSV (familiarity, typical values, explanations) instead of guessing.
 */
export function ColumnMapping() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const model = useAppState((s) => s.train.model);
  const listInput = useRef<HTMLInputElement>(null);
  const csvInput = useRef<HTMLInputElement>(null);
  const cohortInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const p = model?.provenance;
  if (!model || !p || p.origin !== 'imported' || !p.columns) return null;
  const columns = p.columns;

  async function run(
    title: string,
    call: () => Promise<ModelInfo>,
    done: (i: ModelInfo) => string,
  ) {
    setBusy(true);
    try {
      const info = await call();
      const source = store.getState().train.modelSource;
      dispatch({
        type: 'model/opened',
        model: info,
        source: {
          fileName: source?.fileName ?? p?.fileName ?? 'model.onnx',
          target: info.encoding.target,
        },
      });
      const text = done(info);
      setOutcome({ kind: 'done', text });
      dispatch({ type: 'announce', text });
    } catch (error) {
      setOutcome({
        kind: 'error',
        title,
        text: `${errorMessage(error)} The mapping is unchanged.`,
      });
    } finally {
      setBusy(false);
    }
  }

  const mapFromList = (file: File) =>
    void run(
      `“${file.name}” could not be used as a column list`,
      async () =>
        engine.mapColumns({ kind: 'column-list', text: await file.text(), fileName: file.name }),
      (i) => `Mapped ${i.encoding.features.length} columns from the column list ${file.name}.`,
    );
  const mapFromCsv = (file: File) =>
    void run(
      `“${file.name}” could not be used to map columns`,
      () => engine.mapColumns({ kind: 'csv-header', file, fileName: file.name }),
      (i) => `Mapped ${i.encoding.features.length} columns from the header of ${file.name}.`,
    );
  const loadCohort = (file: File) =>
    void run(
      `“${file.name}” could not be used as the reference cohort`,
      () => engine.setReferenceCohort(file, file.name),
      (i) =>
        `Reference cohort ${file.name}: ${i.provenance?.referenceCohort?.rows ?? 0} patients. Familiarity and explanations are now available.`,
    );

  const cohort = p.referenceCohort;
  return (
    <section className="imported-model" aria-labelledby="imported-model-title">
      <h2 id="imported-model-title" className="imported-title">
        Imported model: columns
      </h2>
      <p>
        {p.fileName ?? 'The model'} was written by {p.producerName}
        {p.producerVersion ? ` ${p.producerVersion}` : ''} ({p.operator}, ai.onnx.ml opset{' '}
        {p.mlOpset ?? '?'}). It reads {columns.names.length} features by position; names{' '}
        {mappingWords(columns)}.
      </p>
      <details className="imported-columns">
        <summary>Show the column of each feature ({columns.names.length})</summary>
        <DataTable
          caption="Column of each model feature"
          scrollRole="group"
          columns={[
            { key: 'i', header: 'Feature', cell: (_: string, i) => i },
            { key: 'name', header: 'Column', className: 'break', cell: (name) => name },
          ]}
          rows={columns.names}
          rowKey={(_, i) => i}
        />
      </details>
      <div className="device-row">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => listInput.current?.click()}
        >
          Map columns from a column list
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => csvInput.current?.click()}
        >
          Map columns from a CSV header
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => cohortInput.current?.click()}
        >
          Load reference cohort
        </button>
      </div>
      <HiddenFileInput
        ref={listInput}
        label="Column list, one name per line"
        onFile={mapFromList}
      />
      <HiddenFileInput
        ref={csvInput}
        label="CSV whose columns are in the model’s order"
        onFile={mapFromCsv}
      />
      <HiddenFileInput ref={cohortInput} label="Reference cohort CSV" onFile={loadCohort} />
      <p className="device-note">
        {cohort
          ? `Reference cohort: ${cohort.fileName} (${cohort.rows} patients). Explanations use path-dependent TreeSHAP with node counts from it.`
          : 'No reference cohort: familiarity and explanations are unavailable until you load a CSV of patients with these columns (it is never guessed).'}
      </p>
      {outcome?.kind === 'done' && <p className="device-note">{outcome.text}</p>}
      {outcome?.kind === 'error' && (
        <ErrorAlert title={outcome.title} onDismiss={() => setOutcome(null)}>
          {outcome.text}
        </ErrorAlert>
      )}
    </section>
  );
}
