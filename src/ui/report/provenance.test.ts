import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../worker/api';
import { buildModelCard } from './modelCard';
import { provenanceSection } from './provenance';

/** An imported iris model as the worker describes one (see worker/onnxModel.ts). */
const imported: ModelInfo = {
  params: {
    nEstimators: 12,
    maxFeatures: 'sqrt',
    maxDepth: null,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    bootstrap: false,
    classWeight: null,
    randomState: 0,
    oobScore: false,
  },
  encoding: {
    target: 'outcome',
    classes: ['setosa', 'versicolor', 'virginica'],
    features: ['sl', 'sw', 'pl', '<i>pw'].map((name) => ({
      kind: 'numeric' as const,
      name,
      min: -3.4e38,
      max: 3.4e38,
      median: 0,
    })),
  },
  nTrees: 12,
  nRows: 0,
  classCounts: [0, 0, 0],
  fitSeconds: 0,
  oobScore: null,
  importances: [],
  trainedAt: '',
  provenance: {
    origin: 'imported',
    fileName: 'iris|<b>.onnx',
    format: 'onnx',
    producerName: 'scikit-learn fixture',
    producerVersion: '1.2.1',
    irVersion: 8,
    mlOpset: 5,
    operator: 'TreeEnsemble',
    checks: ['Read iris|<b>.onnx on this device: ONNX IR version 8, ai.onnx.ml opset 5.'],
    columns: { source: 'column-list', detail: 'cols.txt', names: ['sl', 'sw', 'pl', '<i>pw'] },
    referenceCohort: null,
  },
};

describe('model card provenance', () => {
  it('records an imported model: producer, opset, operator, column mapping and the checks made here', () => {
    const card = buildModelCard({
      model: imported,
      sourceFileName: 'iris.onnx',
      table: null,
      outcome: null,
      evaluation: null,
      generatedAt: '2026-01-01T00:00:00Z',
    });
    expect(card).toContain('Model imported from iris\\|&lt;b&gt;.onnx');
    expect(card).not.toContain('trees on 0 patients');
    expect(card).toContain('| ai.onnx.ml opset | 5 |');
    expect(card).toContain('| Operator | TreeEnsemble |');
    expect(card).toContain('a column list (one name per line) (cols.txt)');
    expect(card).toContain('3: &lt;i&gt;pw');
    expect(card).toContain('none loaded: familiarity and explanations are not available');
    expect(card).toContain('### Checked on this device');
    expect(card).toMatch(
      /- Read iris\\\|&lt;b&gt;\.onnx on this device: ONNX IR version \d+, ai\.onnx\.ml opset 5/,
    );
    expect(card).not.toContain('<i>');
  });

  it('says a model without provenance was trained here', () => {
    const trained = { ...imported, provenance: undefined, nRows: 150 };
    expect(provenanceSection(trained)).toBe(
      '## Provenance\n\nTrained in GenoForest on this device (150 patients); the data never left it.',
    );
    const recorded = {
      ...trained,
      provenance: {
        ...imported.provenance!,
        origin: 'genoforest' as const,
        checks: [
          'Trained on this device: 12 trees on 150 patients × 4 features; the data never left it.',
        ],
      },
    };
    expect(provenanceSection(recorded)).toContain(
      '- Trained on this device: 12 trees on 150 patients × 4 features; the data never left it.',
    );
  });
});
