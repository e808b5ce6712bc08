/**
 * Display formatting only (numbers to text); no data is computed here. The one policy for figures, in Evaluate,
 * Predict and the reports alike: probabilities and shares of patients as percentages with one decimal ("62.5 %",
 * ranges "80.1–88.0 %"), differences and spreads of them in percentage points ("+4.2 percentage points"), scores on
 * a 0–1 scale (ROC AUC, average precision, Brier score, net benefit) with three decimals ("0.801", ranges
 * "0.801–0.880"), decision thresholds with two ("0.50"). Every read-out formats through these, so one figure never
 * shows two ways.
 */
import type { Interval } from '../../worker/api';

/** "62.5 %" from 0.625; `missing` ('–') for a figure that could not be computed. */
export function percent(p: number, missing = '–'): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(1)} %` : missing;
}

function known(ci: Interval | null | undefined): ci is Interval {
  return !!ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]);
}

/** "80.1–88.0 %" for an interval of proportions, or '' when it is unknown. */
export function percentRange(ci: Interval | null | undefined): string {
  return known(ci) ? `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)} %` : '';
}

/**
 * AUC, average precision, Brier score and net benefit: three decimals, like their intervals and the engine's
 * summary sentence, so the table and the charts never differ in the last digit; `missing` ('–') when unknown.
 */
export function scoreText(x: number | null | undefined, missing = '–'): string {
  return x === null || x === undefined || !Number.isFinite(x) ? missing : x.toFixed(3);
}

/** "0.801–0.880" (three decimals, as the scores; fewer for a calibration slope), or '' when unknown. */
export function numberRange(ci: Interval | null | undefined, digits = 3): string {
  return known(ci) ? `${ci[0].toFixed(digits)}–${ci[1].toFixed(digits)}` : '';
}

/** A calibration intercept or slope (a logistic coefficient): two decimals, "0.84"; `missing` when unknown. */
export function coefficientText(x: number, missing = '–'): string {
  return Number.isFinite(x) ? x.toFixed(2) : missing;
}

/** `figure` followed by " (0.801–0.880)" when the interval is known. */
export function withRange(figure: string, range: string): string {
  return range ? `${figure} (${range})` : figure;
}

/**
 * A difference of two probabilities (0.042) in percentage points, written out: "+4.2 percentage points" (signed
 * with a true minus), or unsigned "4.2 percentage points" for a spread such as a standard deviation.
 */
export function percentagePoints(delta: number, signed = true): string {
  const v = Math.abs(delta * 100).toFixed(1);
  if (!signed) return `${v} percentage points`;
  const sign = v === '0.0' ? '' : delta > 0 ? '+' : '−';
  return `${sign}${v} percentage points`;
}

/** A confidence level as a whole percentage where it is one: "90 %", "97.5 %". */
export function confidenceText(c: number): string {
  return `${Math.round(c * 1000) / 10} %`;
}

/** A decision threshold on the probability scale: "0.50". */
export function thresholdText(t: number): string {
  return t.toFixed(2);
}

/**
 * Probabilities as percentages with one decimal that add up exactly to what the probabilities add
 * up to (largest-remainder rounding), so a table of two classes never shows 100.1 %.
 */
export function roundedPercents(ps: number[]): number[] {
  const tenths = ps.map((p) => Math.max(0, p) * 1000);
  const floors = tenths.map(Math.floor);
  const target = Math.round(tenths.reduce((a, b) => a + b, 0));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const order = tenths
    .map((t, i) => ({ i, r: t - Math.floor(t) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] += 1;
    missing -= 1;
  }
  return floors.map((f) => f / 10);
}

/** "62.5 %" for a percentage already rounded to one decimal (roundedPercents). */
export function percentText(pct: number): string {
  return `${pct.toFixed(1)} %`;
}

/** A short readable number: integers as they are, others with 4 significant digits. */
export function formatNumber(n: number | undefined | null): string {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  if (Number.isInteger(n)) return n.toLocaleString('en-US').replace(/,/g, '\u202f');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e7)) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function delimiterName(d: string): string {
  if (d === ',') return 'comma';
  if (d === ';') return 'semicolon';
  if (d === '\t') return 'tab';
  if (d === '|') return 'vertical bar';
  return `“${d}”`;
}

/**
 * How a loaded table was read, for "Read as": "tab-separated text" for a delimited file, the genotype format
 * otherwise ("VCF", "PLINK .bed + .bim + .fam", "PLINK .raw"), with the clinical table's delimiter when one was
 * joined. A genotype file has no delimiter of its own, so calling it comma-separated would be false.
 */
export function readAsText(table: {
  delimiter: string;
  format?: 'text' | 'plink-raw' | 'plink-bed' | 'vcf';
  join?: unknown;
}): string {
  const text = (d: string) => (d ? `${delimiterName(d)}-separated text` : 'text');
  const genotypes =
    table.format === 'vcf'
      ? 'VCF'
      : table.format === 'plink-bed'
        ? 'PLINK .bed + .bim + .fam'
        : table.format === 'plink-raw'
          ? 'PLINK .raw'
          : null;
  if (!genotypes) return text(table.delimiter);
  return table.join ? `${genotypes} joined to ${text(table.delimiter)}` : genotypes;
}

/** A difference of probabilities in percentage points, signed and written out: "+12.3 percentage points". */
export function signedPoints(v: number): string {
  return `${signedPointsNumber(v)} percentage points`;
}

/** The same figure without its unit ("+12.3"), for table cells whose caption says "in percentage points". */
export function signedPointsNumber(v: number): string {
  const p = Math.round(v * 1000) / 10;
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p).toFixed(1)}`;
}
