/**
 * A heavy part of a result (a chart, a long table) drawn in its own turn of the reveal queue (see
 * revealQueue.ts), inside a transition so React renders it in small slices, with its code loaded lazily
 * when it is a React.lazy component. Until then a placeholder keeps its place on the page.
 */
import { enqueueReveal } from './revealQueue';
import {
  startTransition,
  Suspense,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';

interface Props {
  children: ReactNode;
  /** Height kept for the block until it is drawn, so the page does not jump. */
  minHeight?: number;
  className?: string;
}

export function Deferred({ children, minHeight = 120, className }: Props) {
  const [shown, setShown] = useState(false);
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (shown) return;
    const waiting = enqueueReveal(() => startTransition(() => setShown(true)));
    const el = holder.current;
    const observer =
      el && typeof IntersectionObserver === 'function'
        ? new IntersectionObserver(
            (entries) => {
              if (entries.some((e) => e.isIntersecting)) waiting.near = true;
            },
            { rootMargin: '400px 0px' },
          )
        : null;
    if (el) observer?.observe(el);
    return () => {
      observer?.disconnect();
      waiting.cancel();
    };
  }, [shown]);

  const style: CSSProperties = { minHeight };
  const placeholder = <div ref={holder} className="deferred" style={style} aria-hidden="true" />;
  if (!shown) return placeholder;
  return (
    <Suspense fallback={<div className="deferred" style={style} aria-hidden="true" />}>
      {className ? <div className={className}>{children}</div> : children}
    </Suspense>
  );
}
