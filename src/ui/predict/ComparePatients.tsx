import { DataTable } from '../app/DataTable';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useAppState } from '../app/storeContext';
import { categoryAxisProps, percentAxisProps, seriesColor, useChartTheme } from '../app/chartTheme';
import { percentText, roundedPercents } from '../app/format';

/** The patients ticked for comparison, side by side on one grouped bar chart and in a table. */
export function ComparePatients() {
  const patients = useAppState((s) => s.predict.patients);
  const theme = useChartTheme();
  const chosen = patients.filter((p) => p.compare);
  if (chosen.length < 2) return null;

  // Classes in the order of the first patient, then any others (models may differ between patients).
  const classes: string[] = [];
  for (const p of chosen)
    for (const c of p.prediction.classes) if (!classes.includes(c)) classes.push(c);
  const name = (i: number) => chosen[i].name || `Patient #${chosen[i].id}`;
  const shown = chosen.map((p) => roundedPercents(p.prediction.probabilities));
  const pctOf = (pi: number, c: string): number | null => {
    const k = chosen[pi].prediction.classes.indexOf(c);
    return k < 0 ? null : shown[pi][k];
  };
  const data = classes.map((c) => {
    const row: Record<string, string | number> = { name: c };
    chosen.forEach((_p, pi) => {
      row[`p${pi}`] = pctOf(pi, c) ?? 0;
    });
    return row;
  });
  const summary = `Grouped bar chart comparing ${chosen.length} patients. ${chosen
    .map(
      (_p, pi) =>
        `${name(pi)}: ${classes.map((c) => `${c} ${percentText(pctOf(pi, c) ?? 0)}`).join(', ')}`,
    )
    .join('. ')}. The same numbers are in the table.`;

  return (
    <div className="compare" role="region" aria-label="Compared patients">
      <h3 className="sub-title">Compared patients</h3>
      <div className="chart-and-table">
        <div className="chart chart-compare" role="img" aria-label={summary}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid vertical={false} stroke={theme.grid} />
              <XAxis {...categoryAxisProps(theme, 'name')} />
              <YAxis {...percentAxisProps(theme)} width={56} />
              <Legend itemSorter={null} wrapperStyle={{ color: theme.text, fontSize: 13 }} />
              {chosen.map((p, pi) => (
                <Bar
                  key={p.id}
                  dataKey={`p${pi}`}
                  name={name(pi)}
                  fill={seriesColor(theme, pi + 2)}
                  radius={[3, 3, 0, 0]}
                  maxBarSize={56}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <DataTable
          caption="Compared patients table"
          scrollRole="group"
          rows={chosen}
          rowKey={(p) => p.id}
          columns={[
            {
              key: 'name',
              header: 'Patient',
              rowHeader: true,
              className: 'break',
              cell: (_, pi) => name(pi),
            },
            ...classes.map((c) => ({
              key: c,
              header: c,
              numeric: true,
              cell: (_: unknown, pi: number) => {
                const v = pctOf(pi, c);
                return v === null ? '–' : percentText(v);
              },
            })),
            { key: 'best', header: 'Most likely', cell: (p) => p.prediction.predictedClass },
          ]}
        />
      </div>
    </div>
  );
}
