// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  BatchResult,
  EngineClient,
  EvaluationReport,
  ModelInfo,
  Prediction,
} from '../../worker/api';
import { EngineContext } from '../app/engineContext';
import { createAppStore, initialState } from '../app/store';
import { StoreContext } from '../app/storeContext';
import { BatchPredict } from './BatchPredict';
import { setEvaluationOptions } from '../evaluate/evaluationOptions';
import { validation } from './validationFixture';

afterEach(cleanup);

const prediction: Prediction = {
  classes: ['no', 'yes'],
  probabilities: [0.3, 0.7],
  intervals: [
    { low: 0.2, high: 0.4 },
    { low: 0.6, high: 0.8 },
  ],
  predictedClass: 'yes',
  warnings: [],
  missingFields: [],
  familiarity: 0.5,
};

const result: BatchResult = {
  rows: [
    { index: 0, label: 'P1', prediction, actual: 'yes', trainingPatient: true },
    { index: 1, label: 'N1', prediction, actual: 'no', trainingPatient: false },
  ],
  csv: '',
  issues: [],
  external: {
    trainingRows: [0],
    fingerprintKnown: true,
    missingOutcome: 0,
    unknownOutcome: 0,
    validation: null,
    note: 'Too few new patients.',
  },
};

function renderBatch(options: {
  beatsChance: boolean;
  withResult: boolean;
  batch?: BatchResult;
  reportPositive?: string;
}) {
  const shown = options.batch ?? result;
  const predictBatch = vi.fn(async () => shown);
  const engine = { predictBatch } as unknown as EngineClient;
  const model = {
    trainedAt: 't1',
    encoding: { target: 'y', classes: ['no', 'yes'] },
  } as unknown as ModelInfo;
  const report = {
    classes: ['no', 'yes'],
    positiveClass: options.reportPositive ?? 'yes',
    chance: options.beatsChance
      ? { beatsChance: true, message: null }
      : {
          beatsChance: false,
          message: 'In cross-validation this model ranked patients no better than chance.',
        },
  } as unknown as EvaluationReport;
  const store = createAppStore({
    ...initialState,
    train: { ...initialState.train, status: 'done', model },
    evaluate: { ...initialState.evaluate, report, modelTrainedAt: 't1' },
    batch: options.withResult
      ? { ...initialState.batch, status: 'done', fileName: 'new.csv', result: shown }
      : initialState.batch,
  });
  render(
    <EngineContext.Provider value={engine}>
      <StoreContext.Provider value={store}>
        <BatchPredict />
      </StoreContext.Provider>
    </EngineContext.Provider>,
  );
  return { predictBatch };
}

describe('Predict many', () => {
  it('takes genotype files too: the picker accepts .raw, VCF and .bed + .bim + .fam, and the text says so', async () => {
    const { predictBatch } = renderBatch({ beatsChance: true, withResult: false });
    const input = screen.getByLabelText(
      /Choose the file of patients to predict/,
    ) as HTMLInputElement;
    for (const ext of ['.csv', '.tsv', '.raw', '.vcf', '.gz', '.bed', '.bim', '.fam'])
      expect(input.accept.split(',')).toContain(ext);
    expect(input.multiple).toBe(true);
    const region = screen.getByRole('region', { name: 'Predict many patients' });
    expect(region.textContent).toMatch(
      /PLINK \.raw, VCF \/ VCF\.GZ, or a PLINK \.bed chosen together with its \.bim and\s+\.fam/,
    );
    // A .bed set goes to the engine as its three files.
    const files = ['g.bed', 'g.bim', 'g.fam'].map((n) => new File(['x'], n));
    await act(async () => {
      fireEvent.change(input, { target: { files } });
    });
    expect(predictBatch).toHaveBeenCalledTimes(1);
    expect((predictBatch.mock.calls[0] as unknown[])[0]).toEqual(files);
  });

  it('shows the chance banner over the batch table when the model did not beat chance, and marks training patients', () => {
    renderBatch({ beatsChance: false, withResult: true });
    const banner = screen.getByRole('note', { name: 'Model quality warning' });
    expect(banner.textContent).toMatch(/did not beat chance/);
    const table = screen.getByRole('table', { name: 'Predictions table' });
    expect(within(table).getByRole('columnheader', { name: 'Training patient' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /P1/ }).textContent).toMatch(/yes \(in-sample\)/);
    expect(screen.getByRole('heading', { name: 'External validation' })).toBeTruthy();
  });

  it('shows no chance banner for a model that beat chance', () => {
    renderBatch({ beatsChance: true, withResult: true });
    expect(screen.queryByRole('note', { name: 'Model quality warning' })).toBeNull();
  });

  it("validates about the positive class picked in Evaluate (the report's), not the default", async () => {
    // The report is about "no" (picked in Evaluate); the outcome's default would be "yes".
    const { predictBatch } = renderBatch({
      beatsChance: true,
      withResult: false,
      reportPositive: 'no',
    });
    const input = screen.getByLabelText(/Choose the file of patients to predict/);
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['x'], 'new.csv')] } });
    });
    expect((predictBatch.mock.calls[0] as unknown[])[2]).toBe('no');
    cleanup();
    // Picked in the Positive class control since: that one goes.
    setEvaluationOptions({ positiveClass: 'yes' });
    try {
      const again = renderBatch({ beatsChance: true, withResult: false, reportPositive: 'no' });
      const file = screen.getByLabelText(/Choose the file of patients to predict/);
      await act(async () => {
        fireEvent.change(file, { target: { files: [new File(['x'], 'new.csv')] } });
      });
      expect((again.predictBatch.mock.calls[0] as unknown[])[2]).toBe('yes');
    } finally {
      setEvaluationOptions({ positiveClass: '' });
    }
  });

  it('says so when the validation figures are about another class than the one now in force', () => {
    const about = (positiveClass: string): BatchResult => ({
      ...result,
      external: {
        ...result.external!,
        validation: validation(0.8, true, positiveClass),
      },
    });
    renderBatch({ beatsChance: true, withResult: true, batch: about('yes'), reportPositive: 'no' });
    expect(
      screen.getByRole('note', { name: 'External validation out of date' }).textContent,
    ).toMatch(/about “yes”, but the positive class is now “no”/);
  });
});
