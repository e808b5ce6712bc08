/**
 * Delimiter detection for text tables of any width. A genotype file can have a header line of several
 * megabytes: the guess waits for the complete header line (and the rows after it when they are short
 * enough), so a wide tab-separated file is never mistaken for one comma-separated column.
 */
import Papa from 'papaparse';

/** Delimiters handed to papaparse; WHITESPACE is handled by splitting on runs of blanks. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** Runs of spaces (and tabs) between cells, as PLINK's .raw and many .txt exports write them. */
export const WHITESPACE = ' ';

/** Text looked at beyond the header line when guessing (the header line itself is always complete). */
export const SNIFF_CHARS = 64 * 1024;
const PREVIEW_ROWS = 30;

/** Index just past the header line's "\n" (quotes respected), or -1 when the line is not complete yet. */
export function headerLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) return i + 1;
  }
  return -1;
}

/** Splits one line on runs of blanks (no quoting, as PLINK writes it). */
export function splitWhitespace(line: string): string[] {
  const t = line.trim();
  return t === '' ? [''] : t.split(/[ \t]+/);
}

/**
 * Guesses the delimiter from the complete header line and the rows after it: the candidate that splits
 * the header into the most columns while giving every following row the same count wins; ties go to
 * the earlier candidate (",", ";", tab, "|"). Runs of spaces are tried only when none of those
 * splits the rows consistently.
 */
export function detectDelimiter(sample: string): string {
  const headerEnd = headerLineEnd(sample);
  const headerChars = headerEnd < 0 ? sample.length : headerEnd;
  const limit = Math.max(SNIFF_CHARS, 3 * headerChars);
  const cut = sample.length > limit ? sample.slice(0, limit) : sample;
  const partial = cut.length !== sample.length;
  let best: string = DELIMITERS[0];
  let bestScore = -1;
  const consider = (delimiter: string, rows: string[][]): void => {
    const kept = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
    if (kept.length === 0) return;
    const width = kept[0].length;
    if (width < 2) return;
    const rest = kept.slice(1);
    const consistent =
      rest.length === 0 ? 1 : rest.filter((r) => r.length === width).length / rest.length;
    // Consistency matters most; the column count only breaks near-ties.
    const score = Math.round(consistent * 100) * 1e7 + Math.min(width, 1e7 - 1);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  };
  for (const delimiter of DELIMITERS) {
    const parsed = new Papa.Parser({
      delimiter,
      newline: '\n',
      quoteChar: '"',
      preview: PREVIEW_ROWS,
    }).parse(cut, 0, partial) as { data: string[][] };
    consider(delimiter, parsed.data);
  }
  // Runs of spaces only when no real delimiter splits every row alike (" a , b " is comma-separated).
  if (bestScore >= 100 * 1e7) return best;
  const lines = cut.split('\n', PREVIEW_ROWS + 1);
  // The last line of a cut sample may be incomplete: leave it out of the consistency count.
  if (partial && lines.length > 1) lines.pop();
  consider(WHITESPACE, lines.slice(0, PREVIEW_ROWS).map(splitWhitespace));
  return best;
}
