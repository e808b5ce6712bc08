import { useId, useRef } from 'react';
import { useDeviceMemory, useDeviceMemoryInstance } from './deviceMemory';

/** "Forget everything on this device", confirmed in a modal dialog whose safe choice ("Keep") has focus. */
export function ForgetEverything() {
  const memory = useDeviceMemoryInstance();
  const { busy } = useDeviceMemory();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  function close() {
    dialog.current?.close();
  }

  async function forget() {
    close();
    await memory.forgetEverything();
  }

  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="btn btn-small btn-quiet-danger"
        disabled={busy}
        onClick={() => dialog.current?.showModal()}
      >
        Forget everything on this device
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={titleId}
        aria-describedby={textId}
        onClose={() => trigger.current?.focus()}
      >
        <h2 id={titleId} className="confirm-title">
          Forget everything on this device?
        </h2>
        <div id={textId}>
          <p>
            This deletes everything GenoForest stored in this browser: the remembered file, model,
            choices and patients, and any other data of this site. Only the app itself stays, so it
            still works offline.
          </p>
          <p>
            Files you saved yourself, such as a <code>.genoforest.json</code> model, are not
            touched. This cannot be undone.
          </p>
        </div>
        <div className="confirm-actions">
          {/* The safe choice has the focus in a destructive confirmation. */}
          <button type="button" className="btn" autoFocus onClick={close}>
            Keep
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void forget()}>
            Forget everything
          </button>
        </div>
      </dialog>
    </>
  );
}
