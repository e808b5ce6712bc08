// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictionWords } from '../../worker/api';
import { IconArray } from './IconArray';

afterEach(cleanup);

const certain: PredictionWords = {
  counts: [100, 0],
  cells: Array<number>(100).fill(0),
  sentences: [
    'More than 99 out of 100 patients like this one in your cohort would have the outcome “benign”.',
    'Fewer than 1 out of 100 patients like this one in your cohort would have the outcome “malignant”.',
  ],
  label: '',
  table: [
    { outcome: 'benign', count: 100, percent: '100 %' },
    { outcome: 'malignant', count: 0, percent: '0 %' },
  ],
  vsCohort: [],
};

describe('icon array at the extremes', () => {
  it('never says 100 or 0 out of 100', () => {
    render(<IconArray words={certain} classes={['benign', 'malignant']} caption="This patient" />);
    const legend = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(legend).toEqual([
      ' benign: more than 99 out of 100',
      ' malignant: fewer than 1 out of 100',
    ]);
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['more than 99', 'fewer than 1']);
  });
});
