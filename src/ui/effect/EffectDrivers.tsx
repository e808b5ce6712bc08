/**
 * What drives the effect (issue 18): each column's share of the causal forest's depth-weighted splits (grf's
 * variable_importance), as bars and a table with the same numbers. The effect forest splits where the effect
 * differs, so a large share means the effect varies with that column — not its direction, nor its size.
 */
import type { EffectReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { ImportanceChart } from '../app/ImportanceChart';
import { percent } from '../app/format';
import { shortName } from '../load/shortName';

type EffectDriver = EffectReport['drivers'][number];

/** Columns shown as bars (the table lists them all). */
const BARS = 10;

export function EffectDrivers({ drivers }: { drivers: EffectDriver[] }) {
  if (drivers.every((d) => d.importance === 0))
    return (
      <p>
        The effect forest made no splits, so no column stands out: every patient gets about the
        average effect.
      </p>
    );
  const top = drivers.slice(0, BARS);
  return (
    <div className="effect-drivers">
      <p>
        The columns the effect forest splits on most (early splits count most): the effect differs
        most between patients along these. A share says nothing of the effect's direction or size,
        and is the same for every patient — a per-patient split of the effect (as TreeSHAP gives for
        predictions) does not add up for a causal forest, whose effect is a ratio of averages over
        its trees.
      </p>
      <ImportanceChart
        bars={top.map((d) => ({ feature: d.feature, value: d.importance }))}
        label={`What drives the effect: ${top
          .slice(0, 3)
          .map((d) => `${shortName(d.feature)} ${percent(d.importance)}`)
          .join(', ')} of the effect forest's splits`}
        tick={(v) => `${Math.round(v * 100)} %`}
      />
      <DataTable
        caption="What drives the effect: each column's share of the effect forest's depth-weighted splits"
        showCaption
        className="compact"
        columns={[
          {
            key: 'feature',
            header: 'Column',
            rowHeader: true,
            cell: (d: EffectDriver) => shortName(d.feature),
          },
          {
            key: 'share',
            header: 'Share of splits',
            numeric: true,
            cell: (d) => percent(d.importance),
          },
        ]}
        rows={drivers}
        rowKey={(d) => d.feature}
      />
    </div>
  );
}
