import type { SessionPatient } from '../app/store';
import { useAppState, useDispatch } from '../app/storeContext';
import { roundedPercents } from '../app/format';
import { probabilityText } from './uncertaintyWords';

/** This session's predicted patients: rename, reopen, pick for comparison, delete. */
export function SessionPatients() {
  const patients = useAppState((s) => s.predict.patients);
  const shownId = useAppState((s) => s.predict.shownId);
  const dispatch = useDispatch();
  if (patients.length === 0) return null;
  const comparing = patients.filter((p) => p.compare).length;

  return (
    <div className="session" role="region" aria-label="This session's patients">
      <h3 className="sub-title">This session’s patients</h3>
      <p className="help">
        Kept only while this page is open. Tick two or more to compare them on one chart.
      </p>
      <ul className="session-list">
        {patients.map((p) => (
          <SessionItem
            key={p.id}
            patient={p}
            shown={p.id === shownId}
            onRename={(name) => dispatch({ type: 'patients/rename', id: p.id, name })}
            onCompare={(compare) => dispatch({ type: 'patients/setCompare', id: p.id, compare })}
            onOpen={() => dispatch({ type: 'patients/reopen', id: p.id })}
            onDelete={() => dispatch({ type: 'patients/delete', id: p.id })}
          />
        ))}
      </ul>
      {comparing === 1 && <p className="note">Tick one more patient to compare.</p>}
    </div>
  );
}

interface ItemProps {
  patient: SessionPatient;
  shown: boolean;
  onRename: (name: string) => void;
  onCompare: (compare: boolean) => void;
  onOpen: () => void;
  onDelete: () => void;
}

function SessionItem({ patient: p, shown, onRename, onCompare, onOpen, onDelete }: ItemProps) {
  const ref = `patient #${p.id}`;
  const pct = roundedPercents(p.prediction.probabilities);
  const best = p.prediction.classes.indexOf(p.prediction.predictedClass);
  const time = new Date(p.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <li className={`session-item${shown ? ' is-shown' : ''}`}>
      <label className="session-compare">
        <input type="checkbox" checked={p.compare} onChange={(e) => onCompare(e.target.checked)} />
        <span className="visually-hidden">Compare {ref}</span>
      </label>
      <span className="session-id" aria-hidden="true">
        #{p.id}
      </span>
      <input
        className="session-name"
        type="text"
        value={p.name}
        aria-label={`Name of ${ref}`}
        autoComplete="off"
        onChange={(e) => onRename(e.target.value)}
      />
      <span className="session-outcome">
        {p.prediction.predictedClass}
        {best >= 0 && <span className="muted"> {probabilityText(pct[best])}</span>}
        <span className="muted small"> · {time}</span>
        {p.prediction.warnings.some((w) => w.kind !== 'missing') && (
          <span className="badge badge-warn">warnings</span>
        )}
      </span>
      <span className="session-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={onOpen}
          aria-label={`Open ${ref} in the form`}
        >
          Open
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet-danger"
          onClick={onDelete}
          aria-label={`Delete ${ref}`}
        >
          Delete
        </button>
      </span>
    </li>
  );
}
