import { memo, useDeferredValue, useState } from 'react';
import type { FeatureImportance as Importance } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { ImportanceChart } from '../app/ImportanceChart';
import { SearchField, SelectField } from '../app/Field';
import { formatCount, formatNumber, percent } from '../app/format';

const TOP = 20;
const MAX_ROWS = 200;

type Measure = 'permutation' | 'impurity';

interface Props {
  permutation: Importance[];
  impurity: Importance[];
}

/** Permutation and impurity importance: the top 20 as bars, every feature in a searchable table. Memoised: recharts re-renders are costly. */
export const FeatureImportance = memo(function FeatureImportance({ permutation, impurity }: Props) {
  const [measure, setMeasure] = useState<Measure>(
    permutation.length > 0 ? 'permutation' : 'impurity',
  );
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const impurityTotal = impurity.reduce((a, b) => a + b.importance, 0) || 1;
  const perm = new Map(permutation.map((f) => [f.feature, f.importance]));
  const imp = new Map(impurity.map((f) => [f.feature, f.importance / impurityTotal]));
  const rank = new Map(impurity.map((f, i) => [f.feature, i + 1]));

  const chosen = measure === 'permutation' ? permutation : impurity;
  const show = (f: Importance): string =>
    measure === 'permutation' ? formatNumber(f.importance) : percent(f.importance / impurityTotal);
  const top = chosen.slice(0, TOP);
  const label = `Bar chart of the ${top.length} most important features by ${measure} importance: ${top
    .slice(0, 5)
    .map((f) => `${f.feature} ${show(f)}`)
    .join(', ')}${top.length > 5 ? ', …' : ''}. All features are in the table below.`;

  // Every feature, ordered by the chosen measure (features without a permutation value go last).
  const order =
    measure === 'permutation'
      ? [...permutation, ...impurity.filter((f) => !perm.has(f.feature))]
      : impurity;
  const needle = deferred.trim().toLowerCase();
  const matching = needle ? order.filter((f) => f.feature.toLowerCase().includes(needle)) : order;
  const rows = matching.slice(0, MAX_ROWS);

  return (
    <div className="importance" role="region" aria-label="Feature importance">
      <h3 className="sub-title">Which features matter</h3>
      <SelectField
        label="Importance measure"
        className="importance-measure"
        value={measure}
        onChange={(v) => setMeasure(v as Measure)}
        options={[
          ...(permutation.length > 0
            ? [
                {
                  value: 'permutation',
                  label: 'Permutation (held-out AUC drop)',
                },
              ]
            : []),
          { value: 'impurity', label: 'Impurity (share of splitting gain)' },
        ]}
      />
      <ImportanceChart
        bars={top.map((f) => ({
          feature: f.feature,
          value: measure === 'permutation' ? f.importance : (f.importance / impurityTotal) * 100,
        }))}
        label={label}
        tick={(v) => (measure === 'permutation' ? formatNumber(v) : `${v.toFixed(0)} %`)}
      />
      <p className="help">
        Permutation importance: how much the ROC AUC on held-out patients drops when a feature’s
        values are shuffled (computed for the most important features; near zero or negative means
        the model does not need it). Impurity importance favours columns with many distinct values.
        Neither says in which direction a feature acts: see a patient’s explanation for that.
      </p>

      <SearchField
        label="Search features"
        placeholder="Feature name"
        value={search}
        onChange={setSearch}
      />
      <DataTable
        caption="All features’ importance"
        className="compact"
        scrollClassName="importance-table"
        rows={rows}
        rowKey={(f) => f.feature}
        columns={[
          {
            key: 'feature',
            header: 'Feature',
            rowHeader: true,
            className: 'break',
            cell: (f) => f.feature,
          },
          {
            key: 'perm',
            header: 'Permutation (AUC drop)',
            numeric: true,
            cell: (f) => {
              const p = perm.get(f.feature);
              return p === undefined ? 'not computed' : formatNumber(p);
            },
          },
          {
            key: 'share',
            header: 'Impurity share',
            numeric: true,
            cell: (f) => percent(imp.get(f.feature) ?? 0),
          },
          {
            key: 'rank',
            header: 'Impurity rank',
            numeric: true,
            cell: (f) => rank.get(f.feature) ?? '–',
          },
        ]}
      />
      <p className="note" aria-live="polite">
        {matching.length === 0
          ? `No feature name contains “${deferred}”.`
          : matching.length > rows.length
            ? `Showing ${rows.length} of ${formatCount(matching.length)} features; search to find the others.`
            : needle
              ? `${formatCount(matching.length)} of ${formatCount(order.length)} features match.`
              : ''}
      </p>
    </div>
  );
});
