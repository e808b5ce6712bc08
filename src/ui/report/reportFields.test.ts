import { describe, expect, it } from 'vitest';
import type { ModelInfo, ModelProvenance } from '../../worker/api';
import { isoDate, isoDateTime, modelHashText, modelOrigin } from './reportFields';

const base: ModelInfo = {
  params: {
    nEstimators: 10,
    maxFeatures: 'sqrt',
    maxDepth: null,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    bootstrap: true,
    classWeight: null,
    randomState: 1,
    oobScore: true,
  },
  encoding: { target: 'response', classes: ['no', 'yes'], features: [] },
  nTrees: 10,
  nRows: 20,
  classCounts: [10, 10],
  fitSeconds: 0.1,
  oobScore: null,
  importances: [],
  trainedAt: '2026-12-06T05:41:27.000Z',
};

const provenance: Omit<ModelProvenance, 'origin' | 'fileName' | 'format'> = {
  producerName: 'skl2onnx',
  producerVersion: '1.16',
  irVersion: 8,
  mlOpset: 3,
  operator: 'TreeEnsembleClassifier',
  checks: [],
  columns: null,
  referenceCohort: null,
};

describe('report dates', () => {
  it('prints the local calendar date as YYYY-MM-DD, not in US order', () => {
    expect(isoDate(new Date(2026, 11, 6, 23, 59))).toBe('2026-12-06');
    expect(isoDate(new Date(2026, 0, 5, 0, 1))).toBe('2026-01-05');
  });

  it('prints a stored timestamp as local YYYY-MM-DD HH:MM, and refuses one that does not parse', () => {
    const local = new Date(2026, 2, 4, 9, 7, 30);
    expect(isoDateTime(local.toISOString())).toBe('2026-03-04 09:07');
    expect(isoDateTime('not a date')).toBe('an unknown date');
  });
});

describe('modelOrigin', () => {
  it('names the ONNX file of an imported model', () => {
    const model: ModelInfo = {
      ...base,
      provenance: { ...provenance, origin: 'imported', fileName: 'risk.onnx', format: 'onnx' },
    };
    expect(modelOrigin(model, { fileName: 'risk.onnx', target: 'response' })).toBe(
      'imported from “risk.onnx” (ONNX)',
    );
  });

  it('says a model trained here came from its cohort file, not from a model file', () => {
    const model: ModelInfo = { ...base, trainingCohort: { status: 'trained-here', note: null } };
    expect(modelOrigin(model, { fileName: 'sample.csv', target: 'response' })).toBe(
      'trained in this session on “sample.csv” (not opened from a model file)',
    );
  });

  it('names the file an opened model came from, and says when none was recorded', () => {
    const model: ModelInfo = { ...base, trainingCohort: { status: 'not-loaded', note: 'x' } };
    expect(modelOrigin(model, { fileName: 'colon.genoforest.json', target: 'response' })).toBe(
      'from “colon.genoforest.json”',
    );
    expect(modelOrigin(model, null)).toBe('source not recorded');
  });
});

describe('modelHashText', () => {
  it('shows the first 12 hex digits of the model’s SHA-256, and refuses anything that is not one', () => {
    const hash = 'a3f1c09b7d2e' + '0'.repeat(52);
    expect(modelHashText({ ...base, modelHash: hash })).toBe('SHA-256 a3f1c09b7d2e');
    expect(modelHashText(base)).toBe('not recorded');
    expect(modelHashText(null)).toBe('not recorded');
    expect(modelHashText({ ...base, modelHash: 'a3f1' })).toBe('not recorded');
  });
});
