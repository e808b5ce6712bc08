// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchValidation } from '../../worker/api';
import { ExternalValidation } from './ExternalValidation';
import { trainingRowsText, validationFigures } from './externalValidationWords';
import { validation } from './validationFixture';

afterEach(cleanup);

const base: BatchValidation = {
  trainingRows: [0, 1, 2],
  fingerprintKnown: true,
  missingOutcome: 2,
  unknownOutcome: 0,
  validation: null,
  note: null,
};

describe('external validation of a batch', () => {
  it('labels the figures "external validation", with intervals, and says training patients were left out', () => {
    const e = { ...base, validation: validation(0.78, true) };
    render(<ExternalValidation external={e} />);
    expect(
      screen.getByRole('heading', { name: 'External validation on 200 new patients' }),
    ).toBeTruthy();
    const banner = screen.getByRole('note', { name: 'Training patients in this file' });
    expect(banner.textContent).toMatch(/3 training patients left out/);
    expect(banner.textContent).toMatch(/in-sample/);
    const table = screen.getByRole('table', { name: 'External validation figures' });
    const names = within(table)
      .getAllByRole('rowheader')
      .map((c) => c.textContent);
    expect(names).toEqual([
      'ROC AUC',
      'Calibration-in-the-large',
      'Calibration slope',
      'Brier score',
      'Accuracy',
    ]);
    const auc = within(table).getByRole('row', { name: /ROC AUC/ });
    expect(auc.textContent).toMatch(/0\.780 \(0\.720–0\.830\)/);
    const slope = within(table).getByRole('row', { name: /Calibration slope/ });
    expect(slope.textContent).toMatch(/0\.84 \(0\.55–1\.13\)/);
    expect(
      within(table).getByRole('row', { name: /Calibration-in-the-large/ }).textContent,
    ).toMatch(/“recurrence”/);
    expect(screen.getByText(/Rows left out: 2 without an outcome/)).toBeTruthy();
    // The calibration plot has its table beside it.
    expect(screen.getByRole('table', { name: 'Calibration bins' })).toBeTruthy();
    expect(screen.queryByRole('note', { name: 'External validation warning' })).toBeNull();
  });

  it('warns when the model did not beat chance on the new patients', () => {
    render(<ExternalValidation external={{ ...base, validation: validation(0.51, false) }} />);
    const warning = screen.getByRole('note', { name: 'External validation warning' });
    expect(warning.textContent).toMatch(/did not beat chance on these patients/);
  });

  it('says why there are no figures when every row is a training patient', () => {
    const note =
      'Every row of this file with an outcome is a training patient: predictions on them are in-sample, so there is nothing to validate the model on.';
    render(<ExternalValidation external={{ ...base, note }} />);
    expect(screen.getByRole('status').textContent).toBe(note);
    expect(screen.queryByRole('table')).toBeNull();
    expect(validationFigures({ ...base, note })).toEqual([]);
  });

  it('words the training rows in the singular and says nothing when there are none', () => {
    expect(trainingRowsText({ ...base, trainingRows: [4] })).toMatch(
      /^1 row of this file is a training patient/,
    );
    expect(trainingRowsText({ ...base, trainingRows: [] })).toBeNull();
  });
});
