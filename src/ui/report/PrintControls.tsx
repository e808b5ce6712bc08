import { useId, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  identifier: string;
  onIdentifier: (value: string) => void;
  clinician: string;
  onClinician: (value: string) => void;
  /** The printed page, kept in a portal on the body so that print.css can print it alone. */
  page: ReactNode;
}

/** The fields printed in a patient report's header and its Print button (class and time-to-event reports alike). */
export function PrintControls({ identifier, onIdentifier, clinician, onClinician, page }: Props) {
  const identifierId = useId();
  const clinicianId = useId();
  return (
    <>
      <fieldset className="report-details">
        <legend>Printed patient report</legend>
        <div className="field">
          <label htmlFor={identifierId}>Patient identifier</label>
          <input
            id={identifierId}
            type="text"
            autoComplete="off"
            value={identifier}
            onChange={(e) => onIdentifier(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={clinicianId}>Clinician</label>
          <input
            id={clinicianId}
            type="text"
            autoComplete="off"
            value={clinician}
            onChange={(e) => onClinician(e.target.value)}
          />
        </div>
        <p className="help">
          Printed in the report’s header (left blank to fill in by hand); not stored on this device.
        </p>
        <button type="button" className="btn" onClick={() => window.print()}>
          Print patient report
        </button>
      </fieldset>
      {createPortal(<div className="patient-report-portal">{page}</div>, document.body)}
    </>
  );
}

/** A report's warnings section: each warning, or "None." */
export function ReportWarnings({ warnings }: { warnings: string[] }) {
  return (
    <section>
      <h2>Warnings</h2>
      {warnings.length > 0 ? (
        <ul>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
    </section>
  );
}
