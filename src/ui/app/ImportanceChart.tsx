import { memo } from 'react';
import { BarRows } from './BarRows';
import { shortName } from '../load/shortName';

/** Evenly spaced ticks from `lo` to `hi`, `count` of them. */
function evenTicks(lo: number, hi: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

export interface ImportanceBar {
  feature: string;
  value: number;
}

interface Props {
  bars: ImportanceBar[];
  /** The chart's text alternative (the same numbers are in a table beside it). */
  label: string;
  tick: (value: number) => string;
}

/** Horizontal bars of features' importance, largest first; negative values are drawn muted. */
export const ImportanceChart = memo(function ImportanceChart({ bars, label, tick }: Props) {
  const lo = Math.min(0, ...bars.map((b) => b.value));
  const hi = Math.max(0, ...bars.map((b) => b.value));
  const top = hi > lo ? hi : lo + 1;
  return (
    <BarRows
      label={label}
      domain={[lo, top]}
      ticks={evenTicks(lo, top, lo < 0 ? 3 : 4)}
      tick={tick}
      rows={bars.map((b, i) => ({
        key: `${i}-${b.feature}`,
        name: shortName(b.feature, 40),
        from: 0,
        to: b.value,
        colour: b.value < 0 ? 'var(--muted)' : 'var(--accent)',
      }))}
    />
  );
});
