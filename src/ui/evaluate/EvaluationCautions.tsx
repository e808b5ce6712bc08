/** The engine's cautions about an evaluation (few events, far more features than patients, near-perfect AUC on few). */
export function EvaluationCautions({ cautions }: { cautions: readonly string[] }) {
  if (cautions.length === 0) return null;
  return (
    <div className="alert alert-warn" role="note" aria-label="Cautions about these figures">
      <strong className="alert-title">Read these figures with caution</strong>
      <ul>
        {cautions.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}
