// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClassCurves, DecisionCurve as Curve, MetricIntervals } from '../../worker/api';
import { DecisionCurve } from './DecisionCurve';
import { EvaluationCautions } from './EvaluationCautions';
import { ThresholdPanel } from './ThresholdPanel';

afterEach(cleanup);

const at = (threshold: number, netBenefit: [number, number]) => ({
  threshold,
  sensitivity: [0.6, 0.8] as [number, number],
  specificity: [0.7, 0.9] as [number, number],
  accuracy: [0.65, 0.85] as [number, number],
  balancedAccuracy: [0.66, 0.84] as [number, number],
  netBenefit,
});

const curves: ClassCurves = {
  className: 'yes',
  auc: 0.8,
  averagePrecision: 0.7,
  points: [
    { threshold: 2, tpr: 0, fpr: 0, precision: 1, tp: 0, fp: 0, tn: 60, fn: 40 },
    { threshold: 0.5, tpr: 0.7, fpr: 0.2, precision: 0.7, tp: 28, fp: 12, tn: 48, fn: 12 },
    { threshold: 0.1, tpr: 1, fpr: 1, precision: 0.4, tp: 40, fp: 60, tn: 0, fn: 0 },
  ],
};

describe('intervals in the evaluation', () => {
  it('puts the 95 % interval under each rate at the threshold', () => {
    render(
      <ThresholdPanel
        classes={['no', 'yes']}
        curves={curves}
        threshold={0.5}
        onThreshold={() => {}}
        intervals={at(0.5, [0.1, 0.2])}
      />,
    );
    const group = screen.getByRole('group', { name: 'Results at the chosen threshold' });
    const sensitivity = within(group).getByText('Sensitivity').nextElementSibling;
    expect(sensitivity?.textContent).toBe('70.0 % (95 % CI 60.0–80.0 %)');
    const balanced = within(group).getByText('Balanced accuracy').nextElementSibling;
    expect(balanced?.textContent).toBe('75.0 % (95 % CI 66.0–84.0 %)');
  });

  it('shows no interval where none was computed (older model files)', () => {
    render(
      <ThresholdPanel
        classes={['no', 'yes']}
        curves={curves}
        threshold={0.5}
        onThreshold={() => {}}
      />,
    );
    expect(screen.getByText('Sensitivity').nextElementSibling?.textContent).toBe('70.0 %');
  });

  it('gives the net benefit its interval and doubts a win the interval does not support', () => {
    const curve: Curve = {
      n: 100,
      prevalence: 0.4,
      points: [0.3, 0.5].map((threshold) => ({
        threshold,
        model: 0.2,
        treatAll: 0.4 - 0.6 * (threshold / (1 - threshold)),
        treatNone: 0,
        tp: 28,
        fp: 12,
      })),
    };
    const intervals = { thresholds: [at(0.3, [0.16, 0.3]), at(0.5, [-0.02, 0.3])] };
    const { rerender } = render(
      <DecisionCurve
        curve={curve}
        positive="yes"
        threshold={0.3}
        intervals={intervals as MetricIntervals}
      />,
    );
    expect(screen.getByText(/the model’s net benefit is/).textContent).toMatch(
      /net benefit is 0\.200 \(95 % CI 0\.160–0\.300\) \(acting on everyone: 0\.143; on no one: 0\): using the model is better than either default\./,
    );
    rerender(
      <DecisionCurve
        curve={curve}
        positive="yes"
        threshold={0.5}
        intervals={intervals as MetricIntervals}
      />,
    );
    expect(screen.getByText(/the model’s net benefit is/).textContent).toMatch(
      /0\.200 \(95 % CI -0\.020–0\.300\).*looks better than either default, but its interval reaches down to them/,
    );
  });

  it('lists the cautions in a note, and shows nothing without them', () => {
    const { container } = render(<EvaluationCautions cautions={[]} />);
    expect(container.textContent).toBe('');
    render(<EvaluationCautions cautions={['Only 11 patients had “AML”.']} />);
    const note = screen.getByRole('note', { name: 'Cautions about these figures' });
    expect(note.textContent).toContain('Only 11 patients had “AML”.');
  });
});
