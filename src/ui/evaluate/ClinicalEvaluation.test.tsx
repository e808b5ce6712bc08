// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../worker/api';
import { createAppStore, initialState } from '../app/store';
import { StoreContext } from '../app/storeContext';
import { ClinicalEvaluation } from './ClinicalEvaluation';

afterEach(cleanup);
/** Net benefit of acting on everyone at threshold t, for a class of prevalence p (Vickers & Elkin). */
const treatAll = (p: number, t: number): number => p - ((1 - p) * t) / (1 - t);

/**
 * A colon-like report whose positive class is the first class, "no_recurrence" (300 of 500 patients), as a user
 * may choose: the curve's numbers are that class's, and so must every label be.
 */
function report(): EvaluationReport {
  const confusion = [
    [240, 60], // true no_recurrence
    [50, 150], // true recurrence
  ];
  const prevalence = 300 / 500;
  const points = [0.1, 0.3, 0.5, 0.7].map((t) => ({
    threshold: t,
    model: treatAll(prevalence, t) + 0.05,
    treatAll: treatAll(prevalence, t),
    treatNone: 0,
  }));
  return {
    classes: ['no_recurrence', 'recurrence'],
    positiveClass: 'no_recurrence',
    cv: { confusion },
    decisionCurve: { n: 500, prevalence, points },
    recalibration: [
      {
        method: 'platt',
        positive: 0,
        calibrator: { kind: 'platt', a: 1, b: 0 },
        brierBefore: 0.2,
        brierAfter: 0.19,
        brierAfterInSample: 0.18,
        folds: 5,
        calibrationAfter: [],
      },
    ],
    chance: { beatsChance: true, message: null },
  } as unknown as EvaluationReport;
}

describe('the clinical read-outs of an evaluation', () => {
  it('name the class whose numbers they show: treat-all equals prevalence − (1 − prevalence)·t/(1 − t)', () => {
    const r = report();
    const store = createAppStore({
      ...initialState,
      evaluate: { ...initialState.evaluate, report: r, modelTrainedAt: 'model-1' },
    });
    render(
      <StoreContext.Provider value={store}>
        <ClinicalEvaluation report={r} threshold={0.5} />
      </StoreContext.Provider>,
    );
    const caption = screen.getByText(/^Decision curve \(net benefit\) for acting on/);
    const labelled = /“(.+)”/.exec(caption.textContent ?? '')![1];
    expect(labelled).toBe('no_recurrence');
    // The prevalence of the labelled class, from the true outcomes, gives the treat-all figure printed.
    const k = r.classes.indexOf(labelled);
    const rows = r.cv.confusion.map((row) => row.reduce((a, b) => a + b, 0));
    const prevalence = rows[k] / (rows[0] + rows[1]);
    const note = screen.getByText(/At the decision threshold 0\.50/);
    expect(note.textContent).toContain(
      `acting on everyone: ${treatAll(prevalence, 0.5).toFixed(3)}`,
    );
    expect(note.textContent).toContain('true “no_recurrence” patients');
    // The recalibration speaks of the same class.
    expect(screen.getByText(/can correct the probabilities of/).textContent).toContain(
      '“no_recurrence”',
    );
  });
});
