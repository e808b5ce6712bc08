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
    <div className="table-scroll confusion" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table compact">
        <caption className="visually-hidden">
          {label}: rows are the true outcomes, columns the predicted ones
        </caption>
        <thead>
          <tr>
            <th scope="col">True ↓ / predicted →</th>
            {classes.map((c) => (
              <th key={c} scope="col" className="num break">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((c, i) => (
            <tr key={c}>
              <th scope="row" className="break">
                {c}
              </th>
              {classes.map((d, j) => (
                <td key={d} className={`num${i === j ? ' is-right' : ' is-wrong'}`}>
                  {formatCount(matrix[i]?.[j] ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
