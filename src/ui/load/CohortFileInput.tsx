import type { Ref } from 'react';

/** Every format the cohort loader reads; a PLINK .bed needs its .bim and .fam chosen with it. */
export const COHORT_ACCEPT = '.csv,.tsv,.txt,.raw,.bed,.bim,.fam,.vcf,.gz,text/csv';

interface Props {
  ref: Ref<HTMLInputElement>;
  label: string;
  onFiles: (files: File[]) => void;
}

/** The hidden input behind "Load files": several files at once (genotypes plus a clinical table). */
export function CohortFileInput({ ref, label, onFiles }: Props) {
  return (
    <input
      ref={ref}
      className="visually-hidden"
      type="file"
      multiple
      accept={COHORT_ACCEPT}
      aria-label={label}
      tabIndex={-1}
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        // Reset so choosing the same files again still reports them.
        e.currentTarget.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}
