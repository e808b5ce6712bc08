import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';

interface Props {
  classes: string[];
  /** matrix[trueClass][predictedClass] counts. */
  matrix: number[][];
  label: string;
}

/** A confusion matrix as a table: rows are the true outcomes, columns the predicted ones. */
export function ConfusionMatrix({ classes, matrix, label }: Props) {
  return (
    <DataTable
      caption={`${label}: rows are the true outcomes, columns the predicted ones`}
      label={label}
      className="compact"
      scrollClassName="confusion"
      rows={classes}
      rowKey={(c) => c}
      columns={[
        {
          key: 'true',
          header: 'True ↓ / predicted →',
          rowHeader: true,
          className: 'break',
          cell: (c) => c,
        },
        ...classes.map((d, j) => ({
          key: d,
          header: <span className="break">{d}</span>,
          numeric: true,
          className: (_: string, i: number) => (i === j ? 'is-right' : 'is-wrong'),
          cell: (_: string, i: number) => formatCount(matrix[i]?.[j] ?? 0),
        })),
      ]}
    />
  );
}
