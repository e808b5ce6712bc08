import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { CohortFileInput } from './CohortFileInput';

interface Props {
  /** One or more files: a table, or genotypes (.raw, .bed+.bim+.fam, .vcf/.vcf.gz) with a clinical table. */
  onFiles: (files: File[]) => void;
  onSample: () => void;
  onError: (message: string) => void;
  busy: boolean;
  /** Smaller once a table is loaded. */
  compact: boolean;
}

function hasFiles(e: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/** Where a cohort comes in: files dropped on the zone, picked with "Load files", or the sample cohort. */
export function DropZone({ onFiles, onSample, onError, busy, compact }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  // A file dropped next to the zone must not make the browser navigate away from the app.
  useEffect(() => {
    const stop = (e: globalThis.DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!over) setOver(true);
  };
  const onDragLeave = (e: DragEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) {
      onError(
        'Nothing to load: drop files (CSV, TSV, TXT, RAW, BED+BIM+FAM, VCF), not text or a link.',
      );
      return;
    }
    if (busy) return;
    onFiles(Array.from(files));
  };

  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}${compact ? ' is-compact' : ''}`}
      role="region"
      aria-label="Drop patient files here"
      aria-describedby={hintId}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <svg className="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 14v4a2 2 0 002 2h12a2 2 0 002-2v-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <p className="drop-title">Drop patient files here</p>
      <p className="drop-hint" id={hintId}>
        A table with one row per patient and a header row (CSV, TSV, TXT), or genotypes (PLINK .raw,
        .bed + .bim + .fam together, VCF, VCF.GZ) with a clinical CSV beside them: drop or choose
        them together. Files are read in this browser and never uploaded.
      </p>
      <div className="drop-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => input.current?.click()}
          disabled={busy}
        >
          Load files
        </button>
        <span className="drop-or" aria-hidden="true">
          or
        </span>
        <button type="button" className="btn" onClick={onSample} disabled={busy}>
          Try the sample cohort
        </button>
      </div>
      <CohortFileInput ref={input} label="Choose patient files" onFiles={onFiles} />
    </div>
  );
}
