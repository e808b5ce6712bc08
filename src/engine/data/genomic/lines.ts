/** Text arriving in chunks → complete lines, without ever holding the whole text. */

/** Splits pushed text into lines ("\r\n" and "\n"), calling onLine for each complete one. */
export function createLineSplitter(onLine: (line: string) => void): {
  push(text: string): void;
  finish(): void;
} {
  let pending = '';
  return {
    push(text: string): void {
      pending += text;
      let start = 0;
      let at = pending.indexOf('\n', start);
      while (at >= 0) {
        const end = at > start && pending.charCodeAt(at - 1) === 13 ? at - 1 : at;
        onLine(pending.slice(start, end));
        start = at + 1;
        at = pending.indexOf('\n', start);
      }
      pending = start === 0 ? pending : pending.slice(start);
    },
    finish(): void {
      if (pending.length > 0) onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
      pending = '';
    },
  };
}

/** Reads a Blob as UTF-8 text slice by slice, handing each decoded piece to onText. */
export async function readBlobText(
  blob: Blob,
  onText: (text: string) => void,
  options: { chunkSize?: number; signal?: AbortSignal; onBytes?: (read: number) => void } = {},
): Promise<void> {
  const size = Math.max(1024, options.chunkSize ?? 4 * 1024 * 1024);
  const decoder = new TextDecoder('utf-8');
  for (let start = 0; start < blob.size; start += size) {
    options.signal?.throwIfAborted();
    const bytes = new Uint8Array(await blob.slice(start, start + size).arrayBuffer());
    onText(decoder.decode(bytes, { stream: true }));
    options.onBytes?.(Math.min(blob.size, start + size));
  }
  onText(decoder.decode());
}

/**
 * A copy of a piece of a line that does not keep the line alive. V8 cuts a substring of 13 characters or more as a
 * view of its parent, so one long allele or ID kept from a line would keep the whole chunk of text it came in (a
 * 100,000-line VCF with long indel alleles held all its text). Prepending a character makes V8 copy the characters
 * into a new string, of which the slice is a view.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
