/**
 * Moving keyboard focus to a new result's heading: a reducer asks for it (`requestFocus`), the heading
 * takes it when it is on screen (`useFocusRequest`), even when it is drawn a few tasks later.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useAppState } from './storeContext';

/** The headings a result can send focus to. */
export type FocusTarget = 'load-result' | 'train-result' | 'predict-result';

export interface FocusRequest {
  target: FocusTarget | null;
  /** Increases with every request so the same heading can be asked for again. */
  seq: number;
}

export const NO_FOCUS_REQUEST: FocusRequest = { target: null, seq: 0 };

export function requestFocus(current: FocusRequest, target: FocusTarget): FocusRequest {
  return { target, seq: current.seq + 1 };
}

/** The last request already carried out (shared, so a heading mounted later does not take it twice). */
let handled = 0;

/** A ref for the heading of `target`: it takes focus when a new request for it arrives. */
export function useFocusRequest<T extends HTMLElement>(target: FocusTarget): RefObject<T | null> {
  const ref = useRef<T>(null);
  const request = useAppState((s) => s.focus);
  useEffect(() => {
    if (request.target !== target || request.seq <= handled || !ref.current) return;
    handled = request.seq;
    const el = ref.current;
    const seq = request.seq;
    // In a task after the one that drew the result: focusing forces a layout of everything just drawn, which
    // added 20–35 ms to that task.
    setTimeout(() => {
      if (handled !== seq || !el.isConnected) return;
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'start', behavior: 'auto' });
    }, 0);
  }, [request, target]);
  return ref;
}
