import { useId } from 'react';
import type { RecalibrationFit } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { formatNumber } from '../app/format';
import { CalibrationChart } from './CalibrationChart';
import {
  setRecalibrationChoice,
  useRecalibrationChoice,
  type RecalibrationChoice,
} from './recalibrationChoice';

interface Props {
  fits: RecalibrationFit[];
  positive: string;
  /** ModelInfo.trainedAt of the evaluated model. */
  modelTrainedAt: string;
}

const NAMES: Record<RecalibrationChoice, string> = {
  none: 'None (the forest’s own probabilities)',
  isotonic: 'Isotonic regression',
  platt: 'Platt scaling',
};

/**
 * "Calibration you can fix": isotonic or Platt maps fitted on the cross-validated predictions, with the
 * Brier score before and after (cross-fitted, so not flattered), and the calibration plot after. The choice
 * applies to the predictions of the Predict step, which then say they are recalibrated.
 */
export function Recalibration({ fits, positive, modelTrainedAt }: Props) {
  const name = useId();
  const choice = useRecalibrationChoice(modelTrainedAt);
  const fit = fits.find((f) => f.method === choice) ?? null;
  if (fits.length === 0) return null;
  const before = fits[0].brierBefore;
  return (
    <div className="eval-block">
      <h3 className="sub-title sub-title-small">Recalibrate the probabilities</h3>
      <p className="help">
        When the calibration plot lies off the diagonal, a map fitted on the cross-validated
        predictions (never on the training fits) can correct the probabilities of “{positive}”.
        Lower Brier score is better; the after figures are cross-fitted, each patient recalibrated
        by a map fitted without them.
      </p>
      <fieldset>
        <legend>Recalibration of predictions</legend>
        {(['none', ...fits.map((f) => f.method)] as RecalibrationChoice[]).map((m) => (
          <label key={m} className="check">
            <input
              type="radio"
              name={name}
              value={m}
              checked={choice === m}
              onChange={() => setRecalibrationChoice(m, modelTrainedAt)}
            />{' '}
            {NAMES[m]}
          </label>
        ))}
      </fieldset>
      <DataTable
        caption="Brier score before and after recalibration"
        className="compact"
        columns={[
          { key: 'method', header: 'Method', rowHeader: true, cell: (f) => NAMES[f.method] },
          {
            key: 'before',
            header: 'Brier before',
            numeric: true,
            cell: () => formatNumber(before),
          },
          {
            key: 'after',
            header: 'Brier after',
            numeric: true,
            cell: (f) => formatNumber(f.brierAfter),
          },
        ]}
        rows={fits}
        rowKey={(f) => f.method}
        rowClassName={(f) => (f.method === choice ? 'is-best' : undefined)}
      />
      {fit && (
        <CalibrationChart
          bins={fit.calibrationAfter}
          of={`“${positive}” after ${NAMES[fit.method]}`}
        />
      )}
    </div>
  );
}
