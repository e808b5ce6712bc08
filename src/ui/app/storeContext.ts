/** Access to the one app store from components: read a slice, or dispatch an action. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Action, AppState, AppStore } from './store';

export const StoreContext = createContext<AppStore | null>(null);

function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('The app store is missing: wrap the app in <StoreContext.Provider>.');
  return store;
}

/**
 * A slice of the state. The selector must return a part of the state (not a new object), so that a
 * component re-renders only when its slice changes.
 */
export function useAppState<T>(selector: (state: AppState) => T): T {
  const store = useStore();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}

export function useDispatch(): (action: Action) => void {
  return useStore().dispatch;
}

/** The store itself, for event handlers that need the latest state without re-rendering on it. */
export function useStoreInstance(): AppStore {
  return useStore();
}
