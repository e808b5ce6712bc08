/**
 * Harrell's concordance index for right-censored follow-up, with the pair rules of scikit-survival's
 * concordance_index_censored and R's survival::concordance (its C, not its weighted variants):
 * - pair (i, j) is comparable when i had the event and T_i < T_j, or T_i = T_j with i an event and j censored
 *   (a patient censored at t outlived the death at t); two events at the same time are not comparable;
 * - among comparable pairs, i's risk above j's is concordant, below discordant, equal (exactly) counts one half.
 * Computed in O(n log n) with a Fenwick tree over the ranks of the risk scores.
 */
import { checkOutcome, orderByTime, type SurvivalOutcome } from './estimators.ts';

/** Harrell's C and its pair counts. */
export interface Concordance {
  cindex: number;
  concordant: number;
  discordant: number;
  /** Comparable pairs whose risk scores are equal (each counts one half in cindex). */
  tiedRisk: number;
  comparable: number;
}

/**
 * Visits every event with the counts of its comparable partners (Harrell's pair rules above): how many have a lower
 * risk, how many an equal one, how many in all. Refuses risk scores that are not one finite number per patient.
 */
export function sweepComparablePairs(
  o: SurvivalOutcome,
  risk: ArrayLike<number>,
  visit: (patient: number, lower: number, equal: number, comparable: number) => void,
): void {
  checkOutcome(o);
  const n = o.time.length;
  if (risk.length !== n) throw new Error(`risk has ${risk.length} patients but time has ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(risk[i])) {
      throw new Error(
        `Patient ${i + 1} has risk score ${String(risk[i])}: it must be a finite number`,
      );
    }
  }
  // Dense ranks 1..m of the risk scores.
  const byRisk = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => risk[a] - risk[b]);
  const rank = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || risk[byRisk[k]] !== risk[byRisk[k - 1]]) m++;
    rank[byRisk[k]] = m;
  }
  const tree = new Float64Array(m + 1);
  const add = (r: number): void => {
    for (; r <= m; r += r & -r) tree[r]++;
  };
  const below = (r: number): number => {
    let s = 0;
    for (; r > 0; r -= r & -r) s += tree[r];
    return s;
  };
  const ord = orderByTime(o.time);
  let inserted = 0;
  // From the longest follow-up down: when a time's events are counted, the tree holds every later patient and the
  // same time's censored ones, i.e. exactly their comparable partners.
  let end = n;
  while (end > 0) {
    const t = o.time[ord[end - 1]];
    let start = end - 1;
    while (start > 0 && o.time[ord[start - 1]] === t) start--;
    for (let k = start; k < end; k++) {
      if (o.event[ord[k]] === 0) {
        add(rank[ord[k]]);
        inserted++;
      }
    }
    for (let k = start; k < end; k++) {
      const i = ord[k];
      if (o.event[i] !== 1) continue;
      const lower = below(rank[i] - 1);
      visit(i, lower, below(rank[i]) - lower, inserted);
    }
    for (let k = start; k < end; k++) {
      if (o.event[ord[k]] === 1) {
        add(rank[ord[k]]);
        inserted++;
      }
    }
    end = start;
  }
}

/** Harrell's C of risk scores (higher = earlier event expected); refuses data with no comparable pair. */
export function harrellC(o: SurvivalOutcome, risk: ArrayLike<number>): Concordance {
  let concordant = 0;
  let tiedRisk = 0;
  let comparable = 0;
  sweepComparablePairs(o, risk, (_, lower, equal, partners) => {
    concordant += lower;
    tiedRisk += equal;
    comparable += partners;
  });
  if (comparable === 0) {
    throw new Error(
      "Harrell's C needs at least one comparable pair: an event before another patient's follow-up ended",
    );
  }
  return {
    cindex: (concordant + tiedRisk / 2) / comparable,
    concordant,
    discordant: comparable - concordant - tiedRisk,
    tiedRisk,
    comparable,
  };
}
