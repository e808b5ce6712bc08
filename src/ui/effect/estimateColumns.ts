/** The three table columns of an effect estimate, shared by the two-arm and the multi-arm tables. */
import type { EffectReport } from '../../worker/api';
import type { Column } from '../app/DataTable';
import { signedPointsNumber } from '../app/format';

type Estimate = EffectReport['ate'];

/**
 * Effect, standard error and 95 % interval of the estimate `of` reads from a row, as bare numbers of percentage
 * points: the table's caption carries the unit, so an interval fits one line ("+2.0 to +9.1") in a narrow column.
 */
export function estimateColumns<T>(of: (row: T) => Estimate, effectHeader: string): Column<T>[] {
  const known = (r: T): boolean => Number.isFinite(of(r).estimate);
  return [
    {
      key: 'estimate',
      header: effectHeader,
      numeric: true,
      cell: (r) => (known(r) ? signedPointsNumber(of(r).estimate) : '–'),
    },
    {
      key: 'se',
      header: 'Standard error',
      numeric: true,
      cell: (r) =>
        Number.isFinite(of(r).standardError) ? (of(r).standardError * 100).toFixed(1) : '–',
    },
    {
      key: 'ci',
      header: '95 % interval',
      // Numeric: right-aligned and kept on one line like the other figures.
      numeric: true,
      cell: (r) =>
        known(r)
          ? `${signedPointsNumber(of(r).lower)} to ${signedPointsNumber(of(r).upper)}`
          : 'cannot be estimated',
    },
  ];
}
