import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync as nodeGunzip } from 'node:zlib';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, createGunzipStream } from './gzip';
import { parseVcfBytes } from './vcf';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../testdata/genomic');

function gunzipInPieces(bytes: Uint8Array, piece: number, maxOutputBytes?: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const stream = createGunzipStream((d) => parts.push(d), { maxOutputBytes });
  for (let i = 0; i < bytes.length; i += piece) stream.push(bytes.subarray(i, i + piece));
  stream.finish();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('createGunzipStream', () => {
  it('inflates every BGZF block of a bgzip file, fed in odd-sized pieces', () => {
    const bytes = new Uint8Array(readFileSync(resolve(dir, 'wide.vcf.gz')));
    const expected = new Uint8Array(nodeGunzip(bytes));
    expect(expected.length).toBeGreaterThan(200_000);
    expect(gunzipInPieces(bytes, 777)).toEqual(expected);
  });

  it('inflates a plain gzip member of more than 64 KiB compressed (gzip, not bgzip)', () => {
    // Bytes that do not compress: the member is about 300 KB, far past the 64 KiB of input the reader keeps.
    const bytes = new Uint8Array(300_000);
    let x = 2463534242;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 255;
    }
    const gz = gzipSync(bytes);
    expect(gz.length).toBeGreaterThan(200_000);
    expect(gunzipInPieces(gz, 65_536)).toEqual(bytes);
  });

  it('inflates plain gzip too, and refuses a truncated BGZF file', () => {
    const text = new TextEncoder().encode('hello '.repeat(5000));
    expect(gunzipInPieces(gzipSync(text), 100)).toEqual(text);
    const bytes = new Uint8Array(readFileSync(resolve(dir, 'small.vcf.gz')));
    expect(() => gunzipInPieces(bytes.subarray(0, bytes.length - 40), 50)).toThrow(
      /ends in the middle/,
    );
  });
});

/** Offsets of the BGZF blocks of a bgzip file (each states its size, BSIZE + 1, at bytes 16-17). */
function blockStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let at = 0; at < bytes.length; at += (bytes[at + 16] | (bytes[at + 17] << 8)) + 1) {
    starts.push(at);
  }
  return starts;
}

const u32At = (b: Uint8Array, at: number): number =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

function setU32(b: Uint8Array, at: number, v: number): void {
  for (let i = 0; i < 4; i++) b[at + i] = (v >>> (8 * i)) & 255;
}

describe('createGunzipStream refuses damaged and oversized files', () => {
  const wide = new Uint8Array(readFileSync(resolve(dir, 'wide.vcf.gz')));
  const starts = blockStarts(wide);
  const blockEnd = starts[1];

  it('computes the CRC-32 gzip writes', () => {
    const text = new TextEncoder().encode('GenoForest');
    const gz = gzipSync(text);
    expect(crc32(text)).toBe(u32At(gz, gz.length - 8));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('a BGZF block stating more or fewer bytes than it inflates to (it was cut short or padded)', () => {
    const isize = u32At(wide, blockEnd - 4);
    expect(isize).toBeGreaterThan(1000);
    for (const wrong of [isize - 1000, isize + 1]) {
      const bad = wide.slice();
      setU32(bad, blockEnd - 4, wrong);
      expect(() => gunzipInPieces(bad, 4096)).toThrow(
        `The .gz file is damaged: the BGZF block at byte 0 inflates to ${wrong < isize ? wrong + 1 : isize} bytes, not the ${wrong} it states.`,
      );
    }
  });

  it('a BGZF block claiming more than 64 KiB (it would allocate up to 4 GiB)', () => {
    const bad = wide.slice();
    setU32(bad, starts[2] - 4, 0xffffffff);
    expect(() => gunzipInPieces(bad, 4096)).toThrow(
      `The .gz file is damaged: the BGZF block at byte ${starts[1].toLocaleString('en-US')} claims 4,294,967,295 bytes, more than a block holds.`,
    );
  });

  it('a BGZF block whose data or CRC-32 was changed', () => {
    const crc = wide.slice();
    crc[blockEnd - 8] ^= 1;
    expect(() => gunzipInPieces(crc, 4096)).toThrow(
      'The .gz file is damaged: the BGZF block at byte 0 fails its CRC-32 check.',
    );
    // A flipped bit in the compressed data: either inflating fails or the CRC-32 catches it.
    for (const offset of [100, 5000, blockEnd - 20]) {
      const bad = wide.slice();
      bad[offset] ^= 0x10;
      expect(() => gunzipInPieces(bad, 4096)).toThrow(
        /^The \.gz file is damaged: the BGZF block at byte 0 /,
      );
    }
  });

  it('a BGZF block whose stated size is smaller than its header', () => {
    const bad = wide.slice();
    bad[16] = 10;
    bad[17] = 0;
    expect(() => gunzipInPieces(bad, 4096)).toThrow(
      'the BGZF block at byte 0 states a size of 11 bytes, less than its own header',
    );
  });

  it('plain gzip whose CRC-32 or length is wrong, in any member', () => {
    const a = gzipSync(new TextEncoder().encode('first member\n'.repeat(100)));
    const b = gzipSync(new TextEncoder().encode('second member\n'.repeat(100)));
    const two = new Uint8Array(a.length + b.length);
    two.set(a);
    two.set(b, a.length);
    expect(new TextDecoder().decode(gunzipInPieces(two, 7))).toBe(
      'first member\n'.repeat(100) + 'second member\n'.repeat(100),
    );
    for (const at of [a.length - 8, a.length - 1, two.length - 5]) {
      const bad = two.slice();
      bad[at] ^= 1;
      expect(() => gunzipInPieces(bad, 7)).toThrow(/fails its CRC-32 or length check/);
    }
    // The trailer cut off: the data inflates, but nothing vouches for it.
    expect(() => gunzipInPieces(a.subarray(0, a.length - 8), 50)).toThrow(
      /The \.gz file is damaged/,
    );
  });

  it('stops a decompression bomb at maxOutputBytes, plain gzip fed in one piece and BGZF alike', () => {
    // 64 MiB of zeros in a 64 KB file; the cap is 1 MiB.
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    let largest = 0;
    let total = 0;
    const stream = createGunzipStream(
      (d) => {
        largest = Math.max(largest, d.length);
        total += d.length;
      },
      { maxOutputBytes: 1024 * 1024 },
    );
    expect(() => stream.push(bomb)).toThrow(
      'The .gz file inflates to more than 1 MiB, more text than GenoForest reads from one file.',
    );
    // Fed in 16 KiB pieces, fflate never inflates more than 1,032 times that at once.
    expect(largest).toBeLessThanOrEqual(16_384 * 1032);
    expect(total).toBeLessThanOrEqual(1024 * 1024);
    // Every later call says the same.
    expect(() => stream.finish()).toThrow(/inflates to more than 1 MiB/);
    expect(() => gunzipInPieces(wide, 4096, 100_000)).toThrow(/inflates to more than 0\.1 MiB/);
  });

  it('a BGZF file cut at a block boundary (no empty last block), and an empty file', () => {
    expect(() => gunzipInPieces(wide.subarray(0, starts[3]), 4096)).toThrow(
      'The .gz file is damaged: it ends without the empty block bgzip writes last, so it was cut short',
    );
    expect(() => gunzipInPieces(new Uint8Array(0), 10)).toThrow(
      'The .gz file is damaged: it is empty.',
    );
  });

  it('a plain gzip header whose extra field runs past the end of the file', () => {
    // The first header's BGZF subfield is damaged (plain gzip then) and XLEN says 60,000 bytes: fflate would
    // skip to the end and inflate nothing; the file's last 8 bytes (the empty block's) would then pass.
    const bad = wide.slice();
    bad[12] = 0;
    setU32(bad, 10, 60_000 | (bad[12] << 16) | (bad[13] << 24));
    expect(() => gunzipInPieces(bad, 4096)).toThrow(
      /has a header that runs past the end of the file/,
    );
  });

  it('reaches the VCF reader as a message', () => {
    const bad = wide.slice();
    bad[blockEnd - 8] ^= 1;
    expect(() => parseVcfBytes(bad)).toThrow(
      'The .gz file is damaged: the BGZF block at byte 0 fails its CRC-32 check.',
    );
  });
});
