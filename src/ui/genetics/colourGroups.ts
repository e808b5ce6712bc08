/** Groups of a colour column for the ancestry scatter: few categories as they are, many numbers in ranges. */

/** Most series a scatter legend shows before grouping. */
const MOST_GROUPS = 8;

/** Group index of each sample and the groups' labels ("missing" for empty cells, last). */
export function colourGroups(colours: readonly string[] | null): {
  labels: string[];
  index: number[];
} {
  if (colours === null) return { labels: ['Samples'], index: [] as number[] };
  const present = colours.filter((c) => c !== '');
  const distinct = [...new Set(present)];
  const numbers = present.map(Number);
  const missingLabel = 'missing';
  let labels: string[];
  let groupOf: (cell: string) => number;
  if (distinct.length <= MOST_GROUPS) {
    labels = distinct.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const at = new Map(labels.map((l, i) => [l, i]));
    groupOf = (cell) => at.get(cell) ?? -1;
  } else if (numbers.every(Number.isFinite)) {
    // Five ranges of about equal size, cut at the quintiles of the values present.
    const sorted = [...numbers].sort((a, b) => a - b);
    const cuts = [1, 2, 3, 4].map((q) => sorted[Math.floor((q * sorted.length) / 5)]);
    const bounds = [sorted[0], ...cuts, sorted[sorted.length - 1]];
    labels = [0, 1, 2, 3, 4].map((g) =>
      g === 4 ? `${bounds[g]} to ${bounds[g + 1]}` : `${bounds[g]} to below ${bounds[g + 1]}`,
    );
    groupOf = (cell) => {
      const v = Number(cell);
      let g = 0;
      while (g < 4 && v >= cuts[g]) g++;
      return g;
    };
  } else {
    // The commonest categories by name, the rest together.
    const counts = new Map<string, number>();
    for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MOST_GROUPS - 1)
      .map(([c]) => c);
    labels = [...top, 'other values'];
    const at = new Map(top.map((l, i) => [l, i]));
    groupOf = (cell) => at.get(cell) ?? top.length;
  }
  const hasMissing = present.length < colours.length;
  if (hasMissing) labels = [...labels, missingLabel];
  const index = colours.map((c) => (c === '' ? labels.length - 1 : groupOf(c)));
  return { labels, index };
}
