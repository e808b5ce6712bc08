import {
  lazy,
  Suspense,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type {
  VariantEffectsReport,
  VariantImportanceProgress,
  VariantImportanceReport,
} from '../../worker/api';
import { ErrorAlert } from '../app/Alert';
import { DataTable } from '../app/DataTable';
import { derivedFileName, downloadText } from '../app/download';
import { errorMessage, isAbort, useEngine } from '../app/engineContext';
import { SearchField, SelectField, TextField } from '../app/Field';
import { formatCount } from '../app/format';
import { ProgressBlock } from '../app/ProgressBlock';
import { useAppState } from '../app/storeContext';
import { chromosomesOf, parseRegion, rowsInRegion, type RegionInput } from './manhattan';
import { allelesText, dropText, locusText, pText, riskText } from './variantText';
import './variants.css';

const ManhattanPlot = lazy(() =>
  import('./ManhattanPlot').then((m) => ({ default: m.ManhattanPlot })),
);

/** Rows the table renders at most before a search narrows them (it is virtualised beyond 120). */
const MAX_ROWS = 5000;

type Run =
  | { status: 'idle' }
  | { status: 'running'; progress: VariantImportanceProgress | null }
  | { status: 'cancelled' }
  | { status: 'error'; message: string }
  | { status: 'done'; report: VariantImportanceReport };

/** The top variants' permutation importance and direction, measured after the report. */
type Effects =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'error'; message: string }
  | { status: 'done'; effects: VariantEffectsReport };

/**
 * "Which variants matter": after training, on request (it grows a forest of 500 trees or more), the corrected
 * impurity importance of every variant with Janitza p-values and BH q-values, as a Manhattan plot, a searchable table
 * and a CSV. A new model clears it (the component is keyed by the model).
 */
export function VariantImportance() {
  const model = useAppState((s) => s.train.model);
  // The genotype file's own name (cohort.bed), not the joined name of every file dropped.
  const fileName = useAppState((s) => s.load.table?.files?.[0] ?? s.load.table?.fileName ?? null);
  return model ? <VariantImportanceFor key={model.trainedAt} fileName={fileName} /> : null;
}

function VariantImportanceFor({ fileName }: { fileName: string | null }) {
  const engine = useEngine();
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [effects, setEffects] = useState<Effects>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const progressId = useId();
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    setRun({ status: 'running', progress: null });
    setEffects({ status: 'idle' });
    let report: VariantImportanceReport;
    try {
      report = await engine.variantImportance({
        signal: ac.signal,
        onProgress: (progress) => {
          // Only while running: a late report must not hide the answer.
          if (!ac.signal.aborted)
            setRun((r) => (r.status === 'running' ? { status: 'running', progress } : r));
        },
      });
      if (ac.signal.aborted) return;
      setRun({ status: 'done', report });
    } catch (error) {
      if (isAbort(error, ac.signal)) setRun({ status: 'cancelled' });
      else setRun({ status: 'error', message: errorMessage(error) });
      return;
    }
    // The top variants measured further on the model itself (a few seconds): shown as they arrive.
    setEffects({ status: 'running' });
    try {
      const measured = await engine.variantEffects(report);
      if (!ac.signal.aborted) setEffects({ status: 'done', effects: measured });
    } catch (error) {
      if (!ac.signal.aborted) setEffects({ status: 'error', message: errorMessage(error) });
    }
  }

  function cancel() {
    controller.current?.abort();
    setRun({ status: 'cancelled' });
  }

  return (
    <section className="variant-importance" aria-labelledby={`${progressId}-title`}>
      <h3 className="sub-title" id={`${progressId}-title`}>
        Which variants matter
      </h3>
      <p className="help">
        Grows a forest of at least 500 trees on every variant and a shuffled copy of each (corrected
        impurity importance, Nembrini et al. 2018): a variant unrelated to the outcome scores about
        as often below zero as above, and those below zero give each variant a p-value (Janitza et
        al. 2018); q-values control the false discovery rate over all variants (Benjamini–Hochberg).
        It shows association in this cohort, not causation, and correlated variants (linkage
        disequilibrium) share importance.
      </p>
      {run.status === 'running' ? (
        <ProgressBlock
          id={progressId}
          label="Finding which variants matter"
          max={run.progress?.trees}
          value={run.progress?.treesDone}
          text={
            run.progress
              ? `${formatCount(run.progress.treesDone)} of ${formatCount(run.progress.trees)} trees`
              : 'Preparing…'
          }
          cancelLabel="Cancel"
          onCancel={cancel}
        />
      ) : (
        <div className="action-row">
          <button type="button" className="btn" onClick={() => void start()}>
            {run.status === 'done' ? 'Compute again' : 'Find which variants matter'}
          </button>
          {run.status === 'done' && (
            <button
              type="button"
              className="btn"
              onClick={() =>
                downloadText(
                  effects.status === 'done' ? effects.effects.csv : run.report.csv,
                  derivedFileName(fileName, 'variant-importance', 'csv'),
                  'text/csv',
                )
              }
            >
              Export variants as CSV
            </button>
          )}
        </div>
      )}
      {run.status === 'cancelled' && (
        <p className="status-box" role="status">
          Cancelled; the model is unchanged.
        </p>
      )}
      {run.status === 'error' && (
        <ErrorAlert title="Which variants matter could not be computed">{run.message}</ErrorAlert>
      )}
      {run.status === 'done' && (
        <VariantReport
          report={run.report}
          effects={effects.status === 'done' ? effects.effects : null}
        />
      )}
      {run.status === 'done' && effects.status === 'running' && (
        <p className="status-box" role="status">
          Measuring the top variants: permutation importance and direction of effect…
        </p>
      )}
      {run.status === 'done' && effects.status === 'error' && (
        <ErrorAlert title="Permutation importance and direction could not be measured">
          {effects.message}
        </ErrorAlert>
      )}
    </section>
  );
}

function VariantReport({
  report,
  effects,
}: {
  report: VariantImportanceReport;
  effects: VariantEffectsReport | null;
}) {
  const [search, setSearch] = useState('');
  const [regionInput, setRegionInput] = useState<RegionInput>({
    chromosome: '',
    from: '',
    to: '',
  });
  const deferred = useDeferredValue(search);
  const deferredRegion = useDeferredValue(regionInput);
  const chromosomes = useMemo(() => chromosomesOf(report.variants), [report]);
  const region = useMemo(() => parseRegion(deferredRegion), [deferredRegion]);
  const zoom = region && !('error' in region) ? region : null;
  const regionName = zoom
    ? `chromosome ${zoom.chromosome}` +
      (deferredRegion.from.trim() || deferredRegion.to.trim()
        ? ` from ${formatCount(zoom.from)} to ${zoom.to === Number.MAX_SAFE_INTEGER ? 'its end' : formatCount(zoom.to)}`
        : '')
    : null;
  const inView = useMemo(
    () => (zoom ? rowsInRegion(report.variants, zoom) : report.variants),
    [report, zoom],
  );
  const effectOf = useMemo(
    () => new Map((effects?.effects ?? []).map((e) => [e.name, e])),
    [effects],
  );
  const needle = deferred.trim().toLowerCase();
  const matching = needle
    ? inView.filter(
        (v) => v.name.toLowerCase().includes(needle) || locusText(v).toLowerCase() === needle,
      )
    : inView;
  const rows = matching.slice(0, MAX_ROWS);
  const called = report.variants.filter((v) => v.qValue < 0.05).length;
  const { nullSize } = report;
  return (
    <div className="variant-report">
      <p role="status">
        {formatCount(called)} of {formatCount(report.variants.length)} features at q &lt; 0.05 (
        {formatCount(report.nTrees)} trees, {report.featuresPerSplit} features per split, seed{' '}
        {report.seed}, {report.seconds.toFixed(1)} s).
      </p>
      <div className="variant-panels">
        <div>
          {chromosomes.length > 0 && (
            <fieldset className="variant-region">
              <legend>Zoom to a region</legend>
              <SelectField
                label="Chromosome"
                value={regionInput.chromosome}
                onChange={(chromosome) => setRegionInput((r) => ({ ...r, chromosome }))}
                options={[
                  { value: '', label: 'Whole genome' },
                  ...chromosomes.map((c) => ({ value: c, label: `Chromosome ${c}` })),
                ]}
              />
              <TextField
                label="From position"
                inputMode="numeric"
                placeholder="start"
                value={regionInput.from}
                disabled={regionInput.chromosome === ''}
                onChange={(from) => setRegionInput((r) => ({ ...r, from }))}
                error={region && 'error' in region ? region.error : undefined}
              />
              <TextField
                label="To position"
                inputMode="numeric"
                placeholder="end"
                value={regionInput.to}
                disabled={regionInput.chromosome === ''}
                onChange={(to) => setRegionInput((r) => ({ ...r, to }))}
              />
              <button
                type="button"
                className="btn"
                disabled={regionInput.chromosome === ''}
                onClick={() => setRegionInput({ chromosome: '', from: '', to: '' })}
              >
                Show the whole genome
              </button>
              <p className="note" role="status">
                {zoom
                  ? `${formatCount(inView.length)} of ${formatCount(report.variants.length)} variants in ${regionName}; the table shows them only.`
                  : 'The whole genome is shown.'}
              </p>
            </fieldset>
          )}
          <Suspense fallback={<p className="muted">Drawing the plot…</p>}>
            {inView.length > 0 ? (
              <ManhattanPlot
                rows={inView}
                allRows={report.variants}
                nullSize={nullSize}
                effects={effects}
                region={regionName}
              />
            ) : (
              <p className="muted">No variant lies in this region.</p>
            )}
          </Suspense>
        </div>
        <div className="variant-table">
          <SearchField
            label="Search variants"
            placeholder="Name, or chromosome:position"
            value={search}
            onChange={setSearch}
          />
          <DataTable
            caption="Variants by p-value"
            label="Variants by p-value"
            className="compact"
            scrollClassName="variant-table-scroll"
            rows={rows}
            rowKey={(v) => v.name}
            columns={[
              {
                key: 'name',
                header: 'Variant',
                rowHeader: true,
                className: 'break',
                cell: (v) => v.name,
              },
              { key: 'locus', header: 'Chr:position', cell: locusText },
              { key: 'alleles', header: 'Alleles', cell: allelesText },
              {
                key: 'maf',
                header: 'MAF',
                numeric: true,
                cell: (v) => (v.maf === null ? '–' : v.maf.toFixed(3)),
              },
              {
                key: 'imp',
                header: 'Importance',
                numeric: true,
                cell: (v) => v.importance.toPrecision(3),
              },
              { key: 'p', header: 'p', numeric: true, cell: (v) => pText(v.pValue, nullSize) },
              { key: 'q', header: 'q', numeric: true, cell: (v) => pText(v.qValue, nullSize) },
              {
                key: 'drop',
                header: 'AUC drop ± SE',
                numeric: true,
                cell: (v) => {
                  const e = effectOf.get(v.name);
                  return e ? dropText(e) : '–';
                },
              },
              {
                key: 'risk',
                header: effects
                  ? `Risk of ${effects.riskOf} at 0/1/2 copies`
                  : 'Risk at 0/1/2 copies',
                cell: (v) => {
                  const e = effectOf.get(v.name);
                  return e ? riskText(e) : '–';
                },
              },
            ]}
          />
          <p className="note" aria-live="polite">
            {matching.length === 0
              ? `No variant matches “${deferred}”.`
              : matching.length > rows.length
                ? `Showing ${formatCount(rows.length)} of ${formatCount(matching.length)}; search to find the others.`
                : needle
                  ? `${formatCount(matching.length)} of ${formatCount(inView.length)} match.`
                  : ''}
          </p>
        </div>
      </div>
      <ul className="variant-notes">
        {[...report.notes, ...(effects?.notes ?? [])].map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
