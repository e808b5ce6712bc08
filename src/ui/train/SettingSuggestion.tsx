import type { ReactNode } from 'react';
import type { SettingsDraft } from './trainSlice';
import { useAppState, useDispatch } from '../app/storeContext';

/** A suggested training setting: why (text), a button that sets it, and a line once it is set. */
export function SettingSuggestion({
  label,
  text,
  field,
  value,
  button,
  announce,
  done,
}: {
  /** Accessible name of the group. */
  label: string;
  text: ReactNode;
  field: keyof SettingsDraft;
  value: string;
  button: string;
  /** Said to screen readers when the button sets the value. */
  announce: string;
  /** Shown while the setting holds the value. */
  done: string;
}) {
  const dispatch = useDispatch();
  const current = useAppState((s) => s.settings[field].trim());
  return (
    <div className="tree-suggestion" role="group" aria-label={label}>
      <p>{text}</p>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          dispatch({ type: 'settings/set', field, value });
          dispatch({ type: 'announce', text: announce });
        }}
      >
        {button}
      </button>
      {current === value && <p className="muted">{done}</p>}
    </div>
  );
}
