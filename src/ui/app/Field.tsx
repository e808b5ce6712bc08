import { useId, type ReactNode } from 'react';

interface FieldShellProps {
  label: string;
  help?: ReactNode;
  error?: string;
  warning?: string;
  className?: string;
  children: (ids: { inputId: string; describedBy: string | undefined }) => ReactNode;
}

/** A labelled control with its help text, error and warning wired to it for screen readers. */
export function FieldShell({ label, help, error, warning, className, children }: FieldShellProps) {
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  const warnId = useId();
  const describedBy =
    [error && errorId, warning && warnId, help && helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {children({ inputId, describedBy })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {warning && (
        <p className="field-warning" id={warnId}>
          {warning}
        </p>
      )}
      {help && (
        <p className="help" id={helpId}>
          {help}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  help?: ReactNode;
  error?: string;
  warning?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  className?: string;
  disabled?: boolean;
}

/** A text input kept as typed (numbers too, so a wrong entry is shown with a message, not lost). */
export function TextField(props: TextFieldProps) {
  const { label, value, onChange, help, error, warning, placeholder, inputMode, className } = props;
  return (
    <FieldShell label={label} help={help} error={error} warning={warning} className={className}>
      {({ inputId, describedBy }) => (
        <input
          id={inputId}
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          disabled={props.disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  help?: ReactNode;
  error?: string;
  warning?: string;
  className?: string;
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const { label, value, onChange, options, help, error, warning, className } = props;
  return (
    <FieldShell label={label} help={help} error={error} warning={warning} className={className}>
      {({ inputId, describedBy }) => (
        <select
          id={inputId}
          value={value}
          disabled={props.disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface SearchFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  className?: string;
}

/** The search box of a long list (columns, fields, features): label beside the input. */
export function SearchField({ label, value, onChange, placeholder, className }: SearchFieldProps) {
  const id = useId();
  return (
    <div className={`field field-inline${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  help?: ReactNode;
  error?: string;
  warning?: string;
  value: string;
  onChange: (value: string) => void;
  /** Marks the input so a form can find and focus it by feature name. */
  feature?: string;
}

/** A number kept as typed (blank = unknown), so a wrong entry is shown with its message, not lost. */
export function NumberField({
  label,
  help,
  error,
  warning,
  value,
  onChange,
  feature,
}: NumberFieldProps) {
  return (
    <FieldShell label={label} help={help} error={error} warning={warning}>
      {({ inputId, describedBy }) => (
        <input
          id={inputId}
          data-feature={feature}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="unknown"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}
