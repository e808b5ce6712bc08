import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App';
import { EngineContext } from './ui/app/engineContext';
import { StoreContext } from './ui/app/storeContext';
import { createAppStore } from './ui/app/store';
import { createEngineClient } from './worker/client';
import { startOfflineSupport } from './ui/privacy/offline';
import { trackLoadedFile } from './ui/privacy/lastLoadedFile';
import { deviceDbExists } from './ui/privacy/deviceDb';
import { restoreSession } from './ui/privacy/restore';
import { DeviceMemory, DeviceMemoryContext } from './ui/privacy/deviceMemory';
import { currentEvaluation } from './ui/privacy/currentEvaluation';
import { preloadResultViews } from './ui/app/preload';

// The service worker is registered from here (production builds only), so index.html has no inline script.
startOfflineSupport();

// The one place the real engine (Web Workers) is created; tests can provide another EngineClient. It is
// wrapped to keep the loaded file, which "Remember on this device" stores.
const tracked = trackLoadedFile(createEngineClient());
const engine = tracked.engine;

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('The page has no #root element.');
const root = createRoot(rootElement);

/** Restores remembered work (when "Remember on this device" is on) before the app renders. */
async function start(): Promise<void> {
  const remembering = await deviceDbExists().catch(() => false);
  if (remembering) {
    root.render(
      <p className="page" role="status">
        Restoring your work from this device…
      </p>,
    );
  }
  const restored = remembering ? await restoreSession(engine) : null;
  const store = createAppStore(restored?.state);
  const memory = new DeviceMemory(store, engine, tracked.lastLoaded, currentEvaluation, {
    remember: restored !== null,
    message: restored?.message || null,
  });
  root.render(
    <StrictMode>
      <EngineContext.Provider value={engine}>
        <StoreContext.Provider value={store}>
          <DeviceMemoryContext.Provider value={memory}>
            <App />
          </DeviceMemoryContext.Provider>
        </StoreContext.Provider>
      </EngineContext.Provider>
    </StrictMode>,
  );
  // The chart code is fetched and compiled while the user looks at the first loaded table, never while a file is
  // being read (a restored session already has its table, so it preloads at once).
  const preloadOnceLoaded = (): boolean => {
    if (!store.getState().load.table) return false;
    preloadResultViews();
    return true;
  };
  if (!preloadOnceLoaded()) {
    const unsubscribe = store.subscribe(() => {
      if (preloadOnceLoaded()) unsubscribe();
    });
  }
}

void start();
