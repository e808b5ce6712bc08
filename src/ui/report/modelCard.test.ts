import { describe, expect, it } from 'vitest';
import type {
  EvaluationMetrics,
  EvaluationReport,
  ModelInfo,
  TableSummary,
} from '../../worker/api';
import { buildModelCard, escapeMarkdown } from './modelCard';

const model: ModelInfo = {
  params: {
    nEstimators: 100,
    maxFeatures: 'sqrt',
    maxDepth: null,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    bootstrap: true,
    classWeight: null,
    randomState: 1,
    oobScore: true,
  },
  encoding: {
    target: 'diagnosis',
    classes: ['benign', 'malignant'],
    features: [
      { kind: 'numeric', name: 'worst radius', min: 7, max: 36, median: 15 },
      {
        kind: 'categorical',
        name: '<img src=x onerror=alert(1)>',
        categories: ['a|b'],
        counts: [10],
      },
    ],
  },
  nTrees: 100,
  nRows: 10,
  classCounts: [6, 4],
  fitSeconds: 0.2,
  oobScore: 0.9,
  importances: [
    { feature: 'worst radius', importance: 0.75 },
    { feature: '<img src=x onerror=alert(1)>', importance: 0.25 },
  ],
  trainedAt: '2025-01-01T00:00:00.000Z',
};

// 4 positives, 6 negatives; at threshold 0.5: tp 3, fp 1, tn 5, fn 1.
const metrics: EvaluationMetrics = {
  auc: 0.9583,
  accuracy: 0.8,
  balancedAccuracy: 0.7917,
  brier: 0.1234,
  curves: [
    {
      className: 'malignant',
      auc: 0.9583,
      averagePrecision: 0.9167,
      points: [
        { threshold: 1.9, tpr: 0, fpr: 0, precision: 1, tp: 0, fp: 0, tn: 6, fn: 4 },
        { threshold: 0.9, tpr: 0.5, fpr: 0, precision: 1, tp: 2, fp: 0, tn: 6, fn: 2 },
        { threshold: 0.6, tpr: 0.75, fpr: 1 / 6, precision: 0.75, tp: 3, fp: 1, tn: 5, fn: 1 },
        { threshold: 0.3, tpr: 1, fpr: 0.5, precision: 4 / 7, tp: 4, fp: 3, tn: 3, fn: 0 },
        { threshold: 0.1, tpr: 1, fpr: 1, precision: 0.4, tp: 4, fp: 6, tn: 0, fn: 0 },
      ],
    },
  ],
  confusion: [
    [5, 1],
    [1, 3],
  ],
  calibration: [
    { lower: 0, upper: 0.1, meanPredicted: 0.05, fractionPositive: 0, count: 4 },
    { lower: 0.9, upper: 1, meanPredicted: 0.95, fractionPositive: 1, count: 6 },
  ],
};

const report: EvaluationReport = {
  classes: ['benign', 'malignant'],
  folds: 5,
  foldsNote: null,
  oob: metrics,
  cv: metrics,
  permutationImportance: [{ feature: 'worst radius', importance: 0.21 }],
  impurityImportance: model.importances,
  summary: 'On patients it had not seen, the model ranked … 96 % of the time.',
  seconds: 1,
};

const table = {
  fileName: 'wdbc.csv',
  rowCount: 10,
  columnCount: 3,
  schema: {
    rowCount: 10,
    columns: [
      { name: 'worst radius', missing: 2 },
      { name: '<img src=x onerror=alert(1)>', missing: 1 },
      { name: 'diagnosis', missing: 0 },
    ],
  },
} as unknown as TableSummary;

describe('buildModelCard', () => {
  const card = buildModelCard({
    model,
    sourceFileName: 'wdbc.csv',
    table,
    outcome: null,
    evaluation: report,
    generatedAt: '2025-01-02T00:00:00.000Z',
  });

  it('reports the data, the settings and the evaluation figures', () => {
    expect(card).toMatch(/^# Model card: random forest predicting “diagnosis”/);
    expect(card).toContain('| File | wdbc.csv |');
    expect(card).toContain('| Patients used for training | 10 |');
    expect(card).toContain('benign: 6 (60.0 %); malignant: 4 (40.0 %)');
    // 3 missing cells of 10 rows × 3 used columns.
    expect(card).toContain('3 of 30 cells in the columns used (10.0 %)');
    expect(card).toContain('| Trees (n_estimators) | 100 |');
    expect(card).toContain('| ROC AUC | 0.958 | 0.958 |');
    expect(card).toContain('| Average precision | 0.917 | 0.917 |');
    expect(card).toContain('| Brier score | 0.123 | 0.123 |');
    expect(card).toContain('stratified 5-fold cross-validation');
    expect(card).toContain('| How the settings were chosen | as given (not tuned) |');
  });

  it('says how tuning chose the settings and that the evaluation tuned inside each fold', () => {
    const candidate = {
      stage: 'leaf' as const,
      minSamplesLeaf: 5,
      featuresPerSplit: 2,
      trees: 16,
      brier: 0.1,
      oobBrier: 0.12,
      oobLogLoss: 0.4,
      rowsScored: 10,
      gain: 0.01,
      gainStandardError: 0.002,
      chosen: true,
    };
    const tuned = buildModelCard({
      model: {
        ...model,
        params: { ...model.params, minSamplesLeaf: 5 },
        tuning: {
          metric: 'expected Brier score',
          chosen: { minSamplesLeaf: 5, maxFeatures: 'sqrt', featuresPerSplit: 2 },
          candidates: [{ ...candidate, minSamplesLeaf: 1, chosen: false }, candidate],
          treesPerCandidate: 16,
          treesGrown: 32,
          finalTrees: 100,
          groupAware: false,
        },
      },
      sourceFileName: 'wdbc.csv',
      table,
      outcome: null,
      evaluation: {
        ...report,
        tuning: { inEachFold: true, note: 'The settings were tuned again inside each fold.' },
      },
      generatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(tuned).toContain(
      '| How the settings were chosen | tuned on out-of-bag patients: 5 per leaf and 2 features per split chosen among 2 settings',
    );
    expect(tuned).toContain('The settings were tuned again inside each fold.');
  });

  it('gives the confusion matrix at threshold 0.5 from the curve point holding there', () => {
    expect(card).toContain('| benign | 5 | 1 |');
    expect(card).toContain('| malignant | 1 | 3 |');
    expect(card).toContain('Sensitivity 75.0 %, specificity 83.3 %, accuracy 80.0 %');
    expect(card).toContain('| 90.0–100.0 % | 95.0 % | 100.0 % | 6 |');
  });

  it('gives every figure its 95 % interval, the net benefit at 0.5 and the cautions', () => {
    const interval = (lo: number, hi: number): [number, number] => [lo, hi];
    const withCi = {
      ...metrics,
      intervals: {
        level: 0.95,
        auc: interval(0.82, 0.99),
        aucMethod: 'delong' as const,
        accuracy: interval(0.49, 0.94),
        balancedAccuracy: interval(0.5, 0.95),
        brier: interval(0.05, 0.2),
        resamples: 2000,
        thresholds: [
          {
            threshold: 0.5,
            sensitivity: interval(0.3, 0.95),
            specificity: interval(0.44, 0.97),
            accuracy: interval(0.49, 0.94),
            balancedAccuracy: interval(0.5, 0.9),
            netBenefit: interval(-0.05, 0.3),
          },
        ],
      },
    };
    const withCautions: EvaluationReport = {
      ...report,
      cv: withCi,
      oob: null,
      cautions: ['Only 4 patients had “malignant”, the rarer outcome.'],
      decisionCurve: {
        n: 10,
        prevalence: 0.4,
        points: [{ threshold: 0.5, model: 0.2, treatAll: -0.2, treatNone: 0, tp: 3, fp: 1 }],
      },
    };
    const text = buildModelCard({
      model,
      sourceFileName: 'wdbc.csv',
      table,
      outcome: null,
      evaluation: withCautions,
      generatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(text).toContain('| ROC AUC | 0.958 (95 % CI 0.820–0.990) | not available |');
    expect(text).toContain('| Accuracy | 80.0 % (95 % CI 49.0–94.0 %) | not available |');
    expect(text).toContain('| Balanced accuracy | 79.2 % (95 % CI 50.0–95.0 %) |');
    expect(text).toContain('| Brier score | 0.123 (95 % CI 0.050–0.200) |');
    expect(text).toContain(
      'Sensitivity 75.0 % (95 % CI 30.0–95.0 %), specificity 83.3 % (95 % CI 44.0–97.0 %), accuracy 80.0 % (95 % CI 49.0–94.0 %), balanced accuracy 79.2 % (95 % CI 50.0–90.0 %). Net benefit of acting on “malignant” at this threshold: 0.200 (95 % CI -0.050–0.300)',
    );
    expect(text).toContain('DeLong for the ROC AUC, Wilson for proportions');
    expect(text).toContain('### Cautions\n\n- Only 4 patients had “malignant”, the rarer outcome.');
  });

  it('states intended use and limitations', () => {
    expect(card).toContain('not a diagnosis');
    expect(card).toContain('Validated only on this cohort');
    expect(card).toContain('TRIPOD+AI');
  });

  it('escapes user text so it cannot inject markup or break a table', () => {
    expect(card).not.toContain('<img');
    expect(card).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('a|b\nc')).toBe('a\\|b c');
    expect(escapeMarkdown('x_1 *bold* [link](http://e)')).toBe(
      'x\\_1 \\*bold\\* \\[link\\]\\(http://e\\)',
    );
  });

  it('says so when the model has not been evaluated', () => {
    const bare = buildModelCard({
      model,
      sourceFileName: null,
      table: null,
      outcome: null,
      evaluation: null,
      generatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(bare).toContain('The model has not been evaluated');
    expect(bare).toContain('not available (the training file is not loaded)');
    expect(bare).toContain('not a diagnosis');
  });

  it('gives the model’s SHA-256 in full, whose first 12 digits the printed report shows', () => {
    const hash = '5be0c1f2a9d3' + 'f'.repeat(52);
    const withHash = buildModelCard({
      model: { ...model, modelHash: hash },
      sourceFileName: 'wdbc.csv',
      table,
      outcome: null,
      evaluation: report,
      generatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(withHash).toContain(
      `| Model identity (SHA-256 of the serialised forest and its encoding) | ${hash} |`,
    );
    expect(card).toContain(
      '| Model identity (SHA-256 of the serialised forest and its encoding) | not recorded |',
    );
  });
});
