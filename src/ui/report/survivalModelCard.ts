/**
 * The survival model card: a Markdown report of a random survival forest's outcome (time, unit, event, what counts
 * as censored), cohort, settings, evaluation and limits, as the class mode's card (modelCard.ts) in the spirit of
 * TRIPOD+AI. Pure string building from the survival report (every figure comes from the engine); user text escaped.
 */
import type { SurvivalFigures, SurvivalReport } from '../../worker/api';
import { formatCount, numberRange, percent, scoreText } from '../app/format';
import { escapeMarkdown, markdownTable as table } from './markdown';

export interface SurvivalModelCardInput {
  report: SurvivalReport;
  /** The file the model was trained on (name), when known. */
  sourceFileName: string | null;
  /** ISO date-time of writing. */
  generatedAt: string;
  /** Features shown in the top-features table. Default 20. */
  topFeatures?: number;
}

const num = (x: number | null | undefined): string => scoreText(x, 'not available');
const count = (n: number): string => formatCount(n);
const quoted = (s: string): string => `“${escapeMarkdown(s)}”`;

/** "0.612 (95 % interval 0.560–0.668)", or why there is no interval. */
function cWithInterval(f: SurvivalFigures): string {
  const range = numberRange(f.cindexInterval);
  return range
    ? `${num(f.cindex)} (95 % interval ${range})`
    : `${num(f.cindex)} (no interval: too few comparable pairs)`;
}

function outcomeSection(r: SurvivalReport): string {
  const c = r.choice;
  const censored = r.censoredValues.map(quoted).join(', ') || 'none';
  const competing =
    r.censoredValues.length > 1
      ? `${censored} are all treated as censored at their time: a competing event among them (e.g. transplant beside death) is not modelled, which makes this a cause-specific analysis of ${quoted(c.eventValue)}; the curves are event-free survival with competing events removed, not cumulative incidence.`
      : `none named: every value other than ${quoted(c.eventValue)} (${censored}) is censoring.`;
  return `## Outcome\n\n${table(
    ['Item', 'Value'],
    [
      ['Follow-up time column', quoted(c.time)],
      ['Time unit', escapeMarkdown(c.unit)],
      ['Event column', quoted(c.event)],
      ['Value that means the event', quoted(c.eventValue)],
      ['Values counted as censored', censored],
      ['Competing events', competing],
    ],
  )}`;
}

function dataSection(r: SurvivalReport, sourceFileName: string | null): string {
  const unit = escapeMarkdown(r.choice.unit);
  const share = r.rows > 0 ? r.events / r.rows : NaN;
  return `## Training data\n\n${table(
    ['Item', 'Value'],
    [
      ['File', sourceFileName ? escapeMarkdown(sourceFileName) : 'not recorded'],
      ['Patients used for training', count(r.rows)],
      ['Events', `${count(r.events)} (${percent(share, 'not available')})`],
      ['Censored', count(r.rows - r.events)],
      ['Longest follow-up', `${formatCount(r.maxFollowUp)} ${unit}`],
      [
        'Median follow-up (reverse Kaplan–Meier)',
        r.medianFollowUp === undefined || r.medianFollowUp === null
          ? 'not available'
          : `${formatCount(r.medianFollowUp)} ${unit}`,
      ],
      ['Features used', count(r.features.length)],
    ],
  )}`;
}

function settingsSection(r: SurvivalReport): string {
  const s = r.settings;
  const t = r.tuning;
  const rows: string[][] = [
    ['Trees (n_estimators)', count(r.nTrees)],
    [
      'Features tried per split (max_features)',
      s
        ? `${escapeMarkdown(String(s.maxFeatures))} (${count(s.featuresPerSplit)})`
        : 'not recorded',
    ],
    [
      'Maximum depth (max_depth)',
      s ? (s.maxDepth === null ? 'no limit' : String(s.maxDepth)) : 'not recorded',
    ],
    ['Minimum patients per leaf (min_samples_leaf)', count(r.minSamplesLeaf)],
    [
      'Minimum patients to split (min_samples_split)',
      s ? count(s.minSamplesSplit) : 'not recorded',
    ],
    ['Bootstrap samples', s ? (s.bootstrap ? 'yes' : 'no') : 'not recorded'],
    ['Random seed (random_state)', s ? String(s.randomState) : 'not recorded'],
    [
      'Time points of the leaves’ curves',
      s ? `${count(s.timePoints)} (at most ${count(s.maxTimePoints)})` : 'not recorded',
    ],
    [
      'How the settings were chosen',
      t
        ? `tuned on out-of-bag patients: ${count(t.chosen)} per leaf chosen among ${t.candidates.map((c) => `${count(c.minSamplesLeaf)} (C ${num(c.cindex)})`).join(', ')} by out-of-bag Harrell’s C of ${count(t.candidates[0]?.trees ?? 0)}-tree forests on ${count(t.rowsScored)} patients; the first is the base, left only for a C higher by more than two standard errors`
        : 'as given (not tuned)',
    ],
    [
      'Model identity (SHA-256 of the serialised forest and its encoding)',
      r.modelHash ?? 'not recorded',
    ],
  ];
  return `## Model and settings\n\nRandom survival forest (GenoForest, scikit-learn’s parameter meanings): log-rank splits; each leaf keeps the Nelson–Aalen cumulative hazard of its patients on a grid of event times; a patient’s curve is the forest’s mean cumulative hazard turned into survival, and the risk score that ranks patients is the summed cumulative hazard. Trained on this device; the data never left it.\n\n${table(['Setting', 'Value'], rows)}`;
}

function evaluationSection(r: SurvivalReport): string {
  const cv = r.crossValidation;
  const oob = r.outOfBag;
  if (!cv && !oob) {
    const saved =
      r.savedOobCindex !== null
        ? ` The file records an out-of-bag Harrell’s C of ${num(r.savedOobCindex)} when trained (no interval).`
        : '';
    return `## Evaluation\n\nThe model has not been evaluated here${r.openedFrom ? ` (opened from ${escapeMarkdown(r.openedFrom)})` : ''}: no figures of its performance on unseen patients are available.${saved} Do not use it before it is evaluated.`;
  }
  const rows: string[][] = [];
  if (cv) {
    rows.push([
      `${cv.folds}-fold cross-validation`,
      cWithInterval(cv),
      num(cv.integratedBrier),
      count(cv.patients),
    ]);
  }
  if (oob) {
    rows.push(['Out-of-bag', cWithInterval(oob), num(oob.integratedBrier), count(oob.patients)]);
  }
  const unit = escapeMarkdown(r.choice.unit);
  const design = cv
    ? `Internal validation by ${cv.folds}-fold cross-validation stratified by event${cv.groups ? `, each of the ${count(cv.groups.count)} groups of ${quoted(cv.groups.column)} wholly in one fold` : ''}: every patient was predicted by a forest grown without them. Out-of-bag figures use, for each patient, the trees of the final model that did not see them.${r.crossValidationNote ? ` ${escapeMarkdown(r.crossValidationNote)}` : ''}${cv.tunedLeaves ? ` The leaf size was tuned again inside each fold on its training patients only (chosen: ${cv.tunedLeaves.map((leaf, i) => `fold ${i + 1}: ${leaf}`).join(', ')}), so these figures cover the tuning.` : ''}${cv.tuningGroups ? ` ${escapeMarkdown(cv.tuningGroups)}` : ''}`
    : 'Out-of-bag only (the cross-validation was not run): each patient predicted by the trees of the final model that did not see them.';
  const parts = [
    '## Evaluation',
    design,
    ...(cv ? [`Summary: ${escapeMarkdown(cv.summary)}`] : []),
    ...(cv?.chance.message
      ? [`**This model does not beat chance.** ${escapeMarkdown(cv.chance.message)}`]
      : []),
    table(
      ['Patients held out by', 'Harrell’s C (95 % interval)', 'Integrated Brier score', 'Patients'],
      rows,
    ),
    `Harrell’s C: the share of comparable pairs of patients in which the one with the event first had the higher predicted risk (0.5 = chance, 1 = perfect ranking); its interval is a bootstrap over patients with the risks held fixed. Integrated Brier score: the censoring-weighted squared error of the predicted survival, averaged from ${formatCount(r.brierRange[0])} to ${formatCount(r.brierRange[1])} ${unit} (lower is better; a constant 50 % scores 0.25).`,
  ];
  if (cv) {
    parts.push(
      `### Harrell’s C of each fold\n\n${table(
        ['Fold', 'Patients', 'Events', 'Harrell’s C'],
        cv.foldRows.map((f) => [String(f.fold), count(f.patients), count(f.events), num(f.cindex)]),
      )}`,
    );
    const h = cv.horizon;
    if (h) {
      parts.push(
        `### At ${formatCount(h.horizon)} ${unit} (cross-validation)\n\n${table(
          ['Figure', 'Value'],
          [
            [
              'Time-dependent AUC (cumulative/dynamic)',
              h.auc === null ? escapeMarkdown(h.aucNote ?? 'not available') : num(h.auc),
            ],
            [
              'Uno’s C up to the horizon',
              h.unoC === null ? escapeMarkdown(h.unoNote ?? 'not available') : num(h.unoC),
            ],
            ['Patients with the event by then', count(h.events)],
            ['Patients followed beyond it', count(h.followedBeyond)],
          ],
        )}\n\n${table(
          [
            `Risk group (${h.groupsOf})`,
            'Predicted event-free',
            'Observed (Kaplan–Meier)',
            'Patients',
          ],
          h.calibration.map((g) => [
            String(g.group),
            percent(g.predicted, 'not available'),
            percent(g.observed, 'not available'),
            count(g.patients),
          ]),
        )}`,
      );
    } else if (cv.horizonError) {
      parts.push(`No figures at a horizon: ${escapeMarkdown(cv.horizonError)}`);
    }
    if (cv.cautions.length > 0) {
      parts.push(`### Cautions\n\n${cv.cautions.map((c) => `- ${escapeMarkdown(c)}`).join('\n')}`);
    }
  }
  return parts.join('\n\n');
}

function featuresSection(r: SurvivalReport, n: number): string {
  const total = r.importances.reduce((a, f) => a + f.importance, 0) || 1;
  const rows = r.importances
    .slice(0, n)
    .map((f, i) => [String(i + 1), escapeMarkdown(f.feature), percent(f.importance / total, '–')]);
  return `## Top ${rows.length} features\n\nOrdered by impurity importance (the log-rank statistic the feature’s splits gained, share of the total). Importance is not causation and says nothing about the direction of an effect.\n\n${table(['#', 'Feature', 'Impurity share'], rows)}`;
}

/** The survival model card as Markdown text. */
export function buildSurvivalModelCard(input: SurvivalModelCardInput): string {
  const r = input.report;
  const c = r.choice;
  const unit = escapeMarkdown(c.unit);
  const warnings = r.warnings.filter((w) => w !== r.crossValidation?.chance.message);
  return (
    [
      `# Model card: random survival forest for the time to ${quoted(c.eventValue)} (${quoted(c.event)})`,
      `Written by GenoForest on ${input.generatedAt}.${r.trainedAt ? ` Model trained at ${r.trainedAt};` : ''} ${count(r.nTrees)} trees on ${count(r.rows)} patients${r.openedFrom ? `, opened from ${escapeMarkdown(r.openedFrom)}` : ''}.`,
      `## Intended use\n\n- Decision support for a clinician: a new patient’s predicted chance of being free of ${quoted(c.eventValue)} over time (a survival curve with a pointwise 95 % band), “about N out of 100 patients like this one” at a chosen horizon, what raised or lowered the risk, and warnings when the patient is unlike the training cohort.\n- **This is decision support, not a diagnosis.** A clinician must weigh it with everything else known about the patient and remains responsible for the decision.\n- Intended only for patients like those of the training cohort, with the same columns measured the same way, and for horizons within its follow-up (at most ${formatCount(r.maxFollowUp)} ${unit}).`,
      outcomeSection(r),
      dataSection(r, input.sourceFileName),
      settingsSection(r),
      evaluationSection(r),
      ...(warnings.length > 0
        ? [`## Warnings\n\n${warnings.map((w) => `- ${escapeMarkdown(w)}`).join('\n')}`]
        : []),
      featuresSection(r, input.topFeatures ?? 20),
      `## Limitations\n\n- Validated only on this cohort: the figures above come from internal validation (cross-validation and out-of-bag) on the training file, not on patients from another time, place or population, where the model may do worse.\n- Censoring is assumed independent of the event given the columns; values counted as censored that are really competing events make the curves event-free survival with those events removed, not the chance of the event in the presence of them.\n- The curves say nothing beyond the longest follow-up, and little where few patients remain at risk.\n- Comparisons between values of a column (such as a treatment) are associations in this cohort; a causal reading needs randomised data.\n- Feature importances and per-patient explanations describe the model, not the biology.\n- Reported in the spirit of the TRIPOD+AI statement (Collins et al., BMJ 2024); items that need information outside this app (source of data, dates of recruitment, ethics, sample size justification, fairness across subgroups) must be completed by the authors.`,
    ].join('\n\n') + '\n'
  );
}
