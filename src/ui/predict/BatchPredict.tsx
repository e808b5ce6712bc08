import { useRef } from 'react';
import { ErrorAlert } from '../app/Alert';
import { useEngine } from '../app/engineContext';
import { HiddenFileInput } from '../app/HiddenFileInput';
import { formatCount, percentText, roundedPercents } from '../app/format';
import { useAppState, useDispatch } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import { derivedFileName, downloadText } from '../report/download';
import type { BatchEvent } from './batchSlice';
import { familiarityWords, spreadText } from './familiarity';

/** Rows drawn in the page; the download has them all. */
const MAX_ROWS = 200;

/** "Predict many": a CSV of new patients (same columns, outcome optional) through the current model. */
export function BatchPredict() {
  const engine = useEngine();
  const dispatch = useDispatch();
  const batch = useAppState((s) => s.batch);
  const input = useRef<HTMLInputElement>(null);
  const job = useCancellableRun(
    (event: BatchEvent) => ({ type: 'batch/job', event }),
    (s) => s.batch.runId,
  );
  const reading = batch.status === 'running';

  const run = (file: File) =>
    job.start({ fileName: file.name }, (options) => engine.predictBatch(file, options));

  const result = batch.result;
  const classes = result?.rows[0]?.prediction.classes ?? [];
  const hasActual = result?.rows.some((r) => r.actual !== null) ?? false;
  const rows = result ? result.rows.slice(0, MAX_ROWS) : [];

  return (
    <div className="batch" role="region" aria-label="Predict many patients">
      <h3 className="sub-title">Predict many patients</h3>
      <p className="help">
        A CSV of new patients with the same columns as the training file (the outcome column is
        optional: when present, it is shown beside the prediction). It is read in this browser only.
      </p>
      <div className="action-row">
        <button
          type="button"
          className="btn"
          disabled={reading}
          onClick={() => input.current?.click()}
        >
          Load patients to predict
        </button>
        {result && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={reading}
            onClick={() => {
              downloadText(
                result.csv,
                derivedFileName(batch.fileName, 'predictions', 'csv'),
                'text/csv;charset=utf-8',
              );
              dispatch({ type: 'announce', text: 'The predictions were downloaded.' });
            }}
          >
            Download predictions (CSV)
          </button>
        )}
      </div>
      <HiddenFileInput
        ref={input}
        label="Choose a CSV file of patients to predict"
        onFile={(file) => void run(file)}
      />
      {reading && (
        <div className="progress-block">
          <label className="progress-label" htmlFor="batch-progress">
            Predicting {batch.fileName}
          </label>
          <progress
            id="batch-progress"
            max={batch.progress?.totalBytes || 1}
            value={batch.progress?.bytesRead ?? 0}
          />
          <div className="progress-foot">
            <p className="progress-text">
              {batch.progress ? `${formatCount(batch.progress.rowsRead)} rows read` : 'Starting…'}
            </p>
            <button type="button" className="btn btn-danger" onClick={job.cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {batch.status === 'error' && batch.error && (
        <ErrorAlert
          title={`The patients of ${batch.fileName ?? 'the file'} could not be predicted`}
        >
          {batch.error}
        </ErrorAlert>
      )}
      {result && (
        <>
          <p role="status">
            {formatCount(result.rows.length)} patients predicted from {batch.fileName}.
            {result.rows.length > MAX_ROWS &&
              ` The first ${MAX_ROWS} are shown; the download has all of them.`}
          </p>
          {result.issues.length > 0 && (
            <div className="alert alert-warn" role="group" aria-label="Problems in the file">
              <strong className="alert-title">About this file</strong>
              <ul>
                {result.issues.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          <div
            className="table-scroll batch-table"
            role="region"
            aria-label="Predictions table"
            tabIndex={0}
          >
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  {hasActual && <th scope="col">Actual</th>}
                  <th scope="col">Most likely</th>
                  {classes.map((c) => (
                    <th key={c} scope="col" className="num">
                      P({c}) and trees’ spread
                    </th>
                  ))}
                  <th scope="col">Familiarity</th>
                  <th scope="col">Warnings</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const p = r.prediction;
                  const shown = roundedPercents(p.probabilities);
                  const warnings = p.warnings.filter((w) => w.kind !== 'missing');
                  return (
                    <tr key={r.index}>
                      <th scope="row" className="break">
                        {r.label}
                      </th>
                      {hasActual && <td className="break">{r.actual ?? '–'}</td>}
                      <td className="break">{p.predictedClass}</td>
                      {classes.map((c, i) => (
                        <td key={c} className="num">
                          {percentText(shown[i])}{' '}
                          <span className="muted">({spreadText(p.intervals[i])})</span>
                        </td>
                      ))}
                      <td>{familiarityWords(p.familiarity).word}</td>
                      <td className="batch-warnings">
                        {warnings.length === 0 && p.missingFields.length === 0
                          ? '–'
                          : [
                              ...warnings.map((w) => w.message),
                              ...(p.missingFields.length > 0
                                ? [`${p.missingFields.length} fields unknown`]
                                : []),
                            ].join(' ')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
