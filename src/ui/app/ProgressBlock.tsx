import type { ReactNode } from 'react';

interface Props {
  /** Id of the <progress> element (tests and labels refer to it). */
  id: string;
  label: ReactNode;
  /** Omit both for an indeterminate bar. */
  max?: number;
  value?: number;
  text: ReactNode;
  /** Read the text out as it changes (for runs whose only feedback is this text). */
  live?: boolean;
  cancelLabel: string;
  cancelClassName?: string;
  onCancel: () => void;
  children?: ReactNode;
}

/** The progress of a running job with its Cancel button: one look for reading, training, evaluating, predicting. */
export function ProgressBlock(props: Props) {
  const { id, label, max, value, text, live, cancelLabel, onCancel, children } = props;
  return (
    <div className="progress-block">
      <label className="progress-label" htmlFor={id}>
        {label}
      </label>
      <progress id={id} max={max} value={value} />
      <div className="progress-foot">
        <p className="progress-text" aria-live={live ? 'polite' : undefined}>
          {text}
        </p>
        <button
          type="button"
          className={`btn ${props.cancelClassName ?? 'btn-danger'}`}
          onClick={onCancel}
        >
          {cancelLabel}
        </button>
      </div>
      {children}
    </div>
  );
}
