import { useEffect } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { TextField } from '../app/Field';
import { formatCount } from '../app/format';
import { checkGenetics, QC_FIELDS } from './geneticsSlice';

const FILTER_WORDS: Record<string, string> = {
  mind: 'Maximum missing per sample (--mind)',
  geno: 'Maximum missing per variant (--geno)',
  hwe: 'HWE p below (--hwe)',
  maf: 'Minimum MAF (--maf)',
};

/** PLINK's four filters as fields, and what they remove, step by step, from the loaded genotypes. */
export function QcPanel({ disabled }: { disabled: boolean }) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const table = useAppState((s) => s.load.table);
  const draft = useAppState((s) => s.genetics.draft);
  const qc = useAppState((s) => s.genetics.qc);
  const { qc: filters, errors } = checkGenetics(draft);
  const key = QC_FIELDS.some((f) => errors[f.name]) ? '' : JSON.stringify(filters);
  // The summary shown must be of these filters on this table (a new file with the same filters is checked again).
  const requestKey = table
    ? JSON.stringify([table.fileName, table.rowCount, table.columnCount, key])
    : '';

  // The summary follows the filters as typed (and the table): counting is one pass over the genotypes.
  useEffect(() => {
    if (!table || key === '' || key === '{}') return;
    const timer = setTimeout(() => {
      store.dispatch({ type: 'genetics/qc-checking', key: requestKey });
      engine.qcSummary(JSON.parse(key) as typeof filters).then(
        (report) =>
          store.dispatch({ type: 'genetics/qc-done', key: requestKey, report, error: null }),
        (error: unknown) =>
          store.dispatch({
            type: 'genetics/qc-done',
            key: requestKey,
            report: null,
            error: errorMessage(error),
          }),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [engine, store, table, key, requestKey]);

  const report = qc.key === requestKey ? qc.report : null;
  return (
    <fieldset className="settings genetics-qc" disabled={disabled}>
      <legend>Variant QC</legend>
      <p className="help">
        PLINK’s filters, applied before training in PLINK’s order (samples first, then variants on
        the samples left). Empty: off, as in PLINK without the flag.
      </p>
      <div className="settings-grid">
        {QC_FIELDS.map((f) => (
          <TextField
            key={f.name}
            label={f.label}
            value={draft[f.name]}
            onChange={(value) => dispatch({ type: 'genetics/set', field: f.name, value })}
            inputMode="decimal"
            placeholder={`off (e.g. ${f.plinkDefault})`}
            error={errors[f.name]}
            help={f.help}
          />
        ))}
      </div>
      {key === '{}' && <p className="muted">No filter set: every sample and variant is used.</p>}
      {key !== '{}' && key !== '' && qc.key === requestKey && qc.error && (
        <div className="alert alert-error" role="alert">
          {qc.error}
        </div>
      )}
      {key !== '{}' && key !== '' && !report && !qc.error && (
        <p className="muted" role="status">
          Checking the variants…
        </p>
      )}
      {report && (
        <div className="qc-summary" aria-busy={qc.checking}>
          <div className="table-scroll">
            <table className="data-table compact" aria-label="QC summary">
              <caption>
                What the filters remove, in the order applied: {formatCount(report.samplesKept)} of{' '}
                {formatCount(report.samplesTotal)} samples and {formatCount(report.variantsKept)} of{' '}
                {formatCount(report.variantsTotal)} variants are kept.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  <th scope="col" className="num">
                    Removed
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.steps.map((step) => (
                  <tr key={step.filter}>
                    <th scope="row">{FILTER_WORDS[step.filter]}</th>
                    <td className="num">{step.threshold}</td>
                    <td className="num">
                      {formatCount(step.removed)} {step.unit}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.notes.map((note) => (
            <p key={note} className="help">
              {note}
            </p>
          ))}
        </div>
      )}
    </fieldset>
  );
}
