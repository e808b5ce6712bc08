import { memo } from 'react';
import type { SurvivalDrivers as Drivers } from '../../worker/api';
import { BarRows } from '../app/BarRows';
import { useChartTheme } from '../app/chartTheme';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';
import { shortName } from '../load/shortName';

/** Features drawn as their own step; the rest are one "other features" step. */
const STEPS = 10;
const LISTED = 5;

const pct = (p: number) => `${(Math.round(p * 1000) / 10).toFixed(1)} %`;
const times = (f: number) => `×${f.toFixed(3)}`;
const effect = (shap: number) =>
  shap > 0 ? 'raises the risk' : shap < 0 ? 'lowers the risk' : 'no effect';

/**
 * "What drove it": TreeSHAP at the horizon as a waterfall from the share event-free with nothing known to this
 * patient's, each feature multiplying it by its factor, with the lists each way and a table of every feature.
 */
export const SurvivalDrivers = memo(function SurvivalDrivers({
  drivers,
  survivalAt,
  when,
}: {
  drivers: Drivers;
  survivalAt: number;
  /** The horizon in words, e.g. "365 days". */
  when: string;
}) {
  const theme = useChartTheme();
  const all = drivers.contributions;
  const shown = all.slice(0, STEPS);
  let restShap = drivers.restShap;
  for (let i = STEPS; i < all.length; i++) restShap += all[i].shap;
  const restCount = drivers.restCount + Math.max(0, all.length - STEPS);
  const up = all.filter((c) => c.shap > 0).slice(0, LISTED);
  const down = all.filter((c) => c.shap < 0).slice(0, LISTED);

  type Step = { name: string; range: [number, number]; kind: 'base' | 'up' | 'down' | 'final' };
  const steps: Step[] = [
    {
      name: 'Nothing known',
      range: [0, drivers.baseProbability * 100],
      kind: 'base',
    },
  ];
  let running = drivers.baseProbability;
  const add = (name: string, shap: number) => {
    const next = running * Math.exp(-shap);
    steps.push({
      name,
      range: [Math.min(running, next) * 100, Math.max(running, next) * 100],
      kind: shap > 0 ? 'up' : 'down',
    });
    running = next;
  };
  for (const c of shown) add(shortName(`${c.feature} = ${c.value}`, 40), c.shap);
  if (restCount > 0) add(`${formatCount(restCount)} other features`, restShap);
  steps.push({ name: 'This patient', range: [0, survivalAt * 100], kind: 'final' });
  const colour = (kind: Step['kind']): string =>
    kind === 'up' ? theme.series[1] : kind === 'down' ? theme.series[2] : theme.muted;
  const describe = (c: { feature: string; value: string; factor: number }) =>
    `${c.feature} = ${c.value} (${times(c.factor)})`;
  const sentence = `With nothing known about the patient, the model expects ${pct(drivers.baseProbability)} to be event-free at ${when}; each of this patient’s values multiplies that by its factor, to ${pct(survivalAt)}.`;
  const label = `Waterfall chart of the share event-free at ${when}. ${sentence} Raise the risk most: ${
    up.map(describe).join(', ') || 'nothing'
  }. Lower the risk most: ${down.map(describe).join(', ') || 'nothing'}. Every feature is in the table below.`;

  const list = (items: typeof all, cls: string) =>
    items.length > 0 ? (
      <ul className="contrib-list">
        {items.map((c) => (
          <li key={c.feature}>
            <span className="break">
              <strong>{c.feature}</strong> = {c.value}
            </span>{' '}
            <span className={cls}>{times(c.factor)}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">No feature.</p>
    );

  return (
    <section className="explanation" aria-label="What drove it">
      <h3 className="sub-title">What drove it</h3>
      <p>What raises or lowers this patient’s risk of the event by {when}.</p>
      <p>{sentence}</p>
      <div className="explain-lists">
        <div>
          <h4 className="sub-title sub-title-small">Raise the risk by {when}</h4>
          {list(up, 'contrib-up')}
        </div>
        <div>
          <h4 className="sub-title sub-title-small">Lower the risk by {when}</h4>
          {list(down, 'contrib-down')}
        </div>
      </div>
      <BarRows
        className="chart-waterfall"
        label={label}
        domain={[0, 100]}
        ticks={[0, 25, 50, 75, 100]}
        tick={(v) => `${v} %`}
        reference={drivers.baseProbability * 100}
        rows={steps.map((s, i) => ({
          key: `${i}-${s.name}`,
          name: s.name,
          from: s.range[0],
          to: s.range[1],
          colour: colour(s.kind),
        }))}
      />
      <p className="help">
        Each feature’s contribution (TreeSHAP, exact for the forest’s cumulative hazard at {when})
        is how much knowing its value moved the patient’s cumulative hazard there; as survival is
        exp(−hazard), it multiplies the share event-free by its factor, and the factors multiply
        exactly to this patient’s figure. They describe the model, not cause and effect.
      </p>
      <DataTable
        caption={`What drove the risk by ${when}: each feature’s contribution`}
        showCaption
        className="compact"
        rows={[
          ...all.map((c) => ({
            feature: c.feature,
            value: c.value,
            effect: effect(c.shap),
            factor: times(c.factor),
            shap: c.shap.toFixed(4),
          })),
          ...(drivers.restCount > 0
            ? [
                {
                  feature: `${formatCount(drivers.restCount)} other features`,
                  value: '',
                  effect: effect(drivers.restShap),
                  factor: times(Math.exp(-drivers.restShap)),
                  shap: drivers.restShap.toFixed(4),
                },
              ]
            : []),
        ]}
        rowKey={(r, i) => `${i}-${r.feature}`}
        columns={[
          {
            key: 'f',
            header: 'Feature',
            rowHeader: true,
            className: 'break',
            cell: (r) => r.feature,
          },
          { key: 'v', header: 'Value', className: 'break', cell: (r) => r.value },
          { key: 'e', header: `By ${when}`, cell: (r) => r.effect },
          { key: 'x', header: 'Multiplies event-free by', numeric: true, cell: (r) => r.factor },
          {
            key: 's',
            header: 'Contribution to cumulative hazard',
            numeric: true,
            cell: (r) => r.shap,
          },
        ]}
      />
    </section>
  );
});
