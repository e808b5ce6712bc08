/**
 * A leaf-size cap for tall cohorts. Fully grown trees have about one leaf per few training patients, so on hundreds
 * of thousands of patients the model grows to hundreds of megabytes and every prediction walks deep trees. A minimum
 * number of patients per leaf cuts both; on large cohorts it usually costs little accuracy.
 */

/** Above this many patients the Train step suggests a cap. */
export const TALL_PATIENTS = 100_000;

/**
 * Nodes per training patient in one fully grown tree (bootstrap, sqrt features), by minimum patients per leaf, as
 * measured by bench/tall.ts on a synthetic 250,000-patient 'mixed' table (bench/TALL.md); interpolated on a log-log scale.
 */
const NODES_PER_PATIENT: readonly [number, number][] = [
  [1, 0.254],
  [5, 0.135],
  [20, 0.045],
];

/**
 * In-memory size above which the saved file (about 1.04 times larger, bench/TALL.md) would pass the longest string
 * a browser can hold (2^29 - 24 characters in V8), so "Save model" could not write it.
 */
export const UNSAVABLE_BYTES = 480e6;

/** Bytes per node of a compact tree (engine/forest/compact.ts): 25 of links and split, 4 per class of value. */
const bytesPerNode = (nClasses: number): number => 25 + 4 * nClasses;

function nodesPerPatient(minLeaf: number): number {
  const pts = NODES_PER_PATIENT;
  const l = Math.max(1, minLeaf);
  let i = 0;
  while (i < pts.length - 2 && l > pts[i + 1][0]) i++;
  const [x0, y0] = pts[i];
  const [x1, y1] = pts[i + 1];
  const slope = Math.log(y1 / y0) / Math.log(x1 / x0);
  return y0 * Math.exp(slope * Math.log(l / x0));
}

/** Estimated in-memory bytes of a forest: nodes per tree from the patients, the leaf size and the depth limit. */
export function estimateModelBytes(
  patients: number,
  trees: number,
  minLeaf: number,
  maxDepth: number | null,
  nClasses = 2,
): number {
  let nodes = Math.max(1, patients * nodesPerPatient(minLeaf));
  if (maxDepth !== null) nodes = Math.min(nodes, 2 ** (maxDepth + 1) - 1);
  return trees * nodes * bytesPerNode(nClasses);
}

/** The settings the suggestion reads, as typed (blank or invalid fields count as the defaults). */
export interface LeafSettings {
  nEstimators: string;
  maxDepth: string;
  minSamplesLeaf: string;
}

export interface LeafSuggestion {
  minLeaf: number;
  /** Plain sentences: why, and what the cap would change. */
  text: string;
}

/** The leaf size suggested for a cohort: larger cohorts get a larger minimum. */
export function suggestedMinLeaf(patients: number): number {
  if (patients > 600_000) return 20;
  if (patients > 300_000) return 10;
  return 5;
}

function whole(text: string, fallback: number): number {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 ? n : fallback;
}

function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return mb >= 10 ? `${Math.round(mb).toLocaleString('en-US')} MB` : `${mb.toFixed(1)} MB`;
}

/**
 * A minimum patients per leaf for a cohort over TALL_PATIENTS, or null when the cohort is smaller or the settings
 * already keep the model at least as small (a larger leaf minimum, or a depth limit).
 */
export function suggestLeafCap(
  patients: number,
  settings: LeafSettings,
  nClasses = 2,
): LeafSuggestion | null {
  if (!(patients > TALL_PATIENTS)) return null;
  const trees = whole(settings.nEstimators, 100);
  const minLeaf = whole(settings.minSamplesLeaf, 1);
  const maxDepth = settings.maxDepth.trim() === '' ? null : whole(settings.maxDepth, 1);
  const leaf = suggestedMinLeaf(patients);
  if (minLeaf >= leaf) return null;
  const now = estimateModelBytes(patients, trees, minLeaf, maxDepth, nClasses);
  const capped = estimateModelBytes(patients, trees, leaf, maxDepth, nClasses);
  if (capped >= now * 0.9) return null;
  const times = Math.round(now / capped);
  const grown = minLeaf === 1 && maxDepth === null ? 'Fully grown trees' : 'Trees this deep';
  return {
    minLeaf: leaf,
    text:
      `${grown} on ${patients.toLocaleString('en-US')} patients make a large model: about ${megabytes(now)} ` +
      `for ${trees.toLocaleString('en-US')} trees, ${now > UNSAVABLE_BYTES ? 'too large to save as a model file' : 'slow to save'} ` +
      `and slow to predict with. At least ${leaf} ` +
      `patients per leaf makes it about ${times} times smaller (about ${megabytes(capped)}) and predictions ` +
      'faster; on this many patients that usually changes accuracy little (the evaluation step shows it).',
  };
}
