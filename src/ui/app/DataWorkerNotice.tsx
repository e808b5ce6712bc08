import { useEffect } from 'react';
import { ErrorAlert } from './Alert';
import { useEngine } from './engineContext';
import { useAppState, useDispatch } from './storeContext';

/**
 * Listens for the engine restarting its data worker (engineSlice.ts) and says, once, what the user lost with it and
 * what to do; announced at once (role="alert"), dismissable, gone when a table is loaded again.
 */
export function DataWorkerNotice() {
  const engine = useEngine();
  const dispatch = useDispatch();
  const notice = useAppState((s) => s.engineRestart);

  useEffect(
    () =>
      engine.onDataWorkerRestart((restart) =>
        dispatch({ type: 'engine/dataWorkerRestarted', restart }),
      ),
    [engine, dispatch],
  );

  if (!notice || notice.dismissed) return null;
  return (
    <ErrorAlert
      title="The app restarted its data worker"
      onDismiss={() => dispatch({ type: 'engine/dismissRestart' })}
    >
      {notice.message}
    </ErrorAlert>
  );
}
