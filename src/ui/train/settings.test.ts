import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../app/store';
import { checkSettings } from './settings';

describe('the training settings a session starts with', () => {
  it('grow 500 trees, enough for usable per-patient standard errors; otherwise scikit-learn’s defaults', () => {
    const { errors, params } = checkSettings(DEFAULT_SETTINGS, 10);
    expect(errors).toEqual({});
    expect(params).toEqual({
      nEstimators: 500,
      maxFeatures: 'sqrt',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      bootstrap: true,
      classWeight: null,
      randomState: 1,
      oobScore: true,
    });
  });
});
