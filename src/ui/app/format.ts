/** Display formatting only (numbers to text); no data is computed here. */

/** "62.5 %" from 0.625. */
export function percent(p: number): string {
  return `${(p * 100).toFixed(1)} %`;
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
  const p = Math.round(v * 1000) / 10;
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p).toFixed(1)} percentage points`;
}
