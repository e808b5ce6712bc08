import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync as nodeGunzip } from 'node:zlib';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createGunzipStream } from './gzip';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../testdata/genomic');

function gunzipInPieces(bytes: Uint8Array, piece: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const stream = createGunzipStream((d) => parts.push(d));
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

  it('inflates plain gzip too, and refuses a truncated BGZF file', () => {
    const text = new TextEncoder().encode('hello '.repeat(5000));
    expect(gunzipInPieces(gzipSync(text), 100)).toEqual(text);
    const bytes = new Uint8Array(readFileSync(resolve(dir, 'small.vcf.gz')));
    expect(() => gunzipInPieces(bytes.subarray(0, bytes.length - 40), 50)).toThrow(
      /ends in the middle/,
    );
  });
});
