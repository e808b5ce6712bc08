import { offlineText, useOfflineState } from './offline';

/** Whether the app can work with no network, said plainly (and announced when it changes). */
export function OfflineStatus() {
  const state = useOfflineState();
  const tone = !state.online ? 'offline' : state.readiness;
  return (
    <p className={`offline-status offline-status-${tone}`} role="status">
      <span className="offline-dot" aria-hidden="true" />
      {offlineText(state)}
    </p>
  );
}
