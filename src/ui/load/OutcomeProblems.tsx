/** Why training cannot start on the chosen outcome (errors) and what to know about it (warnings): class or time to event. */
export function OutcomeProblems({ errors, warnings }: { errors: string[]; warnings: string[] }) {
  return (
    <>
      {errors.length > 0 && (
        <div className="alert alert-error" role="alert">
          <strong className="alert-title">Training cannot start yet</strong>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="alert alert-warn" role="group" aria-label="Outcome warnings">
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
