import { useId } from 'react';
import { useDeviceMemory, useDeviceMemoryInstance } from './deviceMemory';
import { formatBytes } from './forget';

/** The opt-in "Remember on this device" box, and what is stored now. */
export function RememberOnDevice() {
  const memory = useDeviceMemoryInstance();
  const { remember, storedBytes, busy } = useDeviceMemory();
  const helpId = useId();
  return (
    <div className="device-remember">
      <label className="device-check">
        <input
          type="checkbox"
          checked={remember}
          disabled={busy}
          aria-describedby={helpId}
          onChange={(e) => void memory.setRemember(e.target.checked)}
        />
        Remember on this device
      </label>
      <p className="device-help" id={helpId}>
        {remember
          ? storedBytes === null
            ? 'Storing your file, model and patients in this browser…'
            : `Stored on this device: ${formatBytes(storedBytes)}. Unticking deletes it.`
          : 'Off: nothing is stored; a reload starts afresh.'}
      </p>
    </div>
  );
}
