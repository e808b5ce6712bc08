import { useId, useState } from 'react';
import type { SurvivalBatchResult, SurvivalReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { derivedFileName, downloadText } from '../app/download';
import { errorMessage, useEngine } from '../app/engineContext';

const pct = (p: number) => `${Math.round(p * 100)} %`;

/** The horizons typed ("365, 730"), or why not. */
function parseHorizons(text: string, unit: string): { horizons: number[]; error?: string } {
  const parts = text
    .split(/[;,\s]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (parts.length === 0) return { horizons: [], error: `Give at least one horizon in ${unit}.` };
  const horizons: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isFinite(n) || n <= 0)
      return { horizons: [], error: `“${p}” is not a time after 0 (in ${unit}).` };
    if (!horizons.includes(n)) horizons.push(n);
  }
  return { horizons };
}

/**
 * Batch prediction in time-to-event mode: a CSV of patients in, survival at each chosen horizon as columns out,
 * shown for the first rows and saved as a CSV.
 */
export function SurvivalBatch({ report }: { report: SurvivalReport }) {
  const engine = useEngine();
  const unit = report.choice.unit;
  const fileId = useId();
  const horizonsId = useId();
  const helpId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [text, setText] = useState(() =>
    report.horizons
      .filter((h) => h.refused === null)
      .map((h) => String(h.time))
      .join(', '),
  );
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SurvivalBatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const parsed = parseHorizons(text, unit);

  async function run() {
    if (files.length === 0 || parsed.error) return;
    setBusy(true);
    setError(null);
    try {
      // One file goes as itself (its name tells a .raw or VCF from text); a .bed goes with its .bim and .fam.
      setResult(
        await engine.predictSurvivalBatch(files.length === 1 ? files[0] : files, parsed.horizons),
      );
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Predict a file of patients" className="survival-batch">
      <h3 className="sub-title">Predict a file of patients</h3>
      <div className="action-row">
        <div className="field">
          <label htmlFor={fileId}>
            Patients file (CSV, TSV, TXT, .raw, VCF, or .bed with .bim and .fam)
          </label>
          <input
            id={fileId}
            type="file"
            multiple
            accept=".csv,.tsv,.txt,text/csv,.raw,.vcf,.gz,.bgz,.bed,.bim,.fam"
            onChange={(e) => {
              setFiles(Array.from(e.target.files ?? []));
              setResult(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={horizonsId}>Horizons ({unit})</label>
          <input
            id={horizonsId}
            inputMode="decimal"
            value={text}
            aria-describedby={helpId}
            aria-invalid={parsed.error !== undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <p className="help" id={helpId}>
            {parsed.error ??
              `Separated by commas; each becomes a column of the share event-free then. At most the longest follow-up, ${report.maxFollowUp} ${unit}.`}
          </p>
        </div>
        <button
          type="button"
          className="btn"
          disabled={busy || files.length === 0 || parsed.error !== undefined}
          onClick={() => void run()}
        >
          Predict the file
        </button>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <>
          <p role="status">
            Predicted {result.rows} patients at {result.horizons.join(', ')} {result.unit}.
          </p>
          {result.issues.length > 0 && (
            <ul className="alert alert-warn">
              {result.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
          <DataTable
            caption={`Share event-free at each horizon${result.rows > result.preview.length ? ` (first ${result.preview.length} of ${result.rows} patients; all are in the CSV)` : ''}`}
            showCaption
            className="compact"
            rows={result.preview}
            rowKey={(r) => r.row}
            columns={[
              { key: 'p', header: 'Patient', rowHeader: true, cell: (r) => r.label },
              ...result.horizons.map((h, k) => ({
                key: `h${k}`,
                header: `At ${h} ${result.unit}`,
                numeric: true,
                cell: (r: SurvivalBatchResult['preview'][number]) => pct(r.survival[k]),
              })),
              { key: 'u', header: 'Unknown fields', numeric: true, cell: (r) => String(r.unknown) },
            ]}
          />
          <button
            type="button"
            className="btn"
            onClick={() =>
              downloadText(
                result.csv,
                derivedFileName(files[0]?.name ?? null, 'survival', 'csv'),
                'text/csv',
              )
            }
          >
            Download CSV
          </button>
        </>
      )}
    </section>
  );
}
