import type { Ref } from 'react';

interface Props {
  ref: Ref<HTMLInputElement>;
  /** Accessible name of the input. */
  label: string;
  onFile: (file: File) => void;
}

/**
 * The hidden input behind a "choose a file" button (the button calls `click()` on it through
 * `ref`). It accepts CSV and TSV files and reports the chosen one.
 */
export function HiddenFileInput({ ref, label, onFile }: Props) {
  return (
    <input
      ref={ref}
      className="visually-hidden"
      type="file"
      accept=".csv,.tsv,.txt,text/csv"
      aria-label={label}
      tabIndex={-1}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        // Reset so choosing the same file again still reports it.
        e.currentTarget.value = '';
        if (file) onFile(file);
      }}
    />
  );
}
