/** The filtering of a searchable select's options (plain functions, testable without React). */

/** One option of a select: the value chosen and the text shown. */
export interface SelectOption {
  value: string;
  label: string;
}

/**
 * The options whose label contains `query` (case-insensitive, spaces at the ends ignored): those starting with it
 * first, then the others, each group in list order. An empty query keeps every option.
 */
export function filterOptions(
  options: readonly SelectOption[],
  query: string,
): readonly SelectOption[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return options;
  const starts: SelectOption[] = [];
  const contains: SelectOption[] = [];
  for (const o of options) {
    const at = o.label.toLowerCase().indexOf(needle);
    if (at === 0) starts.push(o);
    else if (at > 0) contains.push(o);
  }
  return starts.concat(contains);
}
