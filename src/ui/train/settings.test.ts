import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, initialState, reducer } from '../app/store';
import { checkSettings } from './settings';

const SKLEARN = {
  maxFeatures: 'sqrt',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  bootstrap: true,
  classWeight: null,
  oobScore: true,
};

describe('the training settings a session starts with', () => {
  it('are tuned on out-of-bag patients, from scikit-learn’s defaults with 500 trees', () => {
    const { errors, params, tune } = checkSettings(DEFAULT_SETTINGS, 10);
    expect(errors).toEqual({});
    expect(tune).toBe(true);
    expect(params).toEqual({ ...SKLEARN, nEstimators: 500, randomState: 1 });
  });

  it('take scikit-learn’s defaults as they are, whatever the custom fields hold', () => {
    const draft = { ...DEFAULT_SETTINGS, minSamplesLeaf: '7', maxDepth: 'x', randomState: '3' };
    const sklearn = checkSettings({ ...draft, mode: 'sklearn' }, 10);
    expect(sklearn.tune).toBe(false);
    expect(sklearn.params).toEqual({ ...SKLEARN, nEstimators: 500, randomState: 3 });
    // Custom reads every field, and refuses the wrong one.
    const custom = checkSettings({ ...draft, mode: 'custom' }, 10);
    expect(custom.params).toBeNull();
    expect(custom.errors.maxDepth).toMatch(/not a number/);
    const fixed = checkSettings({ ...draft, maxDepth: '', mode: 'custom' }, 10);
    expect(fixed.tune).toBe(false);
    expect(fixed.params?.minSamplesLeaf).toBe(7);
  });

  it('become custom when a leaf size is set from a suggestion', () => {
    let s = initialState;
    s = reducer(s, { type: 'settings/set', field: 'nEstimators', value: '250' });
    expect(s.settings.mode).toBe('tuned');
    s = reducer(s, { type: 'settings/set', field: 'minSamplesLeaf', value: '5' });
    expect(s.settings.mode).toBe('custom');
    s = reducer(s, { type: 'settings/set', field: 'mode', value: 'sklearn' });
    expect(s.settings.mode).toBe('sklearn');
    expect(checkSettings(s.settings, 10).params?.minSamplesLeaf).toBe(1);
  });
});
