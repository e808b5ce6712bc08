/** Checking the training settings as typed, and turning them into the engine's ForestParams. */
import type { ForestParams } from '../../worker/api';
import type { SettingsDraft } from '../app/store';

export type SettingsErrors = Partial<Record<keyof SettingsDraft, string>>;

const WHOLE = /^\s*\+?\d+\s*$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function wholeNumber(
  text: string,
  what: string,
  min: number,
  max: number,
  example: string,
): { value?: number; error?: string } {
  const t = text.trim();
  if (t === '') return { error: `Enter ${what}, for example ${example}.` };
  if (!WHOLE.test(t)) {
    if (DECIMAL.test(t))
      return {
        error: `${what[0].toUpperCase()}${what.slice(1)} must be a whole number, for example ${example}.`,
      };
    return {
      error: `“${t}” is not a number. Enter ${what} with digits only, for example ${example}.`,
    };
  }
  const n = Number(t);
  if (n < min || n > max)
    return {
      error: `Enter ${what} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`,
    };
  return { value: n };
}

/**
 * Errors by field (empty when valid), the parameters when everything is valid, and whether to tune them first. Tuned
 * and scikit-learn's defaults take the trees and the seed as typed and scikit-learn's RandomForestClassifier defaults
 * for the rest (tuning starts from them); custom takes every field as typed.
 */
export function checkSettings(
  draft: SettingsDraft,
  nFeatures: number | null,
): { errors: SettingsErrors; params: ForestParams | null; tune: boolean } {
  const errors: SettingsErrors = {};
  const trees = wholeNumber(draft.nEstimators, 'a number of trees', 1, 5000, '100');
  if (trees.error) errors.nEstimators = trees.error;
  const mode = draft.mode;
  if (mode !== 'custom') {
    const seed = wholeNumber(draft.randomState, 'a seed', 0, 4294967295, '1');
    if (seed.error) errors.randomState = seed.error;
    if (Object.keys(errors).length > 0) return { errors, params: null, tune: false };
    return {
      errors,
      params: {
        nEstimators: trees.value!,
        maxFeatures: 'sqrt',
        maxDepth: null,
        minSamplesSplit: 2,
        minSamplesLeaf: 1,
        bootstrap: true,
        classWeight: null,
        randomState: seed.value!,
        oobScore: true,
      },
      tune: mode === 'tuned',
    };
  }

  let maxDepth: number | null = null;
  if (draft.maxDepth.trim() !== '') {
    const d = wholeNumber(draft.maxDepth, 'a depth', 1, 500, '10, or leave it blank for no limit');
    if (d.error) errors.maxDepth = d.error;
    else maxDepth = d.value ?? null;
  }

  const leaf = wholeNumber(draft.minSamplesLeaf, 'a number of patients', 1, 100000, '1');
  if (leaf.error) errors.minSamplesLeaf = leaf.error;

  let maxFeatures: ForestParams['maxFeatures'] = 'sqrt';
  if (draft.maxFeatures === 'count') {
    const t = draft.maxFeaturesCount.trim();
    if (t === '') {
      errors.maxFeaturesCount =
        'Enter how many features to try, for example 5, or a fraction such as 0.3.';
    } else if (!DECIMAL.test(t)) {
      errors.maxFeaturesCount = `“${t}” is not a number. Enter a whole number such as 5, or a fraction such as 0.3.`;
    } else {
      const n = Number(t);
      if (n <= 0) errors.maxFeaturesCount = 'Enter a number above 0.';
      else if (n < 1) maxFeatures = n;
      else if (!Number.isInteger(n))
        errors.maxFeaturesCount =
          'Above 1 it must be a whole number of features; below 1 it is a fraction of them.';
      else if (nFeatures !== null && n > nFeatures)
        errors.maxFeaturesCount = `The table has only ${nFeatures} feature${nFeatures === 1 ? '' : 's'} in use; enter at most ${nFeatures}.`;
      else maxFeatures = n;
    }
  } else {
    maxFeatures = draft.maxFeatures;
  }

  const seed = wholeNumber(draft.randomState, 'a seed', 0, 4294967295, '1');
  if (seed.error) errors.randomState = seed.error;

  if (Object.keys(errors).length > 0) return { errors, params: null, tune: false };
  return {
    errors,
    tune: false,
    params: {
      nEstimators: trees.value!,
      maxFeatures,
      maxDepth,
      minSamplesSplit: 2,
      minSamplesLeaf: leaf.value!,
      bootstrap: true,
      classWeight: draft.classWeight === 'balanced' ? 'balanced' : null,
      randomState: seed.value!,
      oobScore: true,
    },
  };
}
