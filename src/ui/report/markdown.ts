/** Markdown helpers shared by the model card and its sections. */

/**
 * User text made inert in Markdown: HTML-significant characters as entities, Markdown punctuation
 * backslash-escaped, line breaks flattened (so a column name cannot break a table or inject markup).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~-]/g, (c) => `\\${c}`);
}

/** A Markdown table of already-escaped cells. */
export function markdownTable(head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
