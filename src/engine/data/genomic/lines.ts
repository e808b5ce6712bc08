/** Text arriving in chunks → complete lines, without ever holding the whole text. */

/**
 * The longest line the genotype readers accept, in characters (bytes, for the ASCII these files hold). A line holds
 * one record: a VCF variant with a call for every sample (500,000 samples × about 30 bytes of GT:DS:GP ≈ 15 MB), a
 * .raw sample with two characters per variant (1,000,000 variants ≈ 2 MB), a .bim/.fam variant or sample (tens of
 * bytes). 64 MiB leaves four times the largest of them, while the text held for one unfinished line stays far below
 * both the memory of a phone and V8's longest string (2^29 − 24 characters), which an endless line (a gzip bomb of
 * one line, a binary file by the wrong name) would otherwise reach as "Invalid string length".
 */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Options of createLineSplitter. */
export interface LineSplitterOptions {
  /** The file in the words of the refusal, e.g. “cohort.vcf.gz” or "the .bim file" (default "the file"). */
  file?: string;
  /** Longest line accepted (default MAX_LINE_CHARS; smaller in tests). */
  maxLineChars?: number;
}

/** The words naming a file in a message: its name in quotes when it has one, else `fallback`. */
export function fileLabel(name: string | undefined, fallback: string): string {
  return name ? `“${name}”` : fallback;
}

/** The name of a Blob that is a File (or another named Blob), else undefined. */
export function blobName(blob: Blob): string | undefined {
  const name = (blob as Blob & { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * Splits pushed text into lines ("\r\n" and "\n"), calling onLine for each complete one. A line longer than
 * maxLineChars is refused (an Error naming the file and the line) as soon as that much of it has arrived.
 */
export function createLineSplitter(
  onLine: (line: string) => void,
  options: LineSplitterOptions = {},
): {
  push(text: string): void;
  finish(): void;
} {
  const max = options.maxLineChars ?? MAX_LINE_CHARS;
  let pending = '';
  let lineNo = 0;
  const tooLong = (): Error =>
    new Error(
      `Line ${lineNo + 1} of ${options.file ?? 'the file'} runs past ${sizeWords(max)} without a line break. No line of a genotype file is that long (a VCF line of 500,000 samples is about 15 MB), so the file is damaged or is not what its name says.`,
    );
  const emit = (line: string): void => {
    if (line.length > max) throw tooLong();
    lineNo++;
    onLine(line);
  };
  return {
    push(text: string): void {
      // What was pending holds no line break: only the new text is searched (a long line comes in many pieces).
      const searchFrom = pending.length;
      pending += text;
      let start = 0;
      let at = pending.indexOf('\n', searchFrom);
      while (at >= 0) {
        const end = at > start && pending.charCodeAt(at - 1) === 13 ? at - 1 : at;
        emit(pending.slice(start, end));
        start = at + 1;
        at = pending.indexOf('\n', start);
      }
      pending = start === 0 ? pending : pending.slice(start);
      if (pending.length > max) throw tooLong();
    },
    finish(): void {
      if (pending.length > 0) emit(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
      pending = '';
    },
  };
}

/** A length in characters as the refusal says it ("64 MiB", or the count when smaller than 1 MiB). */
function sizeWords(chars: number): string {
  const mib = chars / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${chars.toLocaleString('en-US')} characters`;
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
