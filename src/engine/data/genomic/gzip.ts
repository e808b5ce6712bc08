/**
 * Streaming gzip for .vcf.gz. bgzip writes a gzip member per 64 KiB block (thousands of members);
 * each BGZF member states its own size, so it is inflated on its own with fflate's inflateSync. fflate's
 * streaming Gunzip reads multi-member files too but took 2 s and 1.8 GB for an 8 MB file, so it is
 * kept only for plain (non-BGZF) gzip.
 *
 * Every file is hostile, and fflate checks neither CRC32 nor ISIZE (given a short output buffer it cuts the
 * data short without a word). So each BGZF block's stated sizes are bounded (a block holds at most 64 KiB
 * either way) and its CRC32 and length are verified; plain gzip members are verified the same way. The
 * total output is capped (maxOutputBytes): deflate alone cannot expand more than 1,032 times, but that
 * still lets a 16 MB file become 16 GiB of text. A ratio bound would not help: genotype-only VCFs of rare
 * variants compress several hundred times, close to deflate's limit, so only an absolute cap separates them
 * from a bomb.
 */
import { Gunzip, inflateSync } from 'fflate';

/**
 * The default cap on the text one .gz file may inflate to: 16 GiB. Kept to its genotypes (GT, at least 4
 * bytes a diploid call), that is 4 billion calls, beyond the one byte per call a browser tab can hold; a
 * larger file that is mostly other FORMAT fields can be cut down first (bcftools annotate -x ^FORMAT/GT).
 */
export const DEFAULT_MAX_GUNZIP_BYTES = 16 * 1024 ** 3;
/** A BGZF block is at most 64 KiB compressed (BSIZE is 16 bits) and 64 KiB inflated (the SAM spec). */
const BGZF_BLOCK_MAX = 65_536;
/**
 * Plain gzip is fed to fflate in pieces this big: one call inflates all it is given into one array, so a
 * piece bounds what a call can allocate (deflate expands at most 1,032 times: 16 MB here).
 */
const PLAIN_PIECE = 16_384;

/** Options of createGunzipStream. */
export interface GunzipOptions {
  /** Refuse the file once its inflated bytes pass this (default DEFAULT_MAX_GUNZIP_BYTES). */
  maxOutputBytes?: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (gzip's, reflected polynomial 0xEDB88320) of bytes, continuing from crc. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

function damaged(what: string): Error {
  return new Error(`The .gz file is damaged: ${what}.`);
}

function sizeText(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`
    : `${(bytes / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;
}

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

/**
 * A gzip decompressor fed in pieces: BGZF block by block, other gzip through fflate's Gunzip. Throws an Error
 * saying what is wrong (a damaged block, a failed CRC check, more output than maxOutputBytes); after one, every
 * later call throws it again.
 */
export function createGunzipStream(
  onData: (data: Uint8Array) => void,
  options: GunzipOptions = {},
): {
  push(bytes: Uint8Array): void;
  finish(): void;
} {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_GUNZIP_BYTES;
  let mode: 'unknown' | 'bgzf' | 'gzip' = 'unknown';
  let failed: unknown = null;
  let buffer = new Uint8Array(0);
  /** Compressed bytes consumed before `buffer` (BGZF), or fed to Gunzip (plain). */
  let consumed = 0;
  let output = 0;

  const count = (n: number): void => {
    output += n;
    if (output > maxOutput) {
      throw new Error(
        `The .gz file inflates to more than ${sizeText(maxOutput)}, more text than GenoForest reads from one file. Keep only the genotypes (bcftools annotate -x ^FORMAT/GT) or fewer samples or regions.`,
      );
    }
  };

  /** bgzip ends every file with an empty block; without it the file was cut short at a block boundary. */
  let lastBlockEmpty = false;
  const drainBgzf = (): void => {
    let at = 0;
    while (buffer.length - at >= 18) {
      const where = `the BGZF block at byte ${(consumed + at).toLocaleString('en-US')}`;
      if (!isBgzfHeader(buffer, at)) throw damaged(`${where} has a broken header`);
      const xlen = buffer[at + 10] | (buffer[at + 11] << 8);
      // BSIZE + 1 is at most 65,536 by the field's width.
      const size = (buffer[at + 16] | (buffer[at + 17] << 8)) + 1;
      const dataStart = at + 12 + xlen;
      if (dataStart + 8 > at + size) {
        throw damaged(`${where} states a size of ${size} bytes, less than its own header`);
      }
      if (buffer.length - at < size) break;
      const end = at + size;
      const crc = u32(buffer, end - 8);
      const isize = u32(buffer, end - 4);
      if (isize > BGZF_BLOCK_MAX) {
        throw damaged(
          `${where} claims ${isize.toLocaleString('en-US')} bytes, more than a block holds`,
        );
      }
      count(isize);
      let data: Uint8Array;
      try {
        // One byte of room past the stated size, so a block that inflates to more is seen, not cut.
        data = inflateSync(buffer.subarray(dataStart, end - 8), { out: new Uint8Array(isize + 1) });
      } catch (e) {
        throw damaged(`${where} does not inflate (${(e as Error).message})`);
      }
      if (data.length !== isize) {
        throw damaged(`${where} inflates to ${data.length} bytes, not the ${isize} it states`);
      }
      if (crc32(data) !== crc) throw damaged(`${where} fails its CRC-32 check`);
      if (isize > 0) onData(data);
      lastBlockEmpty = isize === 0;
      at = end;
    }
    consumed += at;
    buffer = buffer.slice(at);
  };

  // Plain gzip: each member's inflated bytes are checked against its trailer (CRC-32, length mod 2^32), which
  // ends just before the next member's header starts (fflate's onmember offset) or at the end of the file.
  let gunzip: Gunzip | null = null;
  let memberCrc = 0;
  let memberLength = 0;
  /** The last input bytes fed, where member trailers are read from. */
  let recent = new Uint8Array(0);
  const RECENT = 65_536;
  /** Where the member being inflated starts in the compressed data. */
  let memberStart = 0;
  /**
   * At the end of the data, the last member's header must have ended before it: fflate, given a header whose
   * stated extra field or name runs past the end, inflates nothing and says nothing.
   */
  const checkLastHeader = (): void => {
    // fflate inflated some of this member, so it read the whole header: only a member with nothing inflated is in
    // doubt (and then its header is what ends the data, within the last bytes kept, however long the member was).
    if (memberLength > 0) return;
    const base = consumed - recent.length;
    const b = (at: number): number => recent[at - base];
    if (memberStart < base) throw damaged('a gzip member header is longer than 64 KiB');
    const flags = b(memberStart + 3);
    let at = memberStart + 10;
    if (flags & 4) at += 2 + (b(at) | (b(at + 1) << 8));
    for (const bit of [8, 16]) {
      if (!(flags & bit)) continue;
      while (at < consumed && b(at) !== 0) at++;
      at++;
    }
    if (flags & 2) at += 2;
    if (at + 8 > consumed) {
      throw damaged(
        `the gzip member at byte ${memberStart.toLocaleString('en-US')} has a header that runs past the end of the file`,
      );
    }
  };
  const checkMember = (trailerEnd: number): void => {
    const from = trailerEnd - 8 - (consumed - recent.length);
    if (from < 0 || from + 8 > recent.length) {
      throw damaged('a gzip member header is longer than 64 KiB');
    }
    const crc = u32(recent, from);
    const isize = u32(recent, from + 4);
    if (crc !== memberCrc || isize !== memberLength % 2 ** 32) {
      throw damaged(
        `a gzip member ending at byte ${trailerEnd.toLocaleString('en-US')} fails its CRC-32 or length check`,
      );
    }
    memberCrc = 0;
    memberLength = 0;
    memberStart = trailerEnd;
  };
  const startGzip = (): void => {
    const g = new Gunzip((data) => {
      count(data.length);
      memberCrc = crc32(data, memberCrc);
      memberLength += data.length;
      if (data.length > 0) onData(data);
    });
    g.onmember = checkMember;
    gunzip = g;
  };
  const feedGzip = (bytes: Uint8Array, final: boolean): void => {
    const g = gunzip as Gunzip;
    for (let i = 0; i < bytes.length || (final && i === 0); i += PLAIN_PIECE) {
      const piece = bytes.subarray(i, i + PLAIN_PIECE);
      const last = final && i + PLAIN_PIECE >= bytes.length;
      const kept = Math.min(recent.length, RECENT - piece.length);
      const next = new Uint8Array(kept + piece.length);
      next.set(recent.subarray(recent.length - kept));
      next.set(piece, kept);
      recent = next;
      consumed += piece.length;
      try {
        g.push(piece, last);
      } catch (e) {
        if ((e as { code?: unknown }).code === undefined) throw e;
        // fflate's own errors (invalid block type, unexpected EOF, ...) carry a numeric code.
        throw damaged(
          `${(e as Error).message} near byte ${consumed.toLocaleString('en-US')} of the compressed data`,
        );
      }
    }
    if (final) {
      checkLastHeader();
      checkMember(consumed);
    }
  };

  const guarded =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A): void => {
      if (failed !== null) throw failed;
      try {
        f(...a);
      } catch (e) {
        failed = e;
        throw e;
      }
    };

  return {
    push: guarded((bytes: Uint8Array): void => {
      if (mode === 'gzip') {
        feedGzip(bytes, false);
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
          startGzip();
          const all = buffer;
          buffer = new Uint8Array(0);
          feedGzip(all, false);
          return;
        }
      }
      drainBgzf();
    }),
    finish: guarded((): void => {
      if (mode === 'unknown') {
        if (buffer.length === 0) throw damaged('it is empty');
        mode = 'gzip';
        startGzip();
        const all = buffer;
        buffer = new Uint8Array(0);
        feedGzip(all, true);
        return;
      }
      if (mode === 'gzip') feedGzip(new Uint8Array(0), true);
      else if (buffer.length > 0) throw new Error('The .gz file ends in the middle of a block.');
      else if (!lastBlockEmpty) {
        throw damaged(
          'it ends without the empty block bgzip writes last, so it was cut short (or written by a bgzip older than 2011: compress it again)',
        );
      }
    }),
  };
}
