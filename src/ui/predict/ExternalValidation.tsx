import type { BatchValidation } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';
import { CalibrationChart } from '../evaluate/CalibrationChart';
import { trainingRowsText, validationFigures } from './externalValidationWords';

/** The external validation of a batch file with the outcome column: figures, calibration plot and table. */
export function ExternalValidation({ external }: { external: BatchValidation }) {
  const v = external.validation;
  const training = trainingRowsText(external);
  const left: string[] = [];
  if (external.missingOutcome > 0)
    left.push(`${formatCount(external.missingOutcome)} without an outcome`);
  if (external.unknownOutcome > 0)
    left.push(`${formatCount(external.unknownOutcome)} with an outcome the model does not know`);
  const c = v?.calibration;
  return (
    <section className="eval-block" aria-labelledby="external-validation-title">
      <h4 className="sub-title sub-title-small" id="external-validation-title">
        External validation
        {v ? ` on ${formatCount(v.n)} new patient${v.n === 1 ? '' : 's'}` : ''}
      </h4>
      {training && (
        <div className="alert alert-warn" role="note" aria-label="Training patients in this file">
          <strong className="alert-title">
            {formatCount(external.trainingRows.length)} training patient
            {external.trainingRows.length === 1 ? '' : 's'} left out
          </strong>
          <p>{training}</p>
        </div>
      )}
      {external.note && (
        <p className={v ? 'help' : 'status-box'} role={v ? undefined : 'status'}>
          {external.note}
        </p>
      )}
      {v && !v.chance.beatsChance && v.chance.message && (
        <div className="alert alert-warn" role="note" aria-label="External validation warning">
          <strong className="alert-title">The model did not beat chance on these patients</strong>
          <p>{v.chance.message}</p>
        </div>
      )}
      {v && (
        <>
          <p className="help">
            The file’s outcomes against the model’s predictions, for patients the model never saw
            {v.positiveClass ? ` (figures about the probability of “${v.positiveClass}”)` : ''}; 95
            % intervals in brackets.
            {left.length > 0 && ` Rows left out: ${left.join(', ')}.`}
          </p>
          <DataTable
            caption="External validation figures"
            className="compact"
            rows={validationFigures(external)}
            rowKey={(f) => f.name}
            columns={[
              { key: 'name', header: 'Figure', rowHeader: true, cell: (f) => f.name },
              {
                key: 'value',
                header: 'Value (95 % interval)',
                numeric: true,
                cell: (f) => f.value,
              },
              {
                key: 'reading',
                header: 'How to read it',
                className: 'break',
                cell: (f) => f.reading,
              },
            ]}
          />
          {c && c.clipped > 0 && (
            <p className="help">
              {formatCount(c.clipped)} prediction{c.clipped === 1 ? ' was' : 's were'} exactly 0 or
              1 and {c.clipped === 1 ? 'was' : 'were'} taken as {c.epsilon} or {1 - c.epsilon} for
              the calibration fit (a logit cannot be infinite).
            </p>
          )}
          {v.metrics.calibration.length > 0 && (
            <CalibrationChart
              bins={v.metrics.calibration}
              of={v.positiveClass ? `“${v.positiveClass}”` : 'the predicted outcome'}
            />
          )}
        </>
      )}
    </section>
  );
}
