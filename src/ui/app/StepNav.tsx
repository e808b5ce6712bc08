import type { MouseEvent } from 'react';
import { useDispatch } from './storeContext';
import { focusStep } from './focusStep';

export interface StepLink {
  id: string;
  title: string;
  done: boolean;
}

/** Links to the steps, with a tick on the ones already done. */
export function StepNav({ steps }: { steps: StepLink[] }) {
  const dispatch = useDispatch();
  // Following a link moves focus to the step's heading (not only the scroll position), so the keyboard
  // and the screen reader continue from there.
  function goTo(e: MouseEvent, id: string, words: string) {
    if (!focusStep(id)) return;
    e.preventDefault();
    dispatch({ type: 'announce', text: words });
  }
  return (
    <nav className="step-nav" aria-label="Steps">
      <ol>
        {steps.map((s, i) => (
          <li key={s.id} className={s.done ? 'is-done' : undefined}>
            <a href={`#step-${s.id}`} onClick={(e) => goTo(e, s.id, `Step ${i + 1}: ${s.title}.`)}>
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
