/**
 * Stratified k-fold splits, as scikit-learn's StratifiedKFold(shuffle=True): every fold keeps the
 * class proportions of the whole table (to within one row per class), and every row is tested once.
 */
import { Rng } from '../forest/rng';

export interface StratifiedFolds {
  /** Test row indices of each fold, ascending. Training rows of fold f are all the others. */
  folds: Int32Array[];
  /** Number of folds actually used (fewer than asked when a class is small). */
  k: number;
  /** Plain-words explanation when fewer folds than requested were used, else null. */
  note: string | null;
}

/** Fisher–Yates shuffle of a in place with the seeded generator. */
function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * Split rows into k stratified folds, shuffled by `seed`. Rows are taken class by class (each class
 * shuffled) and dealt round-robin over the folds with one counter running across classes, which
 * gives the same fold sizes per class as sklearn's StratifiedKFold. When the smallest class has
 * fewer rows than k, k is reduced to that size and `note` says why; a class with fewer than 2 rows
 * makes cross-validation impossible and throws. Classes with no rows at all are ignored.
 */
export function stratifiedKFold(
  y: ArrayLike<number>,
  nClasses: number,
  k: number,
  seed: number,
  classNames?: string[],
): StratifiedFolds {
  if (!Number.isInteger(k) || k < 2) {
    throw new Error(`Cross-validation needs at least 2 folds (got ${k}).`);
  }
  const n = y.length;
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!(c >= 0 && c < nClasses && Number.isInteger(c))) {
      throw new Error(`Row ${i + 1} has outcome class ${c}, outside 0..${nClasses - 1}.`);
    }
    counts[c]++;
  }
  const name = (c: number): string =>
    classNames?.[c] !== undefined ? `"${classNames[c]}"` : `${c}`;
  let smallest = -1;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c] === 0) continue;
    if (counts[c] < 2) {
      throw new Error(
        `The outcome ${name(c)} has only ${counts[c]} patient; cross-validation needs at least 2 patients of every outcome. Remove it or merge it with another outcome.`,
      );
    }
    if (smallest < 0 || counts[c] < counts[smallest]) smallest = c;
  }
  if (smallest < 0) throw new Error('There are no rows to cross-validate.');

  let note: string | null = null;
  let folds = k;
  if (counts[smallest] < k) {
    folds = counts[smallest];
    note =
      `The outcome ${name(smallest)} has only ${counts[smallest]} patients, fewer than the ${k} folds asked for, ` +
      `so ${folds} folds were used: every fold must hold at least one patient of every outcome.`;
  }

  const rng = new Rng(seed);
  const byClass: Int32Array[] = [];
  for (let c = 0; c < nClasses; c++) byClass.push(new Int32Array(counts[c]));
  const fill = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) byClass[y[i]][fill[y[i]]++] = i;

  const foldOf = new Int32Array(n);
  const foldSize = new Int32Array(folds);
  let position = 0;
  for (let c = 0; c < nClasses; c++) {
    const rows = byClass[c];
    shuffle(rows, rng);
    for (let j = 0; j < rows.length; j++) {
      const f = position % folds;
      foldOf[rows[j]] = f;
      foldSize[f]++;
      position++;
    }
  }
  const out: Int32Array[] = [];
  for (let f = 0; f < folds; f++) out.push(new Int32Array(foldSize[f]));
  const at = new Int32Array(folds);
  for (let i = 0; i < n; i++) out[foldOf[i]][at[foldOf[i]]++] = i;
  return { folds: out, k: folds, note };
}

/** Training rows of fold f: every row not in folds[f], ascending. */
export function trainingRows(folds: StratifiedFolds, f: number, nRows: number): Int32Array {
  const test = new Uint8Array(nRows);
  for (const r of folds.folds[f]) test[r] = 1;
  const out = new Int32Array(nRows - folds.folds[f].length);
  let j = 0;
  for (let r = 0; r < nRows; r++) if (!test[r]) out[j++] = r;
  return out;
}

/** Group index per row from a column of group labels (family, site, patient); an empty label is its own group. */
export function groupsFromCells(cells: ArrayLike<string>): {
  groups: Int32Array;
  nGroups: number;
  /** Rows without a group label, each made a group of its own. */
  unlabelled: number;
} {
  const index = new Map<string, number>();
  const groups = new Int32Array(cells.length);
  let unlabelled = 0;
  for (let r = 0; r < cells.length; r++) {
    const label = cells[r].trim();
    if (label === '') {
      unlabelled++;
      groups[r] = -1;
      continue;
    }
    let g = index.get(label);
    if (g === undefined) {
      g = index.size;
      index.set(label, g);
    }
    groups[r] = g;
  }
  let next = index.size;
  for (let r = 0; r < groups.length; r++) if (groups[r] < 0) groups[r] = next++;
  return { groups, nGroups: next, unlabelled };
}

/**
 * Stratified group k-fold, as scikit-learn's StratifiedGroupKFold(shuffle=True): every group (a family,
 * a site, a patient's repeated samples) lies wholly in one fold, and groups are placed one by one, most
 * class-skewed first, into the fold that keeps the class proportions across folds most even (ties: the
 * smaller fold). With fewer groups than k, k is reduced and `note` says why.
 */
export function stratifiedGroupKFold(
  y: ArrayLike<number>,
  groups: ArrayLike<number>,
  nClasses: number,
  k: number,
  seed: number,
): StratifiedFolds {
  if (!Number.isInteger(k) || k < 2) {
    throw new Error(`Cross-validation needs at least 2 folds (got ${k}).`);
  }
  const n = y.length;
  if (groups.length !== n) throw new Error('There must be one group label per row.');
  let nGroups = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (!(Number.isInteger(g) && g >= 0)) throw new Error(`Row ${i + 1} has no valid group.`);
    if (g + 1 > nGroups) nGroups = g + 1;
  }
  const perGroup = new Float64Array(nGroups * nClasses);
  const totals = new Float64Array(nClasses);
  const present = new Uint8Array(nGroups);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!(c >= 0 && c < nClasses && Number.isInteger(c))) {
      throw new Error(`Row ${i + 1} has outcome class ${c}, outside 0..${nClasses - 1}.`);
    }
    perGroup[groups[i] * nClasses + c]++;
    totals[c]++;
    present[groups[i]] = 1;
  }
  const used: number[] = [];
  for (let g = 0; g < nGroups; g++) if (present[g]) used.push(g);
  if (used.length < 2) {
    throw new Error(
      'Group cross-validation needs at least 2 groups; every row is in the same group.',
    );
  }
  let folds = k;
  let note: string | null = null;
  if (used.length < k) {
    folds = used.length;
    note = `There are only ${used.length} groups, fewer than the ${k} folds asked for, so ${folds} folds were used: a group is never split between folds.`;
  }

  // Shuffle, then a stable sort by how skewed each group's classes are (sklearn sorts by their std).
  const order = Int32Array.from(used);
  shuffle(order, new Rng(seed));
  const skew = new Float64Array(nGroups);
  for (const g of used) {
    let mean = 0;
    for (let c = 0; c < nClasses; c++) mean += perGroup[g * nClasses + c];
    mean /= nClasses;
    let v = 0;
    for (let c = 0; c < nClasses; c++) v += (perGroup[g * nClasses + c] - mean) ** 2;
    skew[g] = v / nClasses;
  }
  const sorted = Array.from(order).sort((a, b) => skew[b] - skew[a]);

  const foldCounts = new Float64Array(folds * nClasses);
  const foldSize = new Float64Array(folds);
  const foldOfGroup = new Int32Array(nGroups).fill(-1);
  for (const g of sorted) {
    let best = -1;
    let bestEval = Infinity;
    for (let f = 0; f < folds; f++) {
      // Mean over classes of the spread (std) across folds of each fold's share of that class.
      let total = 0;
      for (let c = 0; c < nClasses; c++) {
        if (totals[c] === 0) continue;
        let mean = 0;
        for (let h = 0; h < folds; h++) {
          mean +=
            (foldCounts[h * nClasses + c] + (h === f ? perGroup[g * nClasses + c] : 0)) / totals[c];
        }
        mean /= folds;
        let v = 0;
        for (let h = 0; h < folds; h++) {
          const share =
            (foldCounts[h * nClasses + c] + (h === f ? perGroup[g * nClasses + c] : 0)) / totals[c];
          v += (share - mean) ** 2;
        }
        total += Math.sqrt(v / folds);
      }
      const evaluation = total / nClasses;
      if (
        evaluation < bestEval - 1e-12 ||
        (best >= 0 && Math.abs(evaluation - bestEval) <= 1e-12 && foldSize[f] < foldSize[best])
      ) {
        bestEval = evaluation;
        best = f;
      }
    }
    foldOfGroup[g] = best;
    for (let c = 0; c < nClasses; c++) {
      foldCounts[best * nClasses + c] += perGroup[g * nClasses + c];
      foldSize[best] += perGroup[g * nClasses + c];
    }
  }
  const sizes = new Int32Array(folds);
  for (let i = 0; i < n; i++) sizes[foldOfGroup[groups[i]]]++;
  const out: Int32Array[] = [];
  for (let f = 0; f < folds; f++) out.push(new Int32Array(sizes[f]));
  const at = new Int32Array(folds);
  for (let i = 0; i < n; i++) {
    const f = foldOfGroup[groups[i]];
    out[f][at[f]++] = i;
  }
  // A fold can end up empty when a few groups hold most rows: drop it and say so.
  const kept = out.filter((f) => f.length > 0);
  if (kept.length < out.length) {
    note = `${note ? `${note} ` : ''}${out.length - kept.length} fold${out.length - kept.length === 1 ? ' was' : 's were'} left empty by the group sizes, so ${kept.length} folds were used.`;
  }
  return { folds: kept, k: kept.length, note };
}

/** One repeat of a repeated cross-validation: its seed and its folds. */
export interface CvRepeat {
  seed: number;
  split: StratifiedFolds;
}

/**
 * Repeated (group-aware when groups are given) stratified k-fold: `repeats` splits with the distinct
 * seeds seed, seed + 1, …, e.g. 5 × 5-fold. Each repeat tests every row once.
 */
export function repeatedFolds(options: {
  y: ArrayLike<number>;
  nClasses: number;
  k: number;
  repeats: number;
  seed: number;
  groups?: ArrayLike<number>;
  classNames?: string[];
}): CvRepeat[] {
  const { y, nClasses, k, repeats, seed, groups, classNames } = options;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`Repeats must be a whole number of at least 1 (got ${repeats}).`);
  }
  const out: CvRepeat[] = [];
  for (let r = 0; r < repeats; r++) {
    const s = seed + r;
    out.push({
      seed: s,
      split: groups
        ? stratifiedGroupKFold(y, groups, nClasses, k, s)
        : stratifiedKFold(y, nClasses, k, s, classNames),
    });
  }
  return out;
}

/** Mean, standard deviation (n − 1), min and max of a metric across repeats. */
export function repeatSpread(values: number[]): {
  mean: number;
  sd: number;
  min: number;
  max: number;
} {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
