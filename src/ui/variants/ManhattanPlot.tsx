import { memo, useId, useMemo, useState, type KeyboardEvent } from 'react';
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  XAxis,
  YAxis,
} from 'recharts';
import type { VariantEffectsReport, VariantImportanceRow } from '../../worker/api';
import { axisStyle, seriesColor, useChartTheme } from '../app/chartTheme';
import { formatCount } from '../app/format';
import { manhattanLayout, pThresholdAtQ, type ManhattanPoint } from './manhattan';
import { effectWords, variantWords } from './variantText';

/** Points drawn at most (the smallest p-values); recharts draws each as an SVG element. */
const MAX_POINTS = 4000;

interface Props {
  rows: readonly VariantImportanceRow[];
  nullSize: number;
  /** Permutation importance and direction of the top variants, once measured. */
  effects?: VariantEffectsReport | null;
  /** The rows are a zoomed region (said in the plot's name). */
  region?: string | null;
  /** Every row of the report when `rows` is a region: the q = 0.05 line is the genome-wide one. */
  allRows?: readonly VariantImportanceRow[];
}

/**
 * Manhattan plot: −log10 p of every variant along the genome (alternating colours by chromosome), with the line
 * above which q < 0.05. One tab stop: the arrow keys move along the variants (Home/End: first and last), and the
 * chosen variant's name, alleles, MAF, p and q are read out below the plot; hovering or clicking a dot chooses it.
 */
export const ManhattanPlot = memo(function ManhattanPlot({
  rows,
  nullSize,
  effects = null,
  region = null,
  allRows = rows,
}: Props) {
  const theme = useChartTheme();
  const statusId = useId();
  const helpId = useId();
  const layout = useMemo(() => manhattanLayout(rows, nullSize), [rows, nullSize]);
  const shown = useMemo(
    () =>
      layout.points.length > MAX_POINTS
        ? layout.points.filter((p) => p.row < MAX_POINTS)
        : layout.points,
    [layout],
  );
  const [chosenAt, setChosen] = useState<number | null>(null);
  // A zoom changes the points: a choice past the new end is dropped.
  const chosen = chosenAt !== null && chosenAt < shown.length ? chosenAt : null;
  const point = chosen !== null ? shown[chosen] : null;
  const effectOf = useMemo(
    () => new Map((effects?.effects ?? []).map((e) => [e.name, e])),
    [effects],
  );
  const threshold = pThresholdAtQ(allRows, 0.05);
  // No variant called: a variant would need p < 0.05 / m to be the first one (BH at rank 1).
  const lineP = threshold ?? 0.05 / Math.max(1, allRows.length);
  const lineY = -Math.log10(lineP > 0 ? lineP : 1 / nullSize);
  const yMax = Math.max(layout.yBound, lineY, ...shown.map((p) => p.y)) * 1.05;
  const even = shown.filter((p) => p.band % 2 === 0);
  const odd = shown.filter((p) => p.band % 2 === 1);

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (shown.length === 0) return;
    const last = shown.length - 1;
    let next: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown')
      next = chosen === null ? 0 : Math.min(last, chosen + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp')
      next = chosen === null ? last : Math.max(0, chosen - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    if (next !== null) {
      e.preventDefault();
      setChosen(next);
    }
  }

  const choose = (p: ManhattanPoint | undefined) => {
    if (!p) return;
    const i = shown.indexOf(p);
    if (i >= 0) setChosen(i);
  };
  const pick = (data: unknown) => choose((data as { payload?: ManhattanPoint }).payload);

  const label =
    `Manhattan plot: −log10 p of ${formatCount(shown.length)} variants ` +
    (layout.byRank ? 'by rank' : region ? `in ${region}` : 'along the genome') +
    `, with the q = 0.05 line at −log10 p = ${lineY.toFixed(2)}. Arrow keys move from variant to variant.`;

  return (
    <figure className="manhattan">
      <div
        className="manhattan-plot"
        role="group"
        aria-label={label}
        aria-describedby={`${statusId} ${helpId}`}
        tabIndex={0}
        onKeyDown={onKey}
        onFocus={() => chosen === null && shown.length > 0 && setChosen(0)}
      >
        <ResponsiveContainer width="100%" height={320}>
          <ScatterChart margin={{ top: 10, right: 16, bottom: 28, left: 8 }}>
            <CartesianGrid stroke={theme.grid} vertical={false} />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, layout.xMax]}
              {...axisStyle(theme)}
              {...(layout.byRank
                ? {}
                : layout.single && region
                  ? {
                      // Positions are whole bases: a narrow region must not tick at 10,548.25.
                      allowDecimals: false,
                      tickFormatter: (x: number) =>
                        formatCount(x + (layout.single as { origin: number }).origin),
                    }
                  : {
                      ticks: layout.ticks.map((t) => t.x),
                      tickFormatter: (x: number) =>
                        layout.ticks.find((t) => t.x === x)?.label ?? '',
                      interval: 0,
                    })}
              label={{
                value: layout.byRank
                  ? 'Rank (by p)'
                  : layout.single && region
                    ? `Position on chromosome ${layout.single.chromosome}`
                    : 'Chromosome',
                position: 'insideBottom',
                offset: -16,
                fill: theme.muted,
                fontSize: 12,
              }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, Number(yMax.toFixed(2))]}
              {...axisStyle(theme)}
              tickFormatter={(v: number) => v.toFixed(1)}
              label={{
                value: '−log10 p',
                angle: -90,
                position: 'insideLeft',
                fill: theme.muted,
                fontSize: 12,
              }}
            />
            <ReferenceLine
              y={lineY}
              stroke={theme.series[1]}
              strokeDasharray="6 3"
              label={{
                value: threshold === null ? 'q = 0.05 (none reached)' : 'q = 0.05',
                position: 'insideTopRight',
                fill: theme.muted,
                fontSize: 12,
              }}
            />
            <Scatter
              data={even}
              fill={seriesColor(theme, 0)}
              isAnimationActive={false}
              onClick={pick}
              onMouseEnter={pick}
            />
            <Scatter
              data={odd}
              fill={seriesColor(theme, 2)}
              isAnimationActive={false}
              onClick={pick}
              onMouseEnter={pick}
            />
            {point && (
              <Scatter
                data={[point]}
                fill="none"
                stroke={theme.text}
                strokeWidth={2}
                shape="circle"
                isAnimationActive={false}
              />
            )}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <p className="manhattan-chosen" id={statusId} role="status">
          {point
            ? chosenWords(rows[point.row], nullSize, effects, effectOf)
            : 'Focus the plot and use the arrow keys, or point at a dot, to see a variant.'}
        </p>
        <p className="help" id={helpId}>
          {layout.byRank
            ? 'The file gives no chromosome or position (a table, or names without a locus), so the variants are plotted by rank of p instead of along the genome.'
            : `Chromosomes in alternating colours; a dot on or above the dashed line has q < 0.05.${layout.points.length < rows.length ? ` ${formatCount(rows.length - layout.points.length)} features without a locus (e.g. clinical columns) are in the table only.` : ''}`}
          {shown.length < layout.points.length
            ? ` The ${formatCount(MAX_POINTS)} smallest p-values are drawn; all are in the table.`
            : ''}
          {layout.points.some((p) => p.atBound)
            ? ` p = 0 (above every null value) is drawn at p = 1/${formatCount(nullSize)}.`
            : ''}
        </p>
      </figcaption>
    </figure>
  );
});

/** The chosen variant in words, with its permutation importance and direction when they were measured. */
function chosenWords(
  v: VariantImportanceRow,
  nullSize: number,
  effects: VariantEffectsReport | null,
  effectOf: Map<string, VariantEffectsReport['effects'][number]>,
): string {
  const words = variantWords(v, nullSize);
  const e = effectOf.get(v.name);
  return e && effects ? `${words}; ${effectWords(e, effects.riskOf, v.counted)}` : words;
}
