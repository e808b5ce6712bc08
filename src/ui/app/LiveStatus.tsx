import { useAppState } from './storeContext';

/** The polite screen-reader announcement of the latest thing that happened (loaded, trained, …). */
export function LiveStatus() {
  const announcement = useAppState((s) => s.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement.text}
    </div>
  );
}
