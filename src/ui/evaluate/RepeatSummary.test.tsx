// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../worker/api';
import { RepeatSummary } from './RepeatSummary';

afterEach(cleanup);

const spread = (mean: number, sd: number, min: number, max: number) => ({ mean, sd, min, max });

describe('the spread across repeats', () => {
  it('writes each figure as the figures table does: accuracy in %, its SD in percentage points, AUC and Brier with three decimals', () => {
    const report = {
      repeats: 5,
      repeatSpread: {
        auc: spread(0.9134, 0.0071, 0.9012, 0.9221),
        accuracy: spread(0.9532, 0.0121, 0.9401, 0.9648),
        balancedAccuracy: spread(0.9417, 0.015, 0.92, 0.96),
        brier: spread(0.04123, 0.0042, 0.0371, 0.0466),
      },
    } as unknown as EvaluationReport;
    render(<RepeatSummary report={report} />);
    const table = screen.getByRole('table', { name: 'Spread across 5 repeats' });
    const cells = (name: string) =>
      within(within(table).getByRole('row', { name: new RegExp(`^${name}`) }))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells('Accuracy')).toEqual(['95.3 %', '1.2 percentage points', '94.0 %', '96.5 %']);
    expect(cells('Balanced accuracy')).toEqual([
      '94.2 %',
      '1.5 percentage points',
      '92.0 %',
      '96.0 %',
    ]);
    expect(cells('ROC AUC')).toEqual(['0.913', '0.007', '0.901', '0.922']);
    expect(cells('Brier score')).toEqual(['0.041', '0.004', '0.037', '0.047']);
  });
});
