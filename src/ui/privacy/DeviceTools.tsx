import { useDeviceMemory } from './deviceMemory';
import { ForgetEverything } from './ForgetEverything';
import { ModelFileControls } from './ModelFileControls';
import { OfflineStatus } from './OfflineStatus';
import { RememberOnDevice } from './RememberOnDevice';
import { ErrorAlert } from '../app/Alert';
import './privacy.css';

/** The header's device tools: offline readiness, remembering and forgetting, and model files. */
export function DeviceTools() {
  const { message, error } = useDeviceMemory();
  return (
    <section className="device-tools" aria-label="This device">
      <OfflineStatus />
      <div className="device-row">
        <RememberOnDevice />
        <ForgetEverything />
      </div>
      <ModelFileControls />
      {message && (
        <p className="device-note" role="status">
          {message}
        </p>
      )}
      {error && <ErrorAlert title="Storage on this device">{error}</ErrorAlert>}
    </section>
  );
}
