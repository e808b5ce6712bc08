// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient, SurvivalPatientPrediction, SurvivalReport } from '../../worker/api';
import { EngineContext } from '../app/engineContext';
import { createAppStore } from '../app/store';
import { StoreContext } from '../app/storeContext';
import { SurvivalPredict } from './SurvivalPredict';

afterEach(cleanup);

const curve = { times: [0, 200, 400], probabilities: [1, 0.8, 0.6] };
// A model and one patient's prediction as the engine gives them, with only what the step shows.
const trained = {
  choice: { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
  censoredValues: ['0'],
  rows: 228,
  events: 165,
  maxFollowUp: 1022,
  nTrees: 10,
  minSamplesLeaf: 15,
  fitSeconds: 0.1,
  features: [{ name: 'age', kind: 'numeric', median: 63, min: 39, max: 82 }],
  typical: { age: 63 },
  importances: [{ feature: 'age', importance: 1 }],
  outOfBag: { cindex: 0.5, cindexInterval: [0.45, 0.55], integratedBrier: 0.2, patients: 228 },
  crossValidation: null,
  crossValidationNote: null,
  brierRange: [5, 900],
  cohortCurve: null,
  openedFrom: null,
  savedOobCindex: null,
  tertileCurves: [],
  horizons: [{ label: '1 year', time: 365, refused: null }],
  compareColumns: [],
  warnings: [],
} as unknown as SurvivalReport;
const prediction = {
  curve,
  cohortCurve: null,
  horizon: 365,
  unit: 'days',
  horizonText: '1 year (365 days)',
  survivalAt: 0.6,
  cohortSurvivalAt: null,
  words: {
    counts: [60, 40],
    cells: [...Array<number>(60).fill(0), ...Array<number>(40).fill(1)],
    sentences: ['About 60 out of 100 patients like this one would be event-free at 1 year.'],
    label: 'About 60 out of 100',
    table: [],
    vsCohort: [],
  },
  outcomes: ['event-free', 'event'],
  notes: [],
  band: null,
  bandReason: 'No band.',
  intervalSentence: 'No interval.',
  drivers: null,
  familiarity: null,
} as unknown as SurvivalPatientPrediction;
const message = 'In cross-validation this model ranked patients no better than chance.';

/** The Predict step with one patient predicted; the k-fold figures beat chance or not. */
function renderPredicted(beatsChance: boolean | null): void {
  const crossValidation =
    beatsChance === null
      ? null
      : ({
          ...trained.outOfBag,
          folds: 5,
          chance: beatsChance ? { beatsChance, message: null } : { beatsChance, message },
        } as unknown as SurvivalReport['crossValidation']);
  const report: SurvivalReport = { ...trained, crossValidation };
  const store = createAppStore();
  act(() => {
    store.dispatch({ type: 'survival/trained', report });
    store.dispatch({ type: 'survival/predicted', prediction });
  });
  render(
    <EngineContext.Provider value={{} as EngineClient}>
      <StoreContext.Provider value={store}>
        <SurvivalPredict />
      </StoreContext.Provider>
    </EngineContext.Provider>,
  );
}

describe('survival Predict step', () => {
  it('warns on the prediction when the cross-validation did not beat chance, as the class mode does', () => {
    renderPredicted(false);
    const shown = screen.getByRole('region', { name: 'Survival prediction' });
    const note = within(shown).getByRole('note', { name: 'Model quality warning' });
    expect(note.textContent).toContain('This model did not beat chance');
    expect(note.textContent).toContain(message);
  });

  it('says nothing of chance when the model beat it, or before its cross-validation', () => {
    renderPredicted(true);
    expect(screen.queryByRole('note', { name: 'Model quality warning' })).toBeNull();
    cleanup();
    renderPredicted(null);
    expect(screen.getByRole('region', { name: 'Survival prediction' })).toBeTruthy();
    expect(screen.queryByRole('note', { name: 'Model quality warning' })).toBeNull();
  });
});
