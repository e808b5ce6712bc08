/**
 * Offline readiness: registers the service worker (production builds only; the dev server has none) from
 * this module, so index.html needs no inline script and the CSP can forbid them. The state is a tiny external
 * store read with useSyncExternalStore, because it starts before React renders.
 */
import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

/** unavailable: no service worker here (dev server, old browser, private mode that forbids it). */
export type OfflineReadiness = 'unavailable' | 'preparing' | 'ready';

export interface OfflineState {
  readiness: OfflineReadiness;
  /** Whether the app's own server answers now (navigator.onLine, checked by asking the server). */
  online: boolean;
}

let state: OfflineState = {
  readiness: 'unavailable',
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
};
const listeners = new Set<() => void>();

function set(next: Partial<OfflineState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

/** How often the server is asked again while the app believes it is offline. */
const RETRY_OFFLINE_MS = 5_000;
let retry: ReturnType<typeof setTimeout> | undefined;

/**
 * Asks the app's own server whether it answers (a file the service worker never caches, so the answer cannot come
 * from the cache; any answer, even 404, means online). navigator.onLine alone says "online" whenever a network
 * interface is up, even with no route to the server, and some browsers' network emulation never changes it.
 */
async function checkOnline(): Promise<void> {
  clearTimeout(retry);
  if (typeof fetch !== 'function') return;
  let online: boolean;
  if (!navigator.onLine) online = false;
  else {
    try {
      await fetch(`${import.meta.env.BASE_URL}online-check.txt?t=${Date.now()}`, {
        method: 'HEAD',
        cache: 'no-store',
      });
      online = true;
    } catch {
      online = false;
    }
  }
  set({ online });
  if (!online) retry = setTimeout(() => void checkOnline(), RETRY_OFFLINE_MS);
}

/** Starts offline support once, at startup. */
export function startOfflineSupport(): void {
  window.addEventListener('online', () => void checkOnline());
  window.addEventListener('offline', () => set({ online: false }));
  void checkOnline();
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  set({ readiness: 'preparing' });
  registerSW({
    immediate: true,
    onOfflineReady: () => set({ readiness: 'ready' }),
    onRegisterError: () => set({ readiness: 'unavailable' }),
  });
  // An active worker has finished installing, i.e. precaching the whole app; on later visits no
  // "installed" event fires, so this is what says "ready" then.
  void navigator.serviceWorker.ready.then(() => set({ readiness: 'ready' }));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOfflineState(): OfflineState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => state,
  );
}

/** The plain-words line shown in the header. */
export function offlineText(s: OfflineState): string {
  if (!s.online) return 'Offline: running from this device';
  if (s.readiness === 'ready') return 'Ready to work offline';
  if (s.readiness === 'preparing') return 'Preparing offline use…';
  return import.meta.env.PROD
    ? 'Offline use is not available in this browser'
    : 'Offline use starts in the built app';
}
