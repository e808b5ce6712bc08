/** The three table columns of an effect estimate, shared by the two-arm and the multi-arm results. */
import type { EffectReport } from '../../worker/api';
import type { Column } from '../app/DataTable';
import { signedPoints } from '../app/format';
import { intervalText } from './effectWords';

type Estimate = EffectReport['ate'];

/** Effect, standard error and 95 % interval of the estimate `of` reads from a row, in percentage points. */
export function estimateColumns<T>(of: (row: T) => Estimate, effectHeader: string): Column<T>[] {
  return [
    {
      key: 'estimate',
      header: effectHeader,
      numeric: true,
      cell: (r) => (Number.isFinite(of(r).estimate) ? signedPoints(of(r).estimate) : '–'),
    },
    {
      key: 'se',
      header: 'Standard error',
      numeric: true,
      cell: (r) =>
        Number.isFinite(of(r).standardError)
          ? `${(of(r).standardError * 100).toFixed(1)} percentage points`
          : '–',
    },
    { key: 'ci', header: '95 % interval', cell: (r) => intervalText(of(r)) },
  ];
}
