/** An external validation in words: why training patients are left out, each figure with how to read it. Formatting only. */
import type { BatchValidation } from '../../worker/api';
import {
  coefficientText,
  formatCount,
  numberRange,
  percent,
  percentRange,
  scoreText,
  withRange,
} from '../app/format';

/** One row of the figures table. */
export interface Figure {
  name: string;
  value: string;
  reading: string;
}

const NA = 'not available';

/** "3 rows are training patients …": why they are out of the figures; null when there are none. */
export function trainingRowsText(e: BatchValidation): string | null {
  const k = e.trainingRows.length;
  if (k === 0) return null;
  const rows =
    k === 1
      ? '1 row of this file is a training patient'
      : `${formatCount(k)} rows of this file are training patients`;
  return (
    `${rows} of this model (same values and outcome, by the model’s cohort fingerprint; marked in the table and ` +
    'the download). Their predictions are in-sample and look better than the model will do on new patients, so ' +
    'they are left out of the external validation.'
  );
}

/** The figures of an external validation with their 95 % intervals and how to read them. */
export function validationFigures(e: BatchValidation): Figure[] {
  const v = e.validation;
  if (!v) return [];
  const m = v.metrics;
  const ci = m.intervals;
  const figures: Figure[] = [
    {
      name: 'ROC AUC',
      value: withRange(scoreText(m.auc, NA), numberRange(ci?.auc)),
      reading: 'How well the model ranks these patients: 0.5 is chance, 1 perfect.',
    },
  ];
  const c = v.calibration;
  if (c) {
    figures.push(
      {
        name: 'Calibration-in-the-large',
        value: withRange(coefficientText(c.inTheLarge, NA), numberRange(c.inTheLargeInterval, 2)),
        reading: Number.isFinite(c.inTheLarge)
          ? `0 when the predicted risks of “${v.positiveClass}” are right on average; above 0 the model under-predicts it here, below 0 it over-predicts.`
          : (c.note ?? ''),
      },
      {
        name: 'Calibration slope',
        value: withRange(coefficientText(c.slope, NA), numberRange(c.slopeInterval, 2)),
        reading: Number.isFinite(c.slope)
          ? '1 when the spread of the predictions is right; below 1 they are too extreme (typical of overfitting), above 1 too modest.'
          : (c.note ?? ''),
      },
    );
  }
  figures.push(
    {
      name: 'Brier score',
      value: withRange(scoreText(m.brier, NA), numberRange(ci?.brier)),
      reading: 'Mean squared error of the probabilities: 0 is perfect; lower is better.',
    },
    {
      name: 'Accuracy',
      value: withRange(percent(m.accuracy, NA), percentRange(ci?.accuracy)),
      reading: 'Share of patients whose most likely outcome was their outcome.',
    },
  );
  return figures;
}
