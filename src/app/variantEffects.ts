/**
 * The top variants' permutation importance and direction of effect, in the data worker (it holds the model and its
 * training cohort); apart from variantImportance.ts so the evaluation worker, which ranks the variants, does not
 * load the dependence and permutation code.
 */
import type { EncodedCohort, EncodedDataset } from '../engine/data/types';
import type { ForestModel, ForestParams } from '../engine/forest/types';
import { doseDependence, oobPermutationImportance } from '../engine/genetics/variantEffects';
import {
  variantImportanceCsv,
  type VariantEffect,
  type VariantEffectsReport,
  type VariantImportanceRow,
} from './variantImportance';

/** Variants whose permutation importance and direction are measured at most (the top ones by p). */
export const EFFECT_VARIANTS = 20;
/** Shuffles per variant (each gives one drop; their spread gives the standard error). */
export const EFFECT_REPEATS = 5;

/**
 * Permutation importance (out-of-bag AUC drop, its SE over EFFECT_REPEATS shuffles) and direction (risk at 0/1/2
 * copies) of the first EFFECT_VARIANTS rows of an importance report, from the current model and its training cohort.
 */
export function variantEffectsReport(
  model: {
    forest: Pick<ForestModel, 'trees' | 'nClasses' | 'nFeatures'>;
    params: ForestParams;
    cohort: EncodedDataset | EncodedCohort;
  },
  rows: VariantImportanceRow[],
  riskClass: number,
  seed = 1,
): VariantEffectsReport {
  const { forest, params, cohort } = model;
  const { encoding } = cohort;
  const top = rows.slice(0, EFFECT_VARIANTS).map((v) => {
    const f = encoding.features.findIndex((e) => e.name === v.name);
    if (f < 0)
      throw new Error(`The model has no feature “${v.name}”: compute the importance again.`);
    return { v, f };
  });
  const perm = oobPermutationImportance(
    forest,
    params,
    cohort.X,
    cohort.nRows,
    cohort.y,
    top.map((t) => t.f),
    { repeats: EFFECT_REPEATS, seed },
  );
  const effects = top.map(({ v, f }, i): VariantEffect => {
    const feature = encoding.features[f];
    const isDose = feature.kind === 'numeric' && feature.genotype !== undefined;
    const dep = isDose
      ? doseDependence(forest, cohort.X, cohort.nRows, f, feature, riskClass, { seed })
      : null;
    return {
      name: v.name,
      aucDrop: perm.drops[i].drop,
      aucDropSe: perm.drops[i].se,
      risk: dep ? dep.risk : null,
      direction: dep ? dep.direction : null,
    };
  });
  const riskOf = encoding.classes[riskClass];
  const report: Omit<VariantEffectsReport, 'csv'> = {
    effects,
    riskOf,
    baseAuc: perm.baseAuc,
    scoredRows: perm.scoredRows,
    repeats: EFFECT_REPEATS,
    notes: [
      `Permutation importance: the drop in the model's out-of-bag AUC (${perm.baseAuc.toFixed(3)} on ${perm.scoredRows} patients) when a variant's column is shuffled, mean ± standard error over ${EFFECT_REPEATS} shuffles; each patient is scored only by trees that did not train on it.`,
      `Direction: the average predicted risk of “${riskOf}” with every patient given 0, 1 and 2 copies of the counted allele (partial dependence); differences under 0.001 count as flat. It describes the model, not a causal effect.`,
    ],
  };
  return { ...report, csv: variantImportanceCsv(rows, report as VariantEffectsReport) };
}
