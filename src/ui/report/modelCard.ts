/**
 * The model card: a Markdown report of the data, the settings, the evaluation and the limits of a
 * model, in the spirit of the TRIPOD+AI reporting checklist. Pure string building from the app's
 * state (formatting only; every figure comes from the engine). All user text is escaped.
 */
import type {
  EvaluationMetrics,
  EvaluationReport,
  ModelInfo,
  OutcomeSummary,
  TableSummary,
} from '../../worker/api';
import { reportPositive } from '../evaluate/positiveClass';
import { pointAtThreshold, readPoint } from '../evaluate/threshold';
import { intervalsAt } from '../evaluate/intervalText';
import { formatNumber, numberRange, percent, percentRange, scoreText } from '../app/format';
import { escapeMarkdown, markdownTable } from './markdown';
import { importedIntro, isImported, provenanceSection } from './provenance';

export { escapeMarkdown };
import { cohortSection, evaluationDesign } from './cohortCardSections';

export interface ModelCardInput {
  model: ModelInfo;
  /** The file the model was trained on (name), when known. */
  sourceFileName: string | null;
  /** The loaded table, only when it is the one the model was trained on. */
  table: TableSummary | null;
  outcome: OutcomeSummary | null;
  evaluation: EvaluationReport | null;
  /** ISO date-time of writing. */
  generatedAt: string;
  /** Features shown in the top-features table. Default 20. */
  topFeatures?: number;
}

// The app's one formatting policy (app/format), with words for a figure that could not be computed.
const num = (x: number): string => scoreText(x, 'not available');
const pct = (x: number): string => percent(x, 'not available');
const count = (n: number): string => n.toLocaleString('en-US');
/** " (95 % CI 0.801–0.880)" after a figure, when its interval is known. */
const ci = (range: string): string => (range ? ` (95 % CI ${range})` : '');

const table = markdownTable;

function settingsRows(model: ModelInfo): string[][] {
  const p = model.params;
  return [
    ['Trees (n_estimators)', String(p.nEstimators)],
    ['Features tried per split (max_features)', String(p.maxFeatures)],
    ['Maximum depth (max_depth)', p.maxDepth === null ? 'no limit' : String(p.maxDepth)],
    ['Minimum patients per leaf (min_samples_leaf)', String(p.minSamplesLeaf)],
    ['Minimum patients to split (min_samples_split)', String(p.minSamplesSplit)],
    ['Bootstrap samples', p.bootstrap ? 'yes' : 'no'],
    ['Class weights (class_weight)', p.classWeight ?? 'none'],
    ['Random seed (random_state)', String(p.randomState)],
    [
      'Model identity (SHA-256 of the serialised forest and its encoding)',
      // The printed patient report shows its first 12 digits; genoforest train/explain --json give it as modelHash.
      model.modelHash ?? 'not recorded',
    ],
    [
      'How the settings were chosen',
      model.tuning
        ? `tuned on out-of-bag patients: ${model.tuning.chosen.minSamplesLeaf} per leaf and ${model.tuning.chosen.featuresPerSplit} features per split${model.tuning.chosen.draws === 'screened' ? ' (drawn with weights from a screen of the training patients)' : ''} chosen among ${model.tuning.candidates.length} settings (expected Brier score of the forest, lower is better)`
        : model.tuningSkipped
          ? escapeMarkdown(model.tuningSkipped)
          : 'as given (not tuned)',
    ],
  ];
}

function dataSection(input: ModelCardInput): string {
  const { model, table: t, outcome } = input;
  const enc = model.encoding;
  const total = model.classCounts.reduce((a, b) => a + b, 0) || 1;
  const balance = enc.classes
    .map(
      (c, i) =>
        `${escapeMarkdown(c)}: ${count(model.classCounts[i] ?? 0)} (${pct((model.classCounts[i] ?? 0) / total)})`,
    )
    .join('; ');
  let missing = 'not available (the training file is not loaded)';
  if (t) {
    const used = new Set([...enc.features.map((f) => f.name), enc.target]);
    const cols = t.schema.columns.filter((c) => used.has(c.name));
    const cells = cols.reduce((a, c) => a + c.missing, 0);
    const all = t.rowCount * cols.length;
    missing = `${count(cells)} of ${count(all)} cells in the columns used (${pct(all > 0 ? cells / all : 0)})`;
  }
  const rows: string[][] = [
    ['File', input.sourceFileName ? escapeMarkdown(input.sourceFileName) : 'not recorded'],
    ['Rows in the file', t ? count(t.rowCount) : 'not available'],
    ['Columns in the file', t ? count(t.columnCount) : 'not available'],
    ['Patients used for training', count(model.nRows)],
    ...(outcome && outcome.droppedMissingTarget > 0
      ? [['Rows left out (outcome missing)', count(outcome.droppedMissingTarget)]]
      : []),
    ['Features used', count(enc.features.length)],
    ['Outcome', escapeMarkdown(enc.target)],
    ['Class balance', balance],
    ['Missing cells', missing],
  ];
  return `## Training data\n\n${table(['Item', 'Value'], rows)}`;
}

function metricsColumn(m: EvaluationMetrics | null, binary: boolean): string[] {
  if (!m)
    return ['not available', 'not available', 'not available', 'not available', 'not available'];
  const ap = binary
    ? num(m.curves[0]?.averagePrecision ?? NaN)
    : m.curves.map((c) => `${escapeMarkdown(c.className)} ${num(c.averagePrecision)}`).join('; ');
  const i = m.intervals;
  return [
    num(m.auc) + ci(numberRange(i?.auc)),
    ap,
    pct(m.accuracy) + ci(percentRange(i?.accuracy)),
    pct(m.balancedAccuracy) + ci(percentRange(i?.balancedAccuracy)),
    num(m.brier) + ci(numberRange(i?.brier)),
  ];
}

function evaluationSection(ev: EvaluationReport | null): string {
  if (!ev) {
    return '## Evaluation\n\nThe model has not been evaluated: no figures of its performance on unseen patients are available. Do not use it before it is evaluated.';
  }
  const binary = ev.classes.length === 2;
  const names = ['ROC AUC', 'Average precision', 'Accuracy', 'Balanced accuracy', 'Brier score'];
  const cv = metricsColumn(ev.cv, binary);
  const oob = metricsColumn(ev.oob, binary);
  const parts: string[] = [
    '## Evaluation',
    `Internal validation by stratified ${ev.folds}-fold cross-validation: every patient was predicted by a forest grown without them. Out-of-bag figures use, for each patient, the trees of the final model that did not see them.${ev.foldsNote ? ` ${escapeMarkdown(ev.foldsNote)}` : ''}${ev.tuning ? ` ${escapeMarkdown(ev.tuning.note)}` : ''}`,
    ...evaluationDesign(ev, escapeMarkdown),
    `Summary: ${escapeMarkdown(ev.summary)}`,
    table(
      ['Metric', `Cross-validation (${ev.folds} folds)`, 'Out-of-bag'],
      names.map((n, i) => [n, cv[i], oob[i]]),
    ),
    'ROC AUC: probability that a random patient with the outcome is ranked above one without (0.5 = guessing). Brier score: mean squared error of the probabilities (0 = perfect; lower is better).',
    ...(ev.cv.intervals
      ? [
          `95 % confidence intervals (CI) over these patients: DeLong for the ROC AUC${ev.cv.intervals.aucMethod === 'variance-bound' ? ' (here, the ranking being perfect, the widest spread an AUC can have instead, since DeLong’s would claim certainty)' : ''}, Wilson for proportions, a stratified bootstrap of ${count(ev.cv.intervals.resamples)} resamples for balanced accuracy, Brier score and net benefit. They leave out the variation from growing the forests again.`,
        ]
      : []),
    ...(ev.cautions && ev.cautions.length > 0
      ? [`### Cautions\n\n${ev.cautions.map((c) => `- ${escapeMarkdown(c)}`).join('\n')}`]
      : []),
  ];
  if (binary && ev.cv.curves[0]) {
    const posName = reportPositive(ev) ?? ev.classes[1];
    const [neg, pos] = (posName === ev.classes[0] ? [...ev.classes].reverse() : ev.classes).map(
      escapeMarkdown,
    );
    const p = pointAtThreshold(ev.cv.curves[0].points, 0.5);
    const at = intervalsAt(ev.cv.intervals, 0.5);
    const nb = ev.decisionCurve?.points.find((q) => Math.abs(q.threshold - 0.5) < 1e-6);
    if (p) {
      parts.push(
        `### Confusion matrix at threshold 0.5 (cross-validation)\n\n“${pos}” is predicted when its probability is at least 0.5.\n\n${table(
          ['True ↓ / predicted →', neg, pos],
          [
            [neg, count(p.tn), count(p.fp)],
            [pos, count(p.fn), count(p.tp)],
          ],
        )}\n\nSensitivity ${pct(readPoint(p).sensitivity)}${ci(percentRange(at?.sensitivity))}, specificity ${pct(readPoint(p).specificity)}${ci(percentRange(at?.specificity))}, accuracy ${pct(readPoint(p).accuracy)}${ci(percentRange(at?.accuracy))}, balanced accuracy ${pct(readPoint(p).balancedAccuracy)}${ci(percentRange(at?.balancedAccuracy))}.${nb ? ` Net benefit of acting on “${pos}” at this threshold: ${num(nb.model)}${ci(numberRange(at?.netBenefit))} (acting on everyone: ${num(nb.treatAll)}; on no one: 0).` : ''}`,
      );
    }
  } else {
    const cls = ev.classes.map(escapeMarkdown);
    parts.push(
      `### Confusion matrix, most probable outcome (cross-validation)\n\n${table(
        ['True ↓ / predicted →', ...cls],
        ev.cv.confusion.map((row, i) => [cls[i], ...row.map(count)]),
      )}`,
      `### One-vs-rest figures per outcome\n\n${table(
        ['Outcome', 'ROC AUC', 'Average precision'],
        ev.cv.curves.map((c) => [escapeMarkdown(c.className), num(c.auc), num(c.averagePrecision)]),
      )}`,
    );
  }
  const of = binary
    ? `“${escapeMarkdown(reportPositive(ev) ?? ev.classes[1])}”`
    : 'the predicted outcome';
  parts.push(
    `### Calibration (cross-validation, probability of ${of})\n\n${table(
      ['Probability bin', 'Mean predicted', 'Observed', 'Patients'],
      ev.cv.calibration.map((b) => [
        percentRange([b.lower, b.upper]),
        pct(b.meanPredicted),
        pct(b.fractionPositive),
        count(b.count),
      ]),
    )}`,
  );
  return parts.join('\n\n');
}

function featuresSection(input: ModelCardInput): string {
  const n = input.topFeatures ?? 20;
  const ev = input.evaluation;
  const impurity = ev?.impurityImportance ?? input.model.importances;
  const total = impurity.reduce((a, b) => a + b.importance, 0) || 1;
  const perm = new Map((ev?.permutationImportance ?? []).map((f) => [f.feature, f.importance]));
  const byPermutation = ev !== null && ev.permutationImportance.length > 0;
  // Permutation importance is computed for the leading features only; the others follow by impurity.
  const ordered = byPermutation
    ? [...ev.permutationImportance, ...impurity.filter((f) => !perm.has(f.feature))]
    : impurity;
  const imp = new Map(impurity.map((f) => [f.feature, f.importance / total]));
  const rows = ordered.slice(0, n).map((f, i) => [
    String(i + 1),
    escapeMarkdown(f.feature),
    // As the app's importance chart: small drops keep their digits (0.0123), not 0.012.
    perm.has(f.feature) ? formatNumber(perm.get(f.feature)) : 'not computed',
    pct(imp.get(f.feature) ?? 0),
  ]);
  return `## Top ${rows.length} features\n\nOrdered by ${byPermutation ? 'permutation importance (mean drop in ROC AUC on held-out folds when the feature is shuffled), then impurity importance for features without it' : 'impurity importance'}. Importance is not causation and says nothing about the direction of an effect.\n\n${table(
    ['#', 'Feature', 'Permutation (AUC drop)', 'Impurity share'],
    rows,
  )}`;
}

/** The model card as Markdown text. */
export function buildModelCard(input: ModelCardInput): string {
  const { model } = input;
  const target = escapeMarkdown(model.encoding.target);
  const classes = model.encoding.classes.map((c) => `“${escapeMarkdown(c)}”`).join(', ');
  return (
    [
      `# Model card: random forest predicting “${target}”`,
      isImported(model)
        ? importedIntro(model, input.generatedAt)
        : `Written by GenoForest on ${input.generatedAt}. Model trained at ${model.trainedAt}; ${count(model.nTrees)} trees on ${count(model.nRows)} patients.`,
      `## Intended use\n\n- Decision support for a clinician: the probability of each outcome (${classes}) for a new patient, with the trees’ spread, an explanation of the features that moved it, and warnings when the patient is unlike the training cohort.\n- **This is decision support, not a diagnosis.** A clinician must weigh it with everything else known about the patient and remains responsible for the decision.\n- Intended only for patients like those of the training cohort, with the same columns measured the same way.`,
      dataSection(input),
      ...[cohortSection(input.table, escapeMarkdown)].filter((x) => x !== ''),
      `## Model and settings\n\nRandom forest classifier (GenoForest, scikit-learn’s parameter meanings), trained in the browser; the data never left the device.\n\n${table(['Setting', 'Value'], settingsRows(model))}`,
      provenanceSection(model),
      evaluationSection(input.evaluation),
      featuresSection(input),
      `## Limitations\n\n- Validated only on this cohort: the figures above come from internal validation (cross-validation and out-of-bag) on the training file. The model has not been externally validated on patients from another time, place or population, where it may do worse.\n- Not a diagnosis: probabilities can be wrong for an individual patient even when the figures above are good.\n- The probabilities may be miscalibrated (see the calibration table); a probability of 30 % does not guarantee that 30 % of such patients have the outcome.\n- Patients unlike the cohort (values outside the training range, unseen categories, low familiarity) get less reliable predictions; the app warns about them. Missing values are handled by what the model learned about missing values in this cohort.\n- Feature importances and per-patient explanations describe the model, not the biology: they are not causal.\n- Reported in the spirit of the TRIPOD+AI statement (Collins et al., BMJ 2024); items that need information outside this app (source of data, dates of recruitment, ethics, sample size justification, fairness across subgroups) must be completed by the authors.`,
    ].join('\n\n') + '\n'
  );
}
