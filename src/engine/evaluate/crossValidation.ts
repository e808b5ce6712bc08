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
