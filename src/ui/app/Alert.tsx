import type { ReactNode } from 'react';

interface Props {
  title?: string;
  children: ReactNode;
  onDismiss?: () => void;
}

/** An error near the step it belongs to; announced at once. The app keeps working. */
export function ErrorAlert({ title, children, onDismiss }: Props) {
  return (
    <div className={`alert alert-error${onDismiss ? ' alert-with-action' : ''}`} role="alert">
      <div className="alert-body">
        {title && <strong className="alert-title">{title}</strong>}
        <div>{children}</div>
      </div>
      {onDismiss && (
        <button type="button" className="btn btn-quiet btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
