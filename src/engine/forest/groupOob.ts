/**
 * Out-of-bag scoring that keeps groups together (families, a patient's repeated records), shared by the
 * classification and survival tuners (tune.ts, survivalTune.ts): a row counts as out of a tree's bag only when the
 * tree's bootstrap drew nobody of its group, so a near-copy in the bag cannot flatter small leaves. The bootstrap is
 * not changed, so a group of g patients is wholly out of bag in about e^−g of the trees: fine for families of a few,
 * hopeless for sites of dozens; below GROUP_SCORED_SHARE of the training patients scored, the tuners score rows.
 */

/**
 * Least share of the training patients a group-aware search must score (measured on lung's institutions: 3 to 11 of
 * ~180 patients scored, all from the smallest sites, and one fold chose leaves of 3 on 11 patients).
 */
export const GROUP_SCORED_SHARE = 0.25;

/** Whether each group (by index, below the largest of `train`'s + 1) had a row of `train` drawn by `inBag`. */
export function drawnGroups(
  inBag: ArrayLike<number>,
  train: ArrayLike<number>,
  groups: ArrayLike<number>,
): Uint8Array {
  let nGroups = 0;
  for (let i = 0; i < train.length; i++) nGroups = Math.max(nGroups, groups[train[i]] + 1);
  const drawn = new Uint8Array(nGroups);
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    if (inBag[r] > 0) drawn[groups[r]] = 1;
  }
  return drawn;
}

/** Positions in `scored` of each group's members, groups in order of first appearance. */
export function clustersOf(scored: ArrayLike<number>, index: ArrayLike<number>): number[][] {
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < scored.length; i++) {
    const g = index[scored[i]];
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  }
  return [...byGroup.values()];
}
