import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App';
import { EngineContext } from './ui/app/engineContext';
import { StoreContext } from './ui/app/storeContext';
import { createAppStore } from './ui/app/store';
import { createEngineClient } from './worker/client';

// The one place the real engine (Web Workers) is created; tests can provide another EngineClient.
const engine = createEngineClient();
const store = createAppStore();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <EngineContext.Provider value={engine}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </EngineContext.Provider>
  </StrictMode>,
);
