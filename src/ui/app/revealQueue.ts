/**
 * One queue for everything drawn after a result arrives, so drawing a trained model, its evaluation or
 * a prediction never blocks the page in one long task: one entry is revealed per task, parts near the
 * viewport first, the others when the browser is idle.
 */
import { startTransition, useEffect, useState } from 'react';

export interface Waiting {
  reveal: () => void;
  /** Near or in the viewport: goes before the others. */
  near: boolean;
}

const queue: Waiting[] = [];
let scheduled = false;

/** Reveals the next block, then gives the browser a turn to paint and handle input before the next one. */
function pump(): void {
  scheduled = false;
  const i = queue.findIndex((w) => w.near);
  const [next] = queue.splice(i >= 0 ? i : 0, 1);
  next?.reveal();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A timeout keeps the results coming while a worker keeps the page busy with messages.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(pump, { timeout: 200 });
  else setTimeout(pump, 16);
}

/** Puts `reveal` in the queue; `near` can be set later (it then goes first); `cancel` takes it out. */
export function enqueueReveal(reveal: () => void): Waiting & { cancel: () => void } {
  const waiting = {
    near: false,
    reveal,
    cancel: () => {
      const at = queue.indexOf(waiting);
      if (at >= 0) queue.splice(at, 1);
    },
  };
  queue.push(waiting);
  schedule();
  return waiting;
}

/**
 * How many of `total` items to draw now: `step` at first, then `step` more at each turn of the queue, so
 * a long list (a form of 200 fields) mounts in slices instead of one long task.
 */
export function useProgressiveCount(total: number, step: number): number {
  const [count, setCount] = useState(step);
  useEffect(() => {
    if (count >= total) return;
    const waiting = enqueueReveal(() => startTransition(() => setCount((c) => c + step)));
    waiting.near = true;
    return waiting.cancel;
  }, [count, total, step]);
  return Math.min(count, total);
}

/**
 * Resolves in a later task, so work that cannot be split (copying a 20,000-field patient to a worker) does not
 * add up with the rendering before it into one long task.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
