/** Writing one script's measured table into a shared markdown file without touching the other scripts' sections. */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the text between `<!-- NAME -->` and `<!-- /NAME -->` in `file` with `lines` (the markers kept), or adds
 * the marked section at the end when the file has none.
 */
export function writeMarkedSection(file: string, name: string, lines: string[]): void {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const body = [open, '', ...lines, '', close].join('\n');
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  writeFileSync(
    file,
    a >= 0 && b > a
      ? text.slice(0, a) + body + text.slice(b + close.length)
      : `${text.trimEnd()}\n\n${body}\n`,
  );
}

/** The 1-, 5- and 15-minute load averages as "a, b, c". */
export function loadWords(l: number[]): string {
  return l.map((v) => v.toFixed(2)).join(', ');
}
