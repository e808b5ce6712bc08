import type { ReactNode } from 'react';

interface Props {
  id: string;
  number: number;
  title: string;
  intro: string;
  children: ReactNode;
}

/** One step of the journey: a landmark region named by its heading. */
export function StepSection({ id, number, title, intro, children }: Props) {
  const headingId = `step-${id}-title`;
  return (
    <section id={`step-${id}`} className="step" aria-labelledby={headingId}>
      <div className="step-head">
        <span className="step-num" aria-hidden="true">
          {number}
        </span>
        <div>
          <h2 id={headingId} className="step-title" tabIndex={-1}>
            {title}
          </h2>
          <p className="step-intro">{intro}</p>
        </div>
      </div>
      <div className="step-body">{children}</div>
    </section>
  );
}
