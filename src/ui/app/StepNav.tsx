export interface StepLink {
  id: string;
  title: string;
  done: boolean;
}

/** Links to the steps, with a tick on the ones already done. */
export function StepNav({ steps }: { steps: StepLink[] }) {
  return (
    <nav className="step-nav" aria-label="Steps">
      <ol>
        {steps.map((s, i) => (
          <li key={s.id} className={s.done ? 'is-done' : undefined}>
            <a href={`#step-${s.id}`}>
              <span className="step-nav-num" aria-hidden="true">
                {s.done ? '✓' : i + 1}
              </span>
              <span>{s.title}</span>
              {s.done && <span className="visually-hidden"> (done)</span>}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
