import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { HiddenFileInput } from '../app/HiddenFileInput';

interface Props {
  onFile: (file: File) => void;
  onSample: () => void;
  onError: (message: string) => void;
  busy: boolean;
  /** Smaller once a table is loaded. */
  compact: boolean;
}

function hasFiles(e: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/** Where a table comes in: dropped on the zone, picked with "Load CSV", or the sample cohort. */
export function DropZone({ onFile, onSample, onError, busy, compact }: Props) {
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
      onError('Nothing to load: drop a CSV or TSV file (not text or a link).');
      return;
    }
    if (busy) return;
    onFile(files[0]);
  };

  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}${compact ? ' is-compact' : ''}`}
      role="region"
      aria-label="Drop a CSV or TSV file here"
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
      <p className="drop-title">Drop a CSV or TSV file here</p>
      <p className="drop-hint" id={hintId}>
        One row per patient, one column per variable, with a header row. Comma, semicolon or tab
        separated. The file is read in this browser and never uploaded.
      </p>
      <div className="drop-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => input.current?.click()}
          disabled={busy}
        >
          Load CSV
        </button>
        <span className="drop-or" aria-hidden="true">
          or
        </span>
        <button type="button" className="btn" onClick={onSample} disabled={busy}>
          Try the sample cohort
        </button>
      </div>
      <HiddenFileInput ref={input} label="Choose a CSV or TSV file" onFile={onFile} />
    </div>
  );
}
