/**
 * Finding a cell's category of a categorical feature: the exact text first, then the same text in another case
 * ("Male" for "male") when that names one category only. Used for training rows and new patients alike.
 */
import type { FeatureEncoding } from './types';
import { isMissingCell } from './values';

/** A categorical feature's categories by text, exactly and ignoring case. */
export interface CategoryLookup {
  exact: Map<string, number>;
  /** Lower-cased category → index, or -1 when two categories differ only in case. */
  folded: Map<string, number>;
}

const lookups = new WeakMap<FeatureEncoding, CategoryLookup>();

/** The lookup of a categorical feature's categories (made once per feature and kept). */
export function categoryLookup(
  feature: Extract<FeatureEncoding, { kind: 'categorical' }>,
): CategoryLookup {
  let lookup = lookups.get(feature);
  if (!lookup) {
    const exact = new Map<string, number>();
    const folded = new Map<string, number>();
    feature.categories.forEach((c, i) => {
      exact.set(c, i);
      const key = c.toLowerCase();
      folded.set(key, folded.has(key) ? -1 : i);
    });
    lookup = { exact, folded };
    lookups.set(feature, lookup);
  }
  return lookup;
}

/** Category index of a cell: exact match first, then a case-insensitive one ("Male" for "male"). */
export function categoryOf(lookup: CategoryLookup, cell: string): number {
  const exact = lookup.exact.get(cell);
  if (exact !== undefined) return exact;
  if (isMissingCell(cell)) return -1;
  return lookup.folded.get(cell.toLowerCase()) ?? -1;
}
