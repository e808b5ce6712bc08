import { DeviceTools } from '../privacy/DeviceTools';

/** Product name, the privacy promise, the device tools (offline, remember, model files) and the notice. */
export function Header() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" className="brand-mark-bg" />
            <path d="M16 6l6 8h-3.5l4.5 6h-4l3 4H10l3-4H9l4.5-6H10z" className="brand-mark-tree" />
            <rect x="14.75" y="24" width="2.5" height="3.5" rx="0.6" className="brand-mark-tree" />
          </svg>
          <div>
            <h1 className="brand-name">GenoForest</h1>
            <p className="brand-tagline">
              <LockIcon /> Your data stays on this device: it is never uploaded.
            </p>
          </div>
        </div>
        <DeviceTools />
      </div>
      <div className="notice" role="note" aria-label="Decision support notice">
        <strong>Decision support, not a diagnosis.</strong> Predictions help a clinician weigh the
        evidence; they are learned only from the table you load and must be judged with everything
        else known about the patient.
      </div>
    </header>
  );
}

function LockIcon() {
  return (
    <svg className="icon-inline" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M4.5 7V5a3.5 3.5 0 017 0v2M3.5 7h9a1 1 0 011 1v5a1 1 0 01-1 1h-9a1 1 0 01-1-1V8a1 1 0 011-1z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}
