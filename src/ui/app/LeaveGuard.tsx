import { useContext, useEffect, useSyncExternalStore } from 'react';
import { DeviceMemoryContext } from '../privacy/deviceMemory';
import { useAppState } from './storeContext';

const NOTHING = () => () => {};
const NOT_REMEMBERED = () => false;

/**
 * Asks the browser to confirm leaving or reloading the page while a cohort is loaded and not remembered on this
 * device: the table lives only in this tab, so an accidental reload would lose it (and the model trained on it).
 * Renders nothing.
 */
export function LeaveGuard() {
  const loaded = useAppState((s) => s.load.table !== null);
  // Without device memory (tests, or storage refused) nothing is remembered.
  const memory = useContext(DeviceMemoryContext);
  const remembered = useSyncExternalStore(
    memory?.subscribe ?? NOTHING,
    memory ? () => memory.getState().remember : NOT_REMEMBERED,
  );
  const ask = loaded && !remembered;
  useEffect(() => {
    if (!ask) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      // Both spellings: preventDefault is the standard, returnValue what older browsers wait for.
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [ask]);
  return null;
}
