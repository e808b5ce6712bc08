import { useDeferredValue, useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { FeatureImportance as Importance } from '../../worker/api';
import { axisStyle, featureAxisProps, useChartTheme } from '../app/chartTheme';
import { SelectField } from '../app/Field';
import { formatCount, formatNumber, percent, shortText } from '../app/format';

const TOP = 20;
const MAX_ROWS = 200;

type Measure = 'permutation' | 'impurity';

interface Props {
  permutation: Importance[];
  impurity: Importance[];
}

/** Permutation and impurity importance: the top 20 as bars, every feature in a searchable table. */
export function FeatureImportance({ permutation, impurity }: Props) {
  const theme = useChartTheme();
  const [measure, setMeasure] = useState<Measure>(
    permutation.length > 0 ? 'permutation' : 'impurity',
  );
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const searchId = useId();
  const impurityTotal = impurity.reduce((a, b) => a + b.importance, 0) || 1;
  const perm = new Map(permutation.map((f) => [f.feature, f.importance]));
  const imp = new Map(impurity.map((f) => [f.feature, f.importance / impurityTotal]));
  const rank = new Map(impurity.map((f, i) => [f.feature, i + 1]));

  const chosen = measure === 'permutation' ? permutation : impurity;
  const show = (f: Importance): string =>
    measure === 'permutation' ? formatNumber(f.importance) : percent(f.importance / impurityTotal);
  const top = chosen.slice(0, TOP);
  const data = top.map((f) => ({
    feature: shortText(f.feature, 22),
    value: measure === 'permutation' ? f.importance : (f.importance / impurityTotal) * 100,
  }));
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
      <div
        className="chart"
        role="img"
        aria-label={label}
        style={{ height: Math.max(160, data.length * 24 + 40) }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke={theme.grid} />
            <XAxis
              type="number"
              {...axisStyle(theme)}
              tickFormatter={(v: number) =>
                measure === 'permutation' ? formatNumber(v) : `${v.toFixed(0)} %`
              }
            />
            <YAxis {...featureAxisProps(theme, 'feature')} />
            <Bar dataKey="value" radius={[0, 3, 3, 0]} isAnimationActive={false}>
              {data.map((d, i) => (
                <Cell key={i} fill={d.value < 0 ? theme.muted : theme.accent} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="help">
        Permutation importance: how much the ROC AUC on held-out patients drops when a feature’s
        values are shuffled (computed for the most important features; near zero or negative means
        the model does not need it). Impurity importance favours columns with many distinct values.
        Neither says in which direction a feature acts: see a patient’s explanation for that.
      </p>

      <div className="field field-inline">
        <label htmlFor={searchId}>Search features</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          placeholder="Feature name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div
        className="table-scroll importance-table"
        role="region"
        aria-label="All features’ importance"
        tabIndex={0}
      >
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col" className="num">
                Permutation (AUC drop)
              </th>
              <th scope="col" className="num">
                Impurity share
              </th>
              <th scope="col" className="num">
                Impurity rank
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => {
              const p = perm.get(f.feature);
              return (
                <tr key={f.feature}>
                  <th scope="row" className="break">
                    {f.feature}
                  </th>
                  <td className="num">{p === undefined ? 'not computed' : formatNumber(p)}</td>
                  <td className="num">{percent(imp.get(f.feature) ?? 0)}</td>
                  <td className="num">{rank.get(f.feature) ?? '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
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
}
