/** A hand-made external validation for the UI's tests (the UI never runs the engine). */
import type { BatchValidation } from '../../worker/api';

/** The validation of 200 new patients as the engine gives it (hand-made: the UI never runs the engine). */
export function validation(
  auc: number,
  beatsChance: boolean,
  positiveClass = 'recurrence',
): NonNullable<BatchValidation['validation']> {
  return {
    n: 200,
    classCounts: [120, 80],
    positiveClass,
    metrics: {
      auc,
      accuracy: 0.7,
      balancedAccuracy: 0.68,
      brier: 0.19,
      curves: [],
      confusion: [
        [90, 30],
        [30, 50],
      ],
      calibration: [
        { lower: 0.2, upper: 0.3, meanPredicted: 0.25, fractionPositive: 0.22, count: 90 },
        { lower: 0.6, upper: 0.7, meanPredicted: 0.64, fractionPositive: 0.6, count: 110 },
      ],
      intervals: {
        level: 0.95,
        auc: [auc - 0.06, auc + 0.05],
        aucMethod: 'delong',
        accuracy: [0.63, 0.76],
        balancedAccuracy: [0.61, 0.75],
        brier: [0.16, 0.22],
        resamples: 2000,
        thresholds: [],
      },
    },
    calibration: {
      inTheLarge: -0.12,
      inTheLargeInterval: [-0.43, 0.19],
      slope: 0.84,
      slopeInterval: [0.55, 1.13],
      slopeIntercept: -0.1,
      clipped: 0,
      epsilon: 0.001,
      note: null,
    },
    chance: beatsChance
      ? { beatsChance: true, message: null }
      : {
          beatsChance: false,
          message: 'On these new patients the model ranked no better than chance (ROC AUC 0.51).',
        },
  };
}
