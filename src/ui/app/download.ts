/** Saves text as a file the browser downloads. */
export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** Saves bytes (e.g. an .onnx model) as a file the browser downloads. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  downloadBlob(new Blob([bytes.slice().buffer], { type }), fileName);
}

/** A Blob behind a temporary object URL of this page, clicked as a download link (nothing is sent). */
function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a data file's name: "cohort.csv" + "predictions" → "cohort-predictions.csv". */
export function derivedFileName(source: string | null, suffix: string, ext: string): string {
  const base =
    (source ?? 'genoforest').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'genoforest';
  return `${base}-${suffix}.${ext}`;
}
