/**
 * "What would change the outlook": the nearest change to the fields the user marked modifiable that
 * raises the probability of the outcome the user wants to at least a threshold. It never proposes a
 * change that makes the wanted outcome less likely, unless asked (`allowWorse`: then the probability
 * is moved past the threshold in whichever direction it lies). It describes what the model associates
 * with a different outlook, not a cause or advice; the caller words it so.
 *
 * Nearest means: fewest fields changed first, then the smallest normalised distance, where a
 * numeric change costs |new − old| / (max − min) over the cohort's observed range and a categorical
 * change (or filling a missing value) costs 1. Values stay inside the observed ranges / levels.
 * The search is exhaustive over a grid (gridSize points per numeric range, every level) for one
 * field, then two, … up to maxFields; the best few grid answers are then refined by bisection
 * towards the patient's own values, so the reported change is close to the smallest that crosses.
 * No randomness: the same query gives the same answer; ties keep the first candidate in field order.
 */

/** A field the user may change, with the cohort's observed range. */
export type ModifiableField =
  | { index: number; name: string; kind: 'numeric'; min: number; max: number }
  | { index: number; name: string; kind: 'categorical'; levels: readonly number[] };

/** What to look for. */
export interface CounterfactualQuery {
  /** Class probabilities of an encoded row (e.g. row => predictProbaRow(model, row)). */
  predict: (row: Float64Array) => ArrayLike<number>;
  /** The patient's encoded row (NaN = missing). */
  patient: ArrayLike<number>;
  fields: readonly ModifiableField[];
  /** The outcome wanted: the search raises its probability. */
  targetClass: number;
  /**
   * The probability of targetClass to reach (p ≥ threshold). A patient already there gets no change
   * (`alreadyThere`). With allowWorse, a patient at or above it is moved below it instead.
   */
  threshold: number;
  /** Also look for changes that lower the target's probability (when it is at or above the threshold). */
  allowWorse?: boolean;
  /** Most fields changed at once (default 2). */
  maxFields?: number;
  /** Grid points per numeric range, ends included (default 21). */
  gridSize?: number;
  /** Stop after this many model evaluations (default 200 000); `truncated` then says so. */
  maxEvaluations?: number;
}

/** One changed field. */
export interface FieldChange {
  index: number;
  name: string;
  from: number;
  to: number;
}

/** The answer. */
export interface CounterfactualResult {
  /** Whether a change within the observed ranges crosses the threshold. */
  found: boolean;
  /** 'above': the target's probability is raised to the threshold; 'below' (allowWorse only): lowered under it. */
  direction: 'above' | 'below';
  /** The target's probability is already at or above the threshold, so no change was looked for. */
  alreadyThere: boolean;
  /** The patient's probability of the target class now. */
  baseline: number;
  /** The probability after the change (baseline when none was found). */
  probability: number;
  changes: FieldChange[];
  /** The patient's row with the changes applied (a what-if to predict and explain). */
  row: Float64Array;
  /** Normalised distance of the change. */
  distance: number;
  evaluations: number;
  /** True when maxEvaluations stopped the search before every combination was tried. */
  truncated: boolean;
}

function cost(f: ModifiableField, from: number, to: number): number {
  if (f.kind === 'categorical' || Number.isNaN(from)) return 1;
  return Math.abs(to - from) / (f.max - f.min);
}

function candidates(f: ModifiableField, current: number, gridSize: number): number[] {
  if (f.kind === 'categorical') return f.levels.filter((v) => v !== current);
  const out: number[] = [];
  for (let j = 0; j < gridSize; j++) {
    const v = j === gridSize - 1 ? f.max : f.min + ((f.max - f.min) * j) / (gridSize - 1);
    if (v !== current) out.push(v);
  }
  return out;
}

/** Subsets of {0..n-1} of size s, in lexicographic order. */
function* subsets(n: number, s: number): Generator<number[]> {
  const idx = Array.from({ length: s }, (_, i) => i);
  if (s > n) return;
  for (;;) {
    yield idx.slice();
    let i = s - 1;
    while (i >= 0 && idx[i] === n - s + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < s; j++) idx[j] = idx[j - 1] + 1;
  }
}

/** Search the nearest change of modifiable fields that raises the wanted outcome's probability to the threshold. */
export function findCounterfactual(query: CounterfactualQuery): CounterfactualResult {
  const { predict, patient, targetClass, threshold } = query;
  const maxFields = query.maxFields ?? 2;
  const gridSize = query.gridSize ?? 21;
  const maxEvaluations = query.maxEvaluations ?? 200_000;
  if (!(threshold > 0 && threshold < 1))
    throw new Error(`The threshold must lie strictly between 0 and 1, got ${threshold}`);
  if (!(Number.isInteger(gridSize) && gridSize >= 2))
    throw new Error(`gridSize must be an integer >= 2, got ${gridSize}`);
  const fields = query.fields.filter((f) => f.kind === 'categorical' || f.max > f.min);
  for (const f of query.fields) {
    if (!(f.index >= 0 && f.index < patient.length))
      throw new Error(`Field “${f.name}” has no column ${f.index}`);
    if (f.kind === 'numeric' && !(f.min <= f.max))
      throw new Error(`Field “${f.name}” has an empty range`);
  }
  const row = Float64Array.from(patient);
  let evaluations = 0;
  const probOf = (r: Float64Array): number => {
    evaluations++;
    const p = predict(r)[targetClass];
    if (p === undefined || Number.isNaN(p))
      throw new Error(`The model gave no probability for class ${targetClass}`);
    return p;
  };
  const baseline = probOf(row);
  // Only an explicit request may look for a change that makes the wanted outcome less likely.
  const worse = baseline >= threshold && query.allowWorse === true;
  const direction: 'above' | 'below' = worse ? 'below' : 'above';
  const alreadyThere = baseline >= threshold && !worse;
  // Raising: every candidate kept (and every refined value) is at or above the threshold, so above the baseline.
  const passes = (p: number): boolean => (direction === 'above' ? p >= threshold : p < threshold);

  type Candidate = { fields: number[]; values: number[]; distance: number };
  let found: Candidate[] = [];
  let truncated = false;
  const values = fields.map((f) => candidates(f, row[f.index], gridSize));
  const work = Float64Array.from(row);
  const most = alreadyThere ? 0 : Math.min(maxFields, fields.length);
  outer: for (let s = 1; s <= most; s++) {
    for (const subset of subsets(fields.length, s)) {
      const pick = new Array<number>(s).fill(0);
      if (subset.some((i) => values[i].length === 0)) continue;
      for (;;) {
        let d = 0;
        for (let j = 0; j < s; j++) {
          const f = fields[subset[j]];
          const v = values[subset[j]][pick[j]];
          work[f.index] = v;
          d += cost(f, row[f.index], v);
        }
        if (evaluations >= maxEvaluations) {
          truncated = true;
          break outer;
        }
        if (passes(probOf(work))) {
          found.push({
            fields: subset,
            values: subset.map((i, j) => values[i][pick[j]]),
            distance: d,
          });
        }
        let j = s - 1;
        while (j >= 0 && ++pick[j] === values[subset[j]].length) pick[j--] = 0;
        if (j < 0) break;
      }
      for (const i of subset) work[fields[i].index] = row[fields[i].index];
    }
    if (found.length > 0) break;
  }
  if (found.length === 0) {
    return {
      found: false,
      direction,
      alreadyThere,
      baseline,
      probability: baseline,
      changes: [],
      row,
      distance: 0,
      evaluations,
      truncated,
    };
  }
  // Stable sort keeps enumeration order among equal distances, so ties resolve deterministically.
  found = found
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.distance - b.c.distance || a.i - b.i)
    .map((x) => x.c);
  let best: Candidate | null = null;
  for (const c of found.slice(0, 5)) {
    const r = refine(c, fields, row, probOf, passes);
    const better =
      best === null ||
      r.fields.length < best.fields.length ||
      (r.fields.length === best.fields.length && r.distance < best.distance - 1e-12);
    if (better) best = r;
  }
  const chosen = best as Candidate;
  const out = Float64Array.from(row);
  const changes: FieldChange[] = chosen.fields.map((i, j) => {
    const f = fields[i];
    out[f.index] = chosen.values[j];
    return { index: f.index, name: f.name, from: row[f.index], to: chosen.values[j] };
  });
  return {
    found: true,
    direction,
    alreadyThere: false,
    baseline,
    probability: probOf(out),
    changes,
    row: out,
    distance: chosen.distance,
    evaluations,
    truncated,
  };
}

/** Move each numeric change back towards the patient's value by bisection while the result still passes. */
function refine(
  c: { fields: number[]; values: number[]; distance: number },
  fields: readonly ModifiableField[],
  row: Float64Array,
  probOf: (r: Float64Array) => number,
  passes: (p: number) => boolean,
): { fields: number[]; values: number[]; distance: number } {
  const values = c.values.slice();
  const work = Float64Array.from(row);
  c.fields.forEach((i, j) => (work[fields[i].index] = values[j]));
  for (let j = 0; j < c.fields.length; j++) {
    const f = fields[c.fields[j]];
    const from = row[f.index];
    if (f.kind !== 'numeric' || Number.isNaN(from)) continue;
    let fail = from;
    let pass = values[j];
    for (let it = 0; it < 40 && Math.abs(pass - fail) > 1e-9 * (f.max - f.min); it++) {
      const mid = (fail + pass) / 2;
      work[f.index] = mid;
      if (passes(probOf(work))) pass = mid;
      else fail = mid;
    }
    values[j] = pass;
    work[f.index] = pass;
  }
  // A field refined all the way back (the others' refined values suffice) is no longer a change.
  const keep = c.fields.map((i, j) => values[j] !== row[fields[i].index]);
  const kept = c.fields.filter((_, j) => keep[j]);
  const keptValues = values.filter((_, j) => keep[j]);
  let distance = 0;
  kept.forEach((i, j) => (distance += cost(fields[i], row[fields[i].index], keptValues[j])));
  return { fields: kept, values: keptValues, distance };
}
