import { ProgressBlock } from '../app/ProgressBlock';
import { useJobProgress } from '../app/progressStore';
import { DataTable } from '../app/DataTable';
import type { BatchResult, Prediction } from '../../worker/api';
import { useRef } from 'react';
import { ErrorAlert } from '../app/Alert';
import { useEngine } from '../app/engineContext';
import { CohortFileInput } from '../load/CohortFileInput';
import { formatCount, roundedPercents } from '../app/format';
import { probabilityText } from './uncertaintyWords';
import { useAppState, useDispatch } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import { derivedFileName, downloadText } from '../app/download';
import type { BatchEvent } from './batchSlice';
import { familiarityWords, spreadText } from './familiarity';
import { ExternalValidation } from './ExternalValidation';
import { usePositiveClass } from '../evaluate/evaluationOptions';

const NO_CLASSES: string[] = [];

/** Rows drawn in the page; the download has them all. */
const MAX_ROWS = 200;

type Row = BatchResult['rows'][number];

/** The warnings of one batch row in one cell ('–' when there are none). */
function warningText(p: Prediction): string {
  const warnings = p.warnings.filter((w) => w.kind !== 'missing');
  if (warnings.length === 0 && p.missingFields.length === 0) return '–';
  return [
    ...warnings.map((w) => w.message),
    ...(p.missingFields.length > 0 ? [`${p.missingFields.length} fields unknown`] : []),
  ].join(' ');
}

/** "Predict many": a CSV of new patients (same columns, outcome optional) through the current model. */
export function BatchPredict() {
  const engine = useEngine();
  const dispatch = useDispatch();
  // Not the progress: a tick re-renders only BatchProgress, not the table.
  const status = useAppState((s) => s.batch.status);
  const fileName = useAppState((s) => s.batch.fileName);
  const result = useAppState((s) => s.batch.result);
  const error = useAppState((s) => s.batch.error);
  // The cross-validation verdict of the model that predicts: a batch table must not look trustworthy when it is not.
  const chance = useAppState((s) =>
    s.evaluate.report && s.evaluate.modelTrainedAt === s.train.model?.trainedAt
      ? s.evaluate.report.chance
      : null,
  );
  // The external validation is about the class every other read-out is about (the Evaluate step's choice).
  const modelClasses = useAppState((s) => s.train.model?.encoding.classes ?? NO_CLASSES);
  const positive = usePositiveClass(modelClasses);
  const input = useRef<HTMLInputElement>(null);
  const job = useCancellableRun(
    'batch',
    (event: BatchEvent) => ({ type: 'batch/job', event }),
    (s) => s.batch.runId,
  );
  const reading = status === 'running';

  // One file goes as itself (its name tells a .raw or VCF from text); a .bed goes with its .bim and .fam.
  const run = (files: File[]) =>
    job.start({ fileName: files.map((f) => f.name).join(', ') }, (options) =>
      engine.predictBatch(files.length === 1 ? files[0] : files, options, positive),
    );

  const classes = result?.rows[0]?.prediction.classes ?? [];
  const hasActual = result?.rows.some((r) => r.actual !== null) ?? false;
  const marksTraining = result?.external?.fingerprintKnown === true;
  const rows = result ? result.rows.slice(0, MAX_ROWS) : [];
  const validatedAbout = result?.external?.validation?.positiveClass ?? null;

  return (
    <div className="batch" role="region" aria-label="Predict many patients">
      <h3 className="sub-title">Predict many patients</h3>
      <p className="help">
        A file of new patients with the same columns as the training file: CSV, TSV or TXT, or
        genotypes as PLINK .raw, VCF / VCF.GZ, or a PLINK .bed chosen together with its .bim and
        .fam. The outcome column is optional: when present, it is shown beside the prediction and
        the model is validated on the patients it did not learn from (external validation). It is
        read in this browser only.
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
                derivedFileName(fileName, 'predictions', 'csv'),
                'text/csv;charset=utf-8',
              );
              dispatch({ type: 'announce', text: 'The predictions were downloaded.' });
            }}
          >
            Download predictions (CSV)
          </button>
        )}
      </div>
      <CohortFileInput
        ref={input}
        label="Choose the file of patients to predict (CSV, TSV, TXT, .raw, VCF, or .bed with .bim and .fam)"
        onFiles={(files) => void run(files)}
      />
      {reading && <BatchProgress onCancel={job.cancel} />}
      {status === 'error' && error && (
        <ErrorAlert title={`The patients of ${fileName ?? 'the file'} could not be predicted`}>
          {error}
        </ErrorAlert>
      )}
      {result && (
        <>
          <p role="status">
            {formatCount(result.rows.length)} patients predicted from {fileName}.
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
          {chance && !chance.beatsChance && (
            <div className="alert alert-warn" role="note" aria-label="Model quality warning">
              <strong className="alert-title">This model did not beat chance</strong>
              <p>{chance.message}</p>
            </div>
          )}
          {result.external && <ExternalValidation external={result.external} />}
          {validatedAbout && positive && validatedAbout !== positive && (
            <p className="status-box" role="note" aria-label="External validation out of date">
              These validation figures are about “{validatedAbout}”, but the positive class is now “
              {positive}”: load the file again for figures about “{positive}”.
            </p>
          )}
          <DataTable
            caption="Predictions table"
            className="compact"
            scrollClassName="batch-table"
            rows={rows}
            rowKey={(r) => r.index}
            columns={[
              {
                key: 'label',
                header: 'Patient',
                rowHeader: true,
                className: 'break',
                cell: (r) => r.label,
              },
              ...(marksTraining
                ? [
                    {
                      key: 'training',
                      header: 'Training patient',
                      cell: (r: Row) => (r.trainingPatient ? 'yes (in-sample)' : 'no'),
                    },
                  ]
                : []),
              ...(hasActual
                ? [
                    {
                      key: 'actual',
                      header: 'Actual',
                      className: 'break',
                      cell: (r: Row) => r.actual ?? '–',
                    },
                  ]
                : []),
              {
                key: 'best',
                header: 'Most likely',
                className: 'break',
                cell: (r: Row) => r.prediction.predictedClass,
              },
              ...classes.map((c, i) => ({
                key: `p-${c}`,
                header: `P(${c}) and trees’ spread`,
                numeric: true,
                cell: (r: Row) => (
                  <>
                    {probabilityText(roundedPercents(r.prediction.probabilities)[i])}{' '}
                    <span className="muted">({spreadText(r.prediction.intervals[i])})</span>
                  </>
                ),
              })),
              {
                key: 'familiarity',
                header: 'Familiarity',
                cell: (r: Row) => familiarityWords(r.prediction.familiarity).word,
              },
              {
                key: 'warnings',
                header: 'Warnings',
                className: 'batch-warnings',
                cell: (r: Row) => warningText(r.prediction),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

/** Rows read so far of the file being predicted. */
function BatchProgress({ onCancel }: { onCancel: () => void }) {
  const progress = useJobProgress('batch');
  const fileName = useAppState((s) => s.batch.fileName);
  return (
    <ProgressBlock
      id="batch-progress"
      label={`Predicting ${fileName ?? 'the file'}`}
      max={progress?.totalBytes || 1}
      value={progress?.bytesRead ?? 0}
      text={progress ? `${formatCount(progress.rowsRead)} rows read` : 'Starting…'}
      cancelLabel="Cancel"
      onCancel={onCancel}
    />
  );
}
