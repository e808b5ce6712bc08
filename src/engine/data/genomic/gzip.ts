/**
 * Streaming gzip for .vcf.gz. bgzip writes a gzip member per 64 KiB block (thousands of members);
 * each BGZF member states its own size, so it is inflated on its own with fflate's inflateSync. fflate's
 * streaming Gunzip reads multi-member files too but took 2 s and 1.8 GB for an 8 MB file, so it is
 * kept only for plain (non-BGZF) gzip.
 */
import { Gunzip, inflateSync } from 'fflate';

/** True when the bytes start a BGZF block (gzip with the "BC" extra subfield). */
function isBgzfHeader(b: Uint8Array, at: number): boolean {
  return (
    b.length - at >= 18 &&
    b[at] === 0x1f &&
    b[at + 1] === 0x8b &&
    b[at + 2] === 8 &&
    (b[at + 3] & 4) !== 0 &&
    b[at + 12] === 66 &&
    b[at + 13] === 67 &&
    b[at + 14] === 2 &&
    b[at + 15] === 0
  );
}

/** A gzip decompressor fed in pieces: BGZF block by block, other gzip through fflate's Gunzip. */
export function createGunzipStream(onData: (data: Uint8Array) => void): {
  push(bytes: Uint8Array): void;
  finish(): void;
} {
  let mode: 'unknown' | 'bgzf' | 'gzip' = 'unknown';
  let gunzip: Gunzip | null = null;
  let buffer = new Uint8Array(0);

  const drainBgzf = (): void => {
    let at = 0;
    while (buffer.length - at >= 18) {
      if (!isBgzfHeader(buffer, at)) {
        throw new Error('The .gz file is damaged: a BGZF block header is broken.');
      }
      const xlen = buffer[at + 10] | (buffer[at + 11] << 8);
      const size = (buffer[at + 16] | (buffer[at + 17] << 8)) + 1;
      if (buffer.length - at < size) break;
      const end = at + size;
      const isize =
        (buffer[end - 4] |
          (buffer[end - 3] << 8) |
          (buffer[end - 2] << 16) |
          (buffer[end - 1] << 24)) >>>
        0;
      if (isize > 0) {
        onData(
          inflateSync(buffer.subarray(at + 12 + xlen, end - 8), { out: new Uint8Array(isize) }),
        );
      }
      at = end;
    }
    buffer = buffer.slice(at);
  };

  return {
    push(bytes: Uint8Array): void {
      if (mode === 'gzip') {
        gunzip?.push(bytes, false);
        return;
      }
      const joined = new Uint8Array(buffer.length + bytes.length);
      joined.set(buffer);
      joined.set(bytes, buffer.length);
      buffer = joined;
      if (mode === 'unknown') {
        if (buffer.length < 18) return;
        mode = isBgzfHeader(buffer, 0) ? 'bgzf' : 'gzip';
        if (mode === 'gzip') {
          gunzip = new Gunzip((data) => onData(data));
          gunzip.push(buffer, false);
          buffer = new Uint8Array(0);
          return;
        }
      }
      drainBgzf();
    },
    finish(): void {
      if (mode === 'unknown' && buffer.length > 0) {
        mode = 'gzip';
        gunzip = new Gunzip((data) => onData(data));
        gunzip.push(buffer, false);
      }
      if (mode === 'gzip') gunzip?.push(new Uint8Array(0), true);
      else if (buffer.length > 0) throw new Error('The .gz file ends in the middle of a block.');
    },
  };
}
