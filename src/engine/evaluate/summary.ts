/**
 * The plain-words summary shown above the evaluation figures: what the AUC means for a clinician,
 * and whether the model beats the simplest rule there is (always guess the most common outcome).
 */
import type { EvaluationMetrics } from './types';

export interface SummaryOptions {
  /** Where the predictions came from; changes the opening words. Default 'cv'. */
  source?: 'cv' | 'oob' | 'test';
  /** Binary outcomes: index of the positive class (default 1). */
  positive?: number;
}

/** "84 %" — whole percentages, as people read them. */
export function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** Where the figures come from, as a summary opens: "On patients it had not seen". */
export function opening(source: SummaryOptions['source']): string {
  if (source === 'oob') return 'On patients left out of each tree’s training sample (out-of-bag)';
  if (source === 'test') return 'On the separate test patients';
  return 'On patients it had not seen';
}

function outcome(name: string): string {
  return `“${name}”`;
}

/** How an AUC (or a C-index, read the same way) reads in words; 0.5 is a coin toss. */
export function aucVerdict(auc: number): string {
  if (auc < 0.55) return 'no better than tossing a coin';
  if (auc < 0.7) return 'weak';
  if (auc < 0.8) return 'fair';
  if (auc < 0.9) return 'good';
  return 'very good';
}

/** ", 95 % interval 0.801–0.880" when the metrics carry intervals. */
function aucRange(metrics: EvaluationMetrics): string {
  const ci = metrics.intervals?.auc;
  if (!ci || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return '';
  return `, 95 % interval ${ci[0].toFixed(3)}–${ci[1].toFixed(3)}`;
}

/** When the interval’s lower end reads worse than the figure: ", though its interval reaches down to 0.62 (weak)". */
function lowerVerdict(metrics: EvaluationMetrics): string {
  const lo = metrics.intervals?.auc[0];
  if (lo === undefined || !Number.isFinite(lo) || aucVerdict(lo) === aucVerdict(metrics.auc))
    return '';
  return `, though its interval reaches down to ${lo.toFixed(2)} (${aucVerdict(lo)})`;
}

/**
 * Plain-words summary of evaluation metrics: the AUC as a ranking probability (binary: with the class
 * names; more classes: averaged one-vs-rest), then accuracy against always guessing the most common
 * outcome (its share is taken from the confusion matrix's row totals).
 */
export function summarizeMetrics(
  metrics: EvaluationMetrics,
  classNames: string[],
  options: SummaryOptions = {},
): string {
  const sentences: string[] = [];
  const start = opening(options.source);
  const nClasses = metrics.confusion.length;
  const name = (k: number): string => classNames[k] ?? String(k);
  const pos = options.positive === 0 ? 0 : 1;

  const aucFigure = `ROC AUC ${metrics.auc.toFixed(3)}${aucRange(metrics)}`;
  if (Number.isNaN(metrics.auc)) {
    sentences.push(
      `${start}, the ranking quality (AUC) could not be computed because only one outcome was present.`,
    );
  } else if (nClasses === 2) {
    sentences.push(
      `${start}, the model ranked a random patient with outcome ${outcome(name(pos))} above a random patient with outcome ${outcome(name(1 - pos))} ${percent(metrics.auc)} of the time (${aucFigure}; 50 % would be guessing, 100 % perfect) — ${aucVerdict(metrics.auc)}${lowerVerdict(metrics)}.`,
    );
  } else {
    sentences.push(
      `${start}, for each of the ${nClasses} outcomes the model ranked a random patient with that outcome above a random patient with another outcome ${percent(metrics.auc)} of the time on average (macro one-vs-rest ${aucFigure}; 50 % would be guessing) — ${aucVerdict(metrics.auc)}${lowerVerdict(metrics)}.`,
    );
  }

  const totals = metrics.confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const n = totals.reduce((a, b) => a + b, 0);
  if (n > 0) {
    let major = 0;
    for (let k = 1; k < nClasses; k++) if (totals[k] > totals[major]) major = k;
    const share = totals[major] / n;
    const diff = metrics.accuracy - share;
    let verdict: string;
    if (Math.round(diff * 100) >= 1) {
      verdict = `so the model does better than that, by ${Math.round(diff * 100)} percentage points`;
    } else if (Math.round(diff * 100) <= -1) {
      verdict = 'so the model does worse than that simple rule';
    } else {
      verdict = 'so the model does no better than that simple rule';
    }
    sentences.push(
      `It predicted the right outcome for ${percent(metrics.accuracy)} of them; always guessing the most common outcome, ${outcome(name(major))} (${percent(share)} of patients), would be right ${percent(share)} of the time, ${verdict}.`,
    );
    if (!Number.isNaN(metrics.balancedAccuracy) && share >= 0.7) {
      sentences.push(
        `Because the outcomes are unbalanced, also look at the balanced accuracy (the average of each outcome’s hit rate): ${percent(metrics.balancedAccuracy)}.`,
      );
    }
  }
  return sentences.join(' ');
}
