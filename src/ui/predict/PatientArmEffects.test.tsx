// @vitest-environment jsdom
/** The Predict step's per-arm view of a joint multi-arm estimate: its table, per-arm overlap warnings and states. */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient, MultiArmReport, PatientArmEffects as ArmsData } from '../../worker/api';
import { EngineContext } from '../app/engineContext';
import { PatientArmEffects } from './PatientArmEffects';

afterEach(cleanup);

const outcomes: [string, string] = ['responder', 'non_responder'];

/** 100 patients, `n` of them responders (the engine's icon array, written out: the UI may not import the engine). */
function icons(n: number): ArmsData['arms'][number]['icons'] {
  const sentences = [`${n} responders.`, `${100 - n} non-responders.`];
  return {
    counts: [n, 100 - n],
    cells: Array.from({ length: 100 }, (_, i) => (i < n ? 0 : 1)),
    sentences,
    label: `${sentences.join(' ')} would have the outcome`,
    table: [
      { outcome: outcomes[0], count: n, percent: `${n} %` },
      { outcome: outcomes[1], count: 100 - n, percent: `${100 - n} %` },
    ],
  };
}

function arm(
  name: string,
  probability: number,
  propensity: number,
  difference: ArmsData['arms'][number]['difference'],
): ArmsData['arms'][number] {
  const p = Math.min(1, Math.max(0, probability));
  return {
    arm: name,
    isComparison: difference === null,
    probability,
    icons: icons(Math.round(p * 100)),
    sentence: `With ${name}: about ${Math.round(p * 100)} out of 100 patients like this one.`,
    propensity,
    overlapWarning: propensity <= 0.01 || propensity >= 0.99,
    difference,
  };
}

const data: ArmsData = {
  positive: 'responder',
  treatment: 'drug',
  comparison: 'placebo',
  outcomes,
  arms: [
    arm('placebo', 0.3, 0.004, null),
    arm('A', 1.05, 0.993, {
      effect: 0.75,
      standardError: 0.1,
      lower: 0.554,
      upper: 0.946,
      clear: true,
      text: '',
      reading:
        'The interval leaves out zero: for patients like this one, A rather than placebo raises the chance of “responder”.',
    }),
    arm('B', 0.28, 0.003, {
      effect: -0.02,
      standardError: 0.1,
      lower: -0.216,
      upper: 0.176,
      clear: false,
      text: '',
      reading: 'No clear difference for this patient: the interval includes zero.',
    }),
  ],
  clipped: true,
  unknown: ['site'],
};

const report = {
  method: 'multi-arm causal forest',
  treatment: 'drug',
  comparison: 'placebo',
  drivers: [],
  assumptions: ['Every confounder is among the columns.'],
} as unknown as MultiArmReport;

function show(answer: () => Promise<ArmsData | null>) {
  const engine = { patientArmEffects: answer } as unknown as EngineClient;
  render(
    <EngineContext.Provider value={engine}>
      <PatientArmEffects report={report} input={{ biomarker: 2 }} answerKey="1:p1" />
    </EngineContext.Provider>,
  );
}

describe('PatientArmEffects', () => {
  it('shows every arm in the table, and an overlap warning for each arm at or beyond 1 % / 99 %, in its words', async () => {
    show(async () => data);
    const region = screen.getByRole('region', { name: 'Each arm of drug for this patient' });
    const table = await within(region).findByRole('table', {
      name: /^This patient's chance of “responder” under each arm of drug/,
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      'placebo30.0 %––The comparison arm.',
      'A100.0 %+75.0 percentage points+55.4 to +94.6The interval leaves out zero: for patients like this one, A rather than placebo raises the chance of “responder”.',
      'B28.0 %−2.0 percentage points−21.6 to +17.6No clear difference for this patient: the interval includes zero.',
    ]);
    expect(within(region).getAllByRole('img', { name: /would have the outcome/ })).toHaveLength(3);
    expect(
      within(region).getByRole('note', { name: 'Overlap warning for placebo' }),
    ).toHaveProperty(
      'textContent',
      expect.stringMatching(
        /chance of getting placebo is 0\.4 %: almost no patient like this one got placebo, so every arm's difference from it rests on extrapolation/,
      ),
    );
    expect(within(region).getByRole('note', { name: 'Overlap warning for A' }).textContent).toMatch(
      /almost every patient like this one got A, so the other arms' chances/,
    );
    expect(within(region).getByRole('note', { name: 'Overlap warning for B' }).textContent).toMatch(
      /almost no patient like this one got B, so its chance and its difference from placebo/,
    );
    expect(within(region).getByText(/ran past 0 % or 100 %/)).toBeTruthy();
    expect(within(region).getByText('Taken as unknown for this estimate: site.')).toBeTruthy();
    expect(within(region).getByRole('note', { name: 'Assumptions' }).textContent).toMatch(
      /Every confounder/,
    );
  });

  it('warns for no arm when every chance of an arm lies between 1 % and 99 %', async () => {
    const middle = data.arms.map((a, k) => ({
      ...a,
      propensity: [0.3, 0.4, 0.3][k],
      overlapWarning: false,
    }));
    show(async () => ({ ...data, arms: middle, clipped: false, unknown: [] }));
    const region = screen.getByRole('region', { name: 'Each arm of drug for this patient' });
    await within(region).findByRole('table', { name: /under each arm of drug/ });
    expect(within(region).queryAllByRole('note', { name: /^Overlap warning/ })).toEqual([]);
    expect(within(region).queryByText(/ran past 0 % or 100 %/)).toBeNull();
    expect(within(region).queryByText(/Taken as unknown/)).toBeNull();
  });

  it('says when the engine no longer holds the fit, and why an answer failed', async () => {
    show(async () => null);
    expect(await screen.findByText(/no longer held \(the engine restarted\)/)).toBeTruthy();
    cleanup();
    show(async () => {
      throw new Error('The patient could not be read');
    });
    expect(await screen.findByText('The patient could not be read')).toBeTruthy();
    expect(screen.getByText("This patient's effects could not be estimated")).toBeTruthy();
  });
});
