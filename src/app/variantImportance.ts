/**
 * Use case: which variants matter. Bias-corrected impurity importance (shadow features, Nembrini et al. 2018) with
 * Janitza p-values and Benjamini–Hochberg q-values, one row per feature with where it lies on the genome (.bim or
 * VCF; else read from names such as "1:12345" or "chr1:12345_A"), its alleles and minor-allele frequency. Called by
 * the evaluation worker (the app) and by `genoforest importance`; works on any table (then without positions).
 */
import { toCsv } from '../engine/data/csvExport';
import type { EncodedCohort, EncodedDataset, VariantLoci } from '../engine/data/types';
import { asColumns, readColumn } from '../engine/forest/featureColumns';
import { correctedImportance } from '../engine/forest/correctedImportance';
import { byteBinned } from '../engine/forest/packedSnp';
import type { GrowOptions } from '../engine/forest/grow';
import type { ForestParams } from '../engine/forest/types';
import {
  benjaminiHochberg,
  FEW_NEGATIVES,
  janitzaPValues,
} from '../engine/genetics/importancePValues';
import type { TrainingData } from './types';
import type { EffectDirection } from '../engine/genetics/variantEffects';

/** One feature as the importance report shows it (chromosome and position null when unknown). */
export interface VariantDescriptor {
  name: string;
  chromosome: string | null;
  position: number | null;
  /** The allele whose copies the column counts, and the other one; null for a column that is not a genotype. */
  counted: string | null;
  other: string | null;
  /** Minor-allele frequency over the called training samples; null for a column that is not a genotype. */
  maf: number | null;
}

/** One feature's importance, p-value and q-value. */
export interface VariantImportanceRow extends VariantDescriptor {
  /** Corrected impurity importance: the Gini decrease of its splits minus its shadow's, per tree (ranger's scale). */
  importance: number;
  /** Janitza p-value; 0 means below 1 / nullSize (the null holds no value as large). */
  pValue: number;
  /** Benjamini–Hochberg q-value over every feature. */
  qValue: number;
}

/** Where the positions came from: the file (.bim, VCF), the variant names, or nowhere. */
export type PositionSource = 'file' | 'names' | 'none';

/** The importance of every feature, ordered by p-value. */
export interface VariantImportanceReport {
  variants: VariantImportanceRow[];
  positions: PositionSource;
  nTrees: number;
  featuresPerSplit: number;
  seed: number;
  /** Size of the Janitza null distribution and the negative importances it was made of. */
  nullSize: number;
  negatives: number;
  seconds: number;
  /** What the figures are and are not, and any caution (few negative importances), in words. */
  notes: string[];
  /** Every variant as CSV, ordered by p (the app's export; names protected against spreadsheet formulas). */
  csv: string;
}

/** What the evaluation worker needs to compute the report: the binned training rows and what each feature is. */
export interface VariantImportanceInput {
  training: TrainingData;
  variants: VariantDescriptor[];
  positions: PositionSource;
  params: ForestParams;
}

/** Trees at least: the Janitza null needs each feature tried many times (ranger's default is 500). */
export const IMPORTANCE_MIN_TREES = 500;

/** What every report says, in the user's words. */
export const IMPORTANCE_CAVEAT =
  'Association in this cohort, not causation; correlated variants (in linkage disequilibrium) share importance, so a variant next to the causal one can rank as high or higher.';

/** "1:12345", "chr1:12345", "1_12345_A", "X:155000:A:G": a chromosome and a position at the start of a name. */
const LOCUS_NAME = /^(?:chr)?([1-9]|1\d|2[0-6]|X|Y|XY|MT|M)[:_](\d+)(?=$|[:_])/i;

/** Chromosome and position read from a variant name, or null. */
export function locusFromName(name: string): { chromosome: string; position: number } | null {
  const m = LOCUS_NAME.exec(name);
  if (!m) return null;
  const position = Number(m[2]);
  if (!(position > 0) || !Number.isSafeInteger(position)) return null;
  return { chromosome: m[1].toUpperCase(), position };
}

/** Each feature of an encoded table described: loci from the file's hint (else from names), alleles and MAF. */
export function describeVariants(
  data: EncodedCohort | EncodedDataset,
  loci: VariantLoci | undefined,
): { variants: VariantDescriptor[]; positions: PositionSource } {
  const byName = new Map<string, number>();
  loci?.columns.forEach((c, i) => byName.set(c, i));
  let fromFile = 0;
  let fromNames = 0;
  const variants = data.encoding.features.map((feature, f): VariantDescriptor => {
    let chromosome: string | null = null;
    let position: number | null = null;
    const i = byName.get(feature.name);
    if (loci && i !== undefined) {
      chromosome = loci.chromosomes[i] || null;
      position = Number.isFinite(loci.positions[i]) ? loci.positions[i] : null;
      if (chromosome !== null && position !== null) fromFile++;
    } else {
      const locus = locusFromName(feature.name);
      if (locus) {
        ({ chromosome, position } = locus);
        fromNames++;
      }
    }
    const coding = feature.kind === 'numeric' ? feature.genotype : undefined;
    return {
      name: feature.name,
      chromosome,
      position,
      counted: coding ? coding.counted : null,
      other: coding ? coding.other || null : null,
      maf: coding ? minorAlleleFrequency(data, f) : null,
    };
  });
  const positions: PositionSource = fromFile > 0 ? 'file' : fromNames > 0 ? 'names' : 'none';
  return { variants, positions };
}

/** Minor-allele frequency of a dose column (0, 1, 2 copies; NaN missing) over its called samples. */
function minorAlleleFrequency(data: EncodedCohort | EncodedDataset, f: number): number | null {
  let copies = 0;
  let called = 0;
  const column = readColumn(asColumns(data.X, data.nRows), f);
  for (let r = 0; r < data.nRows; r++) {
    const v = column[r];
    if (v === v) {
      copies += v;
      called++;
    }
  }
  if (called === 0) return null;
  const freq = copies / (2 * called);
  return Math.min(freq, 1 - freq);
}

/** The forest settings importance is grown with: the model's, with at least IMPORTANCE_MIN_TREES trees. */
export function importanceParams(params: ForestParams): ForestParams {
  return {
    ...params,
    nEstimators: Math.max(params.nEstimators, IMPORTANCE_MIN_TREES),
    oobScore: false,
  };
}

/** Grow the shadow forest and rank every feature by its Janitza p-value (ties: larger importance first). */
export function variantImportanceReport(
  input: VariantImportanceInput,
  options: GrowOptions = {},
): VariantImportanceReport {
  const { training, variants, params, positions } = input;
  if (variants.length !== training.binned.nFeatures) {
    throw new Error(
      `${variants.length} variant descriptions for ${training.binned.nFeatures} features`,
    );
  }
  const start = performance.now();
  const grown = correctedImportance(
    // Shadow columns are made from byte bins (a table held SNP-packed is expanded: the same bins).
    byteBinned(training.binned),
    training.y,
    training.nClasses,
    params,
    options,
  );
  if (grown.nTrees < params.nEstimators) throw new Error('The importance forest was stopped.');
  const janitza = janitzaPValues(grown.importance);
  const q = benjaminiHochberg(janitza.pValues);
  const rows = variants.map((v, f): VariantImportanceRow => ({
    ...v,
    importance: grown.importance[f],
    pValue: janitza.pValues[f],
    qValue: q[f],
  }));
  rows.sort((a, b) => a.pValue - b.pValue || b.importance - a.importance);
  const notes = [IMPORTANCE_CAVEAT];
  if (janitza.negatives < FEW_NEGATIVES) {
    notes.push(
      `Only ${janitza.negatives} features have a negative importance, so the p-values come from a small null ` +
        `distribution and are coarse (ranger warns below ${FEW_NEGATIVES}); they are meant for many variants, most unrelated to the outcome.`,
    );
  }
  notes.push(
    `p-values compare each importance with the ${janitza.nullSize} values of the null (the negative importances ` +
      `and their mirror images, Janitza et al. 2018); p = 0 means larger than all of them (p < ${fmtShare(1 / janitza.nullSize)}).`,
  );
  return {
    variants: rows,
    positions,
    nTrees: grown.nTrees,
    featuresPerSplit: grown.featuresPerSplit,
    seed: params.randomState,
    nullSize: janitza.nullSize,
    negatives: janitza.negatives,
    seconds: (performance.now() - start) / 1000,
    notes,
    csv: variantImportanceCsv(rows),
  };
}

/**
 * The rows as CSV: numbers as numbers, text cells that would start a formula protected (toCsv). With `effects`,
 * their columns too (empty for the variants not measured).
 */
export function variantImportanceCsv(
  rows: VariantImportanceRow[],
  effects?: VariantEffectsReport,
): string {
  const byName = new Map(effects?.effects.map((e) => [e.name, e]));
  const extra = effects ? ['aucDrop', 'aucDropSe', 'risk0', 'risk1', 'risk2', 'direction'] : [];
  return toCsv(
    [
      'name',
      'chromosome',
      'position',
      'counted',
      'other',
      'maf',
      'importance',
      'pValue',
      'qValue',
      ...extra,
    ],
    rows.map((v) => {
      const e = byName.get(v.name);
      return [
        v.name,
        v.chromosome,
        v.position,
        v.counted,
        v.other,
        v.maf,
        v.importance,
        v.pValue,
        v.qValue,
        ...(effects
          ? [
              e?.aucDrop ?? null,
              e?.aucDropSe ?? null,
              e?.risk?.[0] ?? null,
              e?.risk?.[1] ?? null,
              e?.risk?.[2] ?? null,
              e?.direction ?? null,
            ]
          : []),
      ];
    }),
  );
}

/** One top variant's out-of-bag permutation importance and direction of effect. */
export interface VariantEffect {
  name: string;
  /** Mean drop in out-of-bag AUC when the variant's column is shuffled, and its standard error over the shuffles. */
  aucDrop: number;
  aucDropSe: number;
  /**
   * Average predicted risk (of riskOf) with every patient given 0, 1 and 2 copies of the counted allele (partial
   * dependence); null for a column that is not a genotype dose.
   */
  risk: [number, number, number] | null;
  direction: EffectDirection | null;
}

/** The top variants' effects and what they were measured against. */
export interface VariantEffectsReport {
  effects: VariantEffect[];
  /** The outcome class whose risk is shown. */
  riskOf: string;
  /** The forest's out-of-bag AUC before any shuffle, and the patients it is measured on. */
  baseAuc: number;
  scoredRows: number;
  repeats: number;
  /** The CSV of every row of the importance report with these columns added. */
  csv: string;
  notes: string[];
}

function fmtShare(x: number): string {
  return x >= 0.001 ? x.toPrecision(2) : x.toExponential(1);
}
