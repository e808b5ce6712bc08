/**
 * Colours for charts. SVG attributes cannot read CSS custom properties reliably, so charts take
 * colours from here, following the user's colour scheme.
 */
import { useSyncExternalStore } from 'react';
import type { XAxisProps, YAxisProps } from 'recharts';

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  /** One colour per series / class, in order. */
  series: string[];
  accent: string;
}

const LIGHT: ChartTheme = {
  text: '#1b2420',
  muted: '#56635d',
  grid: '#dfe5e2',
  series: ['#0f6e57', '#b4531a', '#3563b0', '#8a3ea8', '#a3831a', '#2a8a9e', '#b0305a', '#5a6b1f'],
  accent: '#0f6e57',
};

const DARK: ChartTheme = {
  text: '#e4ece8',
  muted: '#a4b2ab',
  grid: '#34403b',
  series: ['#4fc7a3', '#f29a5c', '#7fa7ee', '#c592e0', '#e0c25a', '#6cd0e0', '#ef7fa2', '#a9c46a'],
  accent: '#4fc7a3',
};

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export function useChartTheme(): ChartTheme {
  const dark = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
  return dark ? DARK : LIGHT;
}

export function seriesColor(theme: ChartTheme, i: number): string {
  return theme.series[i % theme.series.length];
}

/** Props that fit both an XAxis and a YAxis, to spread onto either. */
type AxisProps = Partial<XAxisProps & YAxisProps>;

/** Muted tick text and an axis line in the grid's colour. */
export function axisStyle(theme: ChartTheme) {
  return { tick: { fill: theme.muted, fontSize: 12 }, stroke: theme.grid } satisfies AxisProps;
}

/** A numeric 0–100 axis labelled in percent (probabilities drawn as percentages). */
export function percentAxisProps(theme: ChartTheme): AxisProps {
  return {
    type: 'number',
    domain: [0, 100],
    ticks: [0, 25, 50, 75, 100],
    ...axisStyle(theme),
    tickFormatter: (v: number) => `${v} %`,
  };
}

/** A numeric 0–1 axis (rates and probabilities as fractions). */
export function unitAxisProps(theme: ChartTheme): AxisProps {
  return { type: 'number', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], ...axisStyle(theme) };
}

/** An axis title under a horizontal axis. */
export function bottomAxisLabel(theme: ChartTheme, value: string): AxisProps['label'] {
  return { value, position: 'insideBottom', offset: -14, fill: theme.muted, fontSize: 12 };
}

/** The category axis under vertical bars: every name shown, in the text colour. */
export function categoryAxisProps(theme: ChartTheme, dataKey: string): AxisProps {
  return {
    dataKey,
    interval: 0,
    tick: { fill: theme.text, fontSize: 13 },
    stroke: theme.grid,
  };
}
