import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ResponsiveContainer,
  ScatterChart,
  XAxis,
  YAxis,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import type { AncestryView } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { TextField } from '../app/Field';
import { SearchableSelect } from '../app/SearchableSelect';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';
import { axisStyle, seriesColor, useChartTheme } from '../app/chartTheme';
import { checkGenetics } from './geneticsSlice';
import { colourGroups } from './colourGroups';

/** A component score as the table shows it. */
const score = (v: number) => v.toPrecision(4);

/** The ancestry components: how many, whether they become features, and the PC1–PC2 view with its table. */
export function AncestryPanel({ disabled }: { disabled: boolean }) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const table = useAppState((s) => s.load.table);
  const target = useAppState((s) => s.load.target);
  const draft = useAppState((s) => s.genetics.draft);
  const ancestry = useAppState((s) => s.genetics.ancestry);
  const { qc, ldPrune, errors } = checkGenetics(draft);
  const k = Number(draft.components);
  // A view computed for another table, other filters or another number of components is not shown.
  const tableKey = table
    ? JSON.stringify([table.fileName, table.rowCount, table.columnCount, qc, k, ldPrune])
    : '';
  const view = ancestry.tableKey === tableKey ? ancestry.view : null;
  const colourBy = view?.colourBy ?? target ?? '';

  const colourOptions = useMemo(() => {
    const names = (table?.schema.columns ?? [])
      .filter((c) => c.kind !== 'genotype')
      .map((c) => c.name);
    return [
      { value: '', label: 'No colour' },
      ...names.map((n) => ({ value: n, label: n === target ? `${n} (outcome)` : n })),
    ];
  }, [table, target]);

  const kError =
    errors.components ??
    (Number.isInteger(k) && k >= 1 && k <= 20 ? undefined : 'Enter a whole number from 1 to 20.');
  // Any wrong field but the component count (checked above) stops a computation.
  const qcWrong = Object.keys(errors).some((f) => f !== 'components');

  function compute(colour: string) {
    if (kError || qcWrong) return;
    store.dispatch({ type: 'genetics/ancestry-started' });
    const requestId = store.getState().genetics.ancestry.requestId;
    const request = { components: k, qc, colourBy: colour === '' ? null : colour };
    engine.ancestry(ldPrune ? { ...request, ldPrune } : request).then(
      (result) =>
        store.dispatch({ type: 'genetics/ancestry-done', requestId, view: result, tableKey }),
      (error: unknown) =>
        store.dispatch({ type: 'genetics/ancestry-failed', requestId, error: errorMessage(error) }),
    );
  }

  const running = ancestry.status === 'running';
  return (
    <fieldset className="settings genetics-ancestry" disabled={disabled}>
      <legend>Ancestry components</legend>
      <p className="help">
        Principal components of the standardised genotypes (PLINK’s --pca scaling), on the samples
        and variants the QC filters keep. Population structure is the first confounder of a
        genotype–outcome association: adding the components as features lets the forest tell
        ancestry from the variants.
      </p>
      <div className="settings-grid">
        <TextField
          label="Number of ancestry components"
          value={draft.components}
          onChange={(value) => dispatch({ type: 'genetics/set', field: 'components', value })}
          inputMode="numeric"
          error={kError}
          help="Computed for the view below and, when added, as features PC1 … PCn (1 to 20; 10 is usual)."
        />
        <label className="check">
          <input
            type="checkbox"
            checked={draft.addComponents}
            onChange={(e) =>
              dispatch({ type: 'genetics/set', field: 'addComponents', value: e.target.checked })
            }
          />{' '}
          Add {Number.isInteger(k) && k >= 1 ? k : 'N'} ancestry components as features
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.ldPrune}
          onChange={(e) =>
            dispatch({ type: 'genetics/set', field: 'ldPrune', value: e.target.checked })
          }
        />{' '}
        LD-prune the variants first (plink1.9 --indep-pairwise)
      </label>
      {draft.ldPrune && (
        <div className="settings-grid">
          <TextField
            label="LD window (variants)"
            value={draft.ldWindow}
            onChange={(value) => dispatch({ type: 'genetics/set', field: 'ldWindow', value })}
            inputMode="numeric"
            error={errors.ldWindow}
            help="Pairs are tested within windows of this many neighbouring variants on one chromosome."
          />
          <TextField
            label="LD window step (variants)"
            value={draft.ldStep}
            onChange={(value) => dispatch({ type: 'genetics/set', field: 'ldStep', value })}
            inputMode="numeric"
            error={errors.ldStep}
            help="How far each window moves on."
          />
          <TextField
            label="LD r² above"
            value={draft.ldR2}
            onChange={(value) => dispatch({ type: 'genetics/set', field: 'ldR2', value })}
            inputMode="decimal"
            error={errors.ldR2}
            help="Of two variants correlated above this, the rarer is left out of the components (50 5 0.2 is the usual)."
          />
        </div>
      )}
      {draft.addComponents && (
        <p className="help">
          A new patient’s components are computed from the patient’s own genotype fields, projected
          onto the cohort’s components (the model file keeps what that needs); variants left unknown
          count as the cohort average.
        </p>
      )}
      <div className="action-row">
        <button
          type="button"
          className="btn"
          disabled={running || kError !== undefined || qcWrong}
          onClick={() => compute(colourBy)}
        >
          {view ? 'Compute ancestry components again' : 'Compute ancestry components'}
        </button>
        {running && (
          <p className="muted" role="status">
            Computing the components…
          </p>
        )}
      </div>
      {ancestry.status === 'error' && ancestry.error && (
        <div className="alert alert-error" role="alert">
          {ancestry.error}
        </div>
      )}
      {view && (
        <>
          <SearchableSelect
            label="Colour by"
            value={colourBy}
            options={colourOptions}
            disabled={running}
            onChange={(value) => compute(value)}
            help="The outcome or any clinical column; many numbers are grouped into five ranges of equal size."
          />
          <AncestryResult view={view} />
        </>
      )}
    </fieldset>
  );
}

/** A number axis's domain: the data's range widened to whole steps of about a quarter of it. */
function niceDomain(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo < hi)) return Number.isFinite(lo) ? [lo - 1, lo + 1] : [0, 1];
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4));
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/**
 * Every sample as a dot, one SVG path per colour: recharts' Scatter made several React elements per point, and
 * 5,000 samples took ~3.5 s of the page's main thread (one long task) when the components arrived.
 */
function PointCloud({
  series,
}: {
  series: { label: string; colour: string; points: { x: number; y: number }[] }[];
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="ancestry-points">
      {series.map((s) => {
        let d = '';
        for (const p of s.points) {
          const px = x(p.x);
          const py = y(p.y);
          // A zero-length segment with round caps is a dot of the stroke's width.
          if (px !== undefined && py !== undefined) d += `M${px.toFixed(1)} ${py.toFixed(1)}h0`;
        }
        return (
          <path
            key={s.label}
            d={d}
            style={{ stroke: s.colour }}
            strokeWidth={8}
            strokeLinecap="round"
            fill="none"
          />
        );
      })}
    </g>
  );
}

/** The PC1–PC2 scatter with its table and the variance each component explains. Memoised: recharts is costly. */
export const AncestryResult = memo(function AncestryResult({ view }: { view: AncestryView }) {
  const theme = useChartTheme();
  const groups = useMemo(() => colourGroups(view.colours), [view.colours]);
  const k = view.eigenvalues.length;
  const series = groups.labels
    .map((label, g) => ({
      label,
      colour: seriesColor(theme, g),
      points: view.scores.flatMap((s, i) =>
        (groups.index[i] ?? 0) === g ? [{ x: s[0], y: s[1] ?? 0 }] : [],
      ),
    }))
    .filter((s) => s.points.length > 0);
  const xDomain = niceDomain(view.scores.map((s) => s[0]));
  const yDomain = niceDomain(view.scores.map((s) => s[1] ?? 0));
  const pct = (i: number) => `${(100 * view.varianceExplained[i]).toFixed(1)} %`;
  const summary = `Scatter of ${formatCount(view.samples.length)} samples on PC1 (${pct(0)} of the variance) and ${k > 1 ? `PC2 (${pct(1)})` : 'nothing else'}${view.colourBy ? `, coloured by ${view.colourBy}` : ''}. The same numbers are in the table.`;
  return (
    <div className="ancestry" role="region" aria-label="Ancestry components">
      <p>
        {k} components from {formatCount(view.variantsUsed)} variants
        {view.samplesRemoved > 0 &&
          ` on ${formatCount(view.samples.length)} samples (${formatCount(view.samplesRemoved)} removed by the missing-per-sample filter)`}
        {view.variantsPruned > 0 && `; ${formatCount(view.variantsPruned)} left out by LD pruning`}
        {view.variantsSkipped > 0 &&
          `; ${formatCount(view.variantsSkipped)} variants with one allele or no call left out`}
        {view.variantsExcluded > 0 &&
          `; ${formatCount(view.variantsExcluded)} on X, Y or MT left out, as PLINK does`}
        .
      </p>
      <div className="ancestry-plot">
        <div>
          <div className="chart chart-ancestry" role="img" aria-label={summary}>
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart
                margin={{ top: 8, right: 12, bottom: 16, left: 0 }}
                accessibilityLayer={false}
              >
                <CartesianGrid stroke={theme.grid} />
                <XAxis
                  type="number"
                  dataKey="x"
                  domain={xDomain}
                  allowDataOverflow
                  name="PC1"
                  {...axisStyle(theme)}
                  tickFormatter={(v: number) => v.toFixed(2)}
                />
                <YAxis
                  type="number"
                  dataKey="y"
                  domain={yDomain}
                  allowDataOverflow
                  name="PC2"
                  width={56}
                  {...axisStyle(theme)}
                  tickFormatter={(v: number) => v.toFixed(2)}
                />
                <PointCloud series={series} />
              </ScatterChart>
            </ResponsiveContainer>
          </div>
          {series.length > 1 && (
            <ul className="line-chart-legend">
              {series.map((s) => (
                <li key={s.label}>
                  <svg width="10" height="10" aria-hidden="true" focusable="false">
                    <circle cx="5" cy="5" r="4.5" style={{ fill: s.colour }} />
                  </svg>
                  {s.label}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="table-scroll">
          <table className="data-table compact" aria-label="Variance explained">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" className="num">
                  Variance explained
                </th>
                <th scope="col" className="num">
                  Eigenvalue
                </th>
              </tr>
            </thead>
            <tbody>
              {view.varianceExplained.map((_, i) => (
                <tr key={i}>
                  <th scope="row">PC{i + 1}</th>
                  <td className="num">{pct(i)}</td>
                  <td className="num">{view.eigenvalues[i].toPrecision(4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p className="help">
        Across: PC1 ({pct(0)} of the variance); up:{' '}
        {k > 1 ? `PC2 (${pct(1)})` : 'nothing (one component)'}.
      </p>
      <DataTable
        scrollClassName="ancestry-scores"
        caption="Ancestry components table"
        rows={view.samples}
        rowKey={(_, i) => i}
        columns={[
          { key: 'sample', header: 'Sample', rowHeader: true, className: 'break', cell: (s) => s },
          ...(view.colourBy && view.colours
            ? [
                {
                  key: 'colour',
                  header: view.colourBy,
                  cell: (_: string, i: number) => view.colours?.[i] ?? '',
                },
              ]
            : []),
          ...Array.from({ length: k }, (_, c) => ({
            key: `pc${c + 1}`,
            header: `PC${c + 1}`,
            numeric: true,
            cell: (_: string, i: number) => score(view.scores[i][c]),
          })),
        ]}
      />
      {view.notes.map((note) => (
        <p key={note} className="help">
          {note}
        </p>
      ))}
    </div>
  );
});
