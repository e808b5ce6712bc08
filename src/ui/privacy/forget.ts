/**
 * "Forget everything on this device": every IndexedDB database of this site, localStorage, sessionStorage and
 * every Cache Storage cache except the app's own precache (the app's code, which holds no data) are deleted.
 */
import { deleteDB } from 'idb';
import { DEVICE_DB_NAME } from './deviceDb';

/** Cache names that hold only the app itself (workbox's precache of the built files). */
export function isAppPrecache(cacheName: string): boolean {
  return cacheName.startsWith('workbox-precache');
}

export async function forgetEverything(): Promise<void> {
  const names =
    typeof indexedDB.databases === 'function'
      ? (await indexedDB.databases()).flatMap((d) => (d.name ? [d.name] : []))
      : [DEVICE_DB_NAME];
  if (!names.includes(DEVICE_DB_NAME)) names.push(DEVICE_DB_NAME);
  await Promise.all(names.map((name) => deleteDB(name)));
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    // Storage disabled by the browser: there is nothing in it to delete.
  }
  if ('caches' in window) {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => !isAppPrecache(k)).map((k) => caches.delete(k)));
  }
}

/** "1.2 MB", "840 kB", "312 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}
