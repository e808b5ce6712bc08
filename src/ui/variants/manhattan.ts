/**
 * Where each variant goes on the Manhattan plot: chromosomes in genome order (1–22, X, Y, XY, MT, then any other
 * name), each variant at its chromosome's offset plus its position, height −log10 p. Variants without a locus are
 * plotted by rank instead (all of them: a plot mixing the two would mislead), and the plot says why.
 */
import type { VariantImportanceRow } from '../../worker/api';

/** One dot of the plot. */
export interface ManhattanPoint {
  /** Index in the report's rows (ordered by p). */
  row: number;
  x: number;
  y: number;
  /** Index of its chromosome in genome order (alternating colours); 0 when plotted by rank. */
  band: number;
  /** The p-value was 0 (below 1 / null size): drawn at that bound, marked as such. */
  atBound: boolean;
}

/** The layout of the plot. */
export interface ManhattanLayout {
  points: ManhattanPoint[];
  byRank: boolean;
  /** Chromosome ticks (centre of each chromosome's span) when plotted by position. */
  ticks: { x: number; label: string }[];
  xMax: number;
  /** −log10 of the smallest p-value that can be told apart from 0 (1 / null size). */
  yBound: number;
  /** With one chromosome only (a zoomed region): its name and the position at x = 0, for a position axis. */
  single: { chromosome: string; origin: number } | null;
}

const NAMED_ORDER = ['X', 'Y', 'XY', 'MT', 'M'];

/** Sort key of a chromosome name: numbers first in numeric order, then X, Y, XY, MT, then others by name. */
function chromosomeKey(name: string): [number, number, string] {
  const bare = name.replace(/^chr/i, '');
  if (/^\d+$/.test(bare)) return [0, Number(bare), ''];
  const i = NAMED_ORDER.indexOf(bare.toUpperCase());
  return i >= 0 ? [1, i, ''] : [2, 0, bare];
}

function compareChromosomes(a: string, b: string): number {
  const ka = chromosomeKey(a);
  const kb = chromosomeKey(b);
  return ka[0] - kb[0] || ka[1] - kb[1] || (ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0);
}

/** −log10 p, with p = 0 drawn at the bound 1 / null size. */
function height(p: number, nullSize: number): number {
  return -Math.log10(p > 0 ? p : 1 / nullSize);
}

/** Lay out the rows (ordered by p) of an importance report. */
export function manhattanLayout(
  rows: readonly VariantImportanceRow[],
  nullSize: number,
): ManhattanLayout {
  const yBound = -Math.log10(1 / nullSize);
  const located = rows.filter((r) => r.chromosome !== null && r.position !== null);
  if (located.length === 0) {
    return {
      points: rows.map((r, i) => ({
        row: i,
        x: i + 1,
        y: height(r.pValue, nullSize),
        band: 0,
        atBound: r.pValue === 0,
      })),
      byRank: true,
      ticks: [],
      xMax: rows.length + 1,
      yBound,
      single: null,
    };
  }
  // Each chromosome spans from its smallest to its largest position, with a gap of 2 % of the genome between them.
  const spans = new Map<string, { lo: number; hi: number }>();
  for (const r of located) {
    const c = r.chromosome as string;
    const p = r.position as number;
    const s = spans.get(c);
    if (!s) spans.set(c, { lo: p, hi: p });
    else {
      s.lo = Math.min(s.lo, p);
      s.hi = Math.max(s.hi, p);
    }
  }
  const order = [...spans.keys()].sort(compareChromosomes);
  const total = order.reduce((a, c) => a + (spans.get(c)!.hi - spans.get(c)!.lo), 0);
  const gap = Math.max(1, total * 0.02);
  const offset = new Map<string, number>();
  const band = new Map<string, number>();
  const ticks: { x: number; label: string }[] = [];
  let at = 0;
  order.forEach((c, i) => {
    const s = spans.get(c)!;
    offset.set(c, at - s.lo);
    band.set(c, i);
    ticks.push({ x: at + (s.hi - s.lo) / 2, label: c });
    at += s.hi - s.lo + gap;
  });
  const points: ManhattanPoint[] = [];
  rows.forEach((r, i) => {
    if (r.chromosome === null || r.position === null) return;
    points.push({
      row: i,
      x: (offset.get(r.chromosome) as number) + r.position,
      y: height(r.pValue, nullSize),
      band: band.get(r.chromosome) as number,
      atBound: r.pValue === 0,
    });
  });
  points.sort((a, b) => a.x - b.x);
  const single =
    order.length === 1 ? { chromosome: order[0], origin: spans.get(order[0])!.lo } : null;
  return { points, byRank: false, ticks, xMax: Math.max(at - gap, 1), yBound, single };
}

/** The largest p-value whose BH q-value is below `q` (the height of the q line), or null when none is. */
export function pThresholdAtQ(rows: readonly VariantImportanceRow[], q: number): number | null {
  let best: number | null = null;
  for (const r of rows) if (r.qValue < q && (best === null || r.pValue > best)) best = r.pValue;
  return best;
}

/** The chromosomes the rows lie on, in genome order. */
export function chromosomesOf(rows: readonly VariantImportanceRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) if (r.chromosome !== null && r.position !== null) seen.add(r.chromosome);
  return [...seen].sort(compareChromosomes);
}

/** A region of the genome as typed: a chromosome and an optional position range (text, as in the inputs). */
export interface RegionInput {
  chromosome: string;
  from: string;
  to: string;
}

/** A region read from its inputs, or the reason it cannot be; null when no chromosome is chosen (whole genome). */
export function parseRegion(
  input: RegionInput,
): { chromosome: string; from: number; to: number } | { error: string } | null {
  if (input.chromosome === '') return null;
  const read = (text: string, fallback: number): number | null => {
    const t = text.trim().replace(/[,_\s]/g, '');
    if (t === '') return fallback;
    return /^\d+$/.test(t) ? Number(t) : null;
  };
  const from = read(input.from, 0);
  const to = read(input.to, Number.MAX_SAFE_INTEGER);
  if (from === null || to === null)
    return { error: 'Positions are whole numbers of base pairs, e.g. 1200000.' };
  if (from > to) return { error: `The range starts (${from}) after it ends (${to}).` };
  return { chromosome: input.chromosome, from, to };
}

/** The rows inside a region (its chromosome, from ≤ position ≤ to), in their order. */
export function rowsInRegion<T extends VariantImportanceRow>(
  rows: readonly T[],
  region: { chromosome: string; from: number; to: number },
): T[] {
  return rows.filter(
    (r) =>
      r.chromosome === region.chromosome &&
      r.position !== null &&
      r.position >= region.from &&
      r.position <= region.to,
  );
}
