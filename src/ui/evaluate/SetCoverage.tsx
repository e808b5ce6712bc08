import type { ConformalCoverage } from '../../worker/api';

function pct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 1000) / 10} %` : '–';
}

/**
 * How often the prediction sets contained the true outcome in cross-validation (each fold calibrated on its
 * own training part), at each Confidence the Predict step offers, overall and per outcome.
 */
export function SetCoverage({
  levels,
  classes,
}: {
  levels: ConformalCoverage[];
  classes: string[];
}) {
  if (levels.length === 0) return null;
  const warnings = [...new Set(levels.flatMap((l) => l.warnings))];
  return (
    <div className="eval-block">
      <h3 className="sub-title sub-title-small">Prediction sets: coverage in cross-validation</h3>
      <div
        className="table-scroll coverage-table"
        role="region"
        aria-label="Coverage of the prediction sets"
        tabIndex={0}
      >
        <table className="data-table compact">
          <caption className="visually-hidden">Coverage of the prediction sets</caption>
          <thead>
            <tr>
              <th scope="col">Confidence</th>
              <th scope="col" className="num">
                Coverage
              </th>
              {classes.map((c) => (
                <th key={c} scope="col" className="num break">
                  {c}
                </th>
              ))}
              <th scope="col" className="num">
                Mean set size
              </th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => (
              <tr key={l.confidence}>
                <th scope="row">{pct(l.confidence)}</th>
                <td className="num">{pct(l.coverage)}</td>
                {classes.map((c) => (
                  <td key={c} className="num">
                    {pct(l.coverageByClass[c])}
                  </td>
                ))}
                <td className="num">{l.meanSetSize.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">
        Coverage: how often a patient’s true outcome was among the outcomes the set could not rule
        out. It should be close to the confidence, for every outcome.
      </p>
      {warnings.length > 0 && (
        <div className="alert alert-warn" role="note">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
