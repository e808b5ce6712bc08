/**
 * VCF and bgzipped VCF (.vcf.gz) → a RawTable: samples become rows (patients), each alternate allele of
 * a site becomes a 1-byte column holding its dose (copies of that allele in GT: 0, 1, 2), phased or not.
 * A call with a missing allele ("./.", ".|.", "./1") is missing. The @gmod/vcf parser reads the lines;
 * gzip.ts decompresses, since bgzip writes many gzip members one after another (fflate's one-shot
 * gunzipSync stops after the first and returns almost nothing).
 */
import VCF from '@gmod/vcf';
import { tableWithCodes } from '../cells';
import { nameHeaders } from '../parse';
import { MISSING_CODE, type Conversion, type GenotypeCoding, type RawTable } from '../types';
import { shortName } from '../values';
import { createGunzipStream } from './gzip';
import { createLineSplitter } from './lines';

/** Name of the sample-ID column of a table read from a VCF. */
export const VCF_SAMPLE_COLUMN = 'sample';

/** True when bytes start a gzip stream (bgzip included). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A streaming VCF reader: push bytes (plain or gzipped, in any pieces), then finish() for the table. */
export function createVcfReader(): { push(bytes: Uint8Array): void; finish(): RawTable } {
  const header: string[] = [];
  let parser: VCF | null = null;
  let samples: string[] = [];
  const columns: Uint8Array[] = [];
  const names: string[] = [];
  const genotypes: GenotypeCoding[] = [];
  let noAlt = 0;
  let missingCalls = 0;
  let multiAllelic = 0;
  let haploid = 0;

  const onLine = (line: string): void => {
    if (line === '') return;
    if (parser === null) {
      if (line.startsWith('#')) {
        header.push(line);
        if (line.startsWith('#CHROM')) {
          parser = new VCF({ header: header.join('\n') });
          samples = parser.samples;
          if (samples.length === 0)
            throw new Error('This VCF has no sample columns: there are no patients to read.');
        }
        return;
      }
      throw new Error('This is not a VCF file: no “#CHROM” header line before the data.');
    }
    const variant = parser.parseLine(line);
    const alts = variant.ALT ?? [];
    if (alts.length === 0) {
      noAlt++;
      return;
    }
    if (alts.length > 1) multiAllelic++;
    const doses = alts.map(() => new Uint8Array(samples.length));
    variant.processGenotypes((text, start, end, s) => {
      // GT: allele indices separated by "/" or "|"; "." is a missing allele.
      let allele = -1;
      let missing = false;
      let count = 0;
      for (let i = start; i <= end; i++) {
        const c = i < end ? text.charCodeAt(i) : 47;
        if (c === 47 || c === 124) {
          count++;
          if (allele < 0) missing = true;
          else if (allele > 0 && allele <= alts.length) doses[allele - 1][s]++;
          allele = -1;
        } else if (c === 46) {
          allele = -1;
        } else if (c >= 48 && c <= 57) {
          allele = (allele < 0 ? 0 : allele * 10) + (c - 48);
        }
      }
      if (count === 1) haploid++;
      if (missing || count === 0) {
        missingCalls++;
        for (const d of doses) d[s] = MISSING_CODE;
      }
    });
    const id = variant.ID?.[0] ?? `${variant.CHROM}:${variant.POS}`;
    alts.forEach((alt, k) => {
      columns.push(doses[k]);
      names.push(`${id}_${alt}`);
      genotypes.push({ counted: alt, other: variant.REF ?? '', source: 'vcf' });
    });
  };
  const splitter = createLineSplitter(onLine);
  const decoder = new TextDecoder('utf-8');
  let gunzip: ReturnType<typeof createGunzipStream> | null = null;
  let first = true;

  return {
    push(bytes: Uint8Array): void {
      if (first) {
        first = false;
        if (isGzip(bytes)) {
          gunzip = createGunzipStream((data) =>
            splitter.push(decoder.decode(data, { stream: true })),
          );
        }
      }
      if (gunzip) gunzip.push(bytes);
      else splitter.push(decoder.decode(bytes, { stream: true }));
    },
    finish(): RawTable {
      if (gunzip) gunzip.finish();
      splitter.push(decoder.decode());
      splitter.finish();
      if (parser === null)
        throw new Error('This is not a VCF file: no “#CHROM” header line was found.');
      if (columns.length === 0)
        throw new Error('This VCF has no variant with an alternate allele.');
      const n = samples.length;
      const codes = new Uint8Array(n * columns.length);
      columns.forEach((col, j) => codes.set(col, j * n));
      columns.length = 0;
      const named = nameHeaders([VCF_SAMPLE_COLUMN, ...names]);
      const table = tableWithCodes({
        textHeaders: [named.headers[0]],
        textColumns: [samples.slice()],
        codedHeaders: named.headers.slice(1),
        codes,
        genotypes,
        rowCount: n,
      });
      table.issues.push(...named.issues);
      table.hints = { id: named.headers[0] };
      const conversions: Conversion[] = [
        {
          kind: 'genotype-coding',
          count: names.length,
          message: `${names.length} alternate alleles read from GT as doses (copies 0, 1, 2 of the allele; column names end in it, e.g. ${shortName(named.headers[1])}); phased and unphased calls alike.`,
        },
      ];
      if (multiAllelic > 0)
        conversions.push({
          kind: 'recoded',
          count: multiAllelic,
          message: `${multiAllelic} multi-allelic site${multiAllelic === 1 ? '' : 's'} became one column per alternate allele.`,
        });
      if (missingCalls > 0)
        conversions.push({
          kind: 'missing-code',
          count: missingCalls,
          message: `${missingCalls} genotype call${missingCalls === 1 ? '' : 's'} with a missing allele (./., .|.) left missing.`,
        });
      if (haploid > 0)
        conversions.push({
          kind: 'recoded',
          count: haploid,
          message: `${haploid} haploid call${haploid === 1 ? '' : 's'} (one allele) counted as 0 or 1 copies.`,
        });
      if (noAlt > 0)
        conversions.push({
          kind: 'column-dropped',
          count: noAlt,
          message: `${noAlt} site${noAlt === 1 ? '' : 's'} with no alternate allele (ALT “.”) left out: every sample has the reference there.`,
        });
      table.conversions = conversions;
      return table;
    },
  };
}

/** Parses a VCF (plain or gzipped) held in memory. */
export function parseVcfBytes(bytes: Uint8Array): RawTable {
  const reader = createVcfReader();
  reader.push(bytes);
  return reader.finish();
}

/** Parses a VCF or .vcf.gz Blob slice by slice (neither the file nor its text is held whole). */
export async function parseVcfBlob(
  blob: Blob,
  options: { chunkSize?: number; signal?: AbortSignal; onBytes?: (read: number) => void } = {},
): Promise<RawTable> {
  const size = Math.max(1024, options.chunkSize ?? 4 * 1024 * 1024);
  const reader = createVcfReader();
  for (let start = 0; start < blob.size; start += size) {
    options.signal?.throwIfAborted();
    reader.push(new Uint8Array(await blob.slice(start, start + size).arrayBuffer()));
    options.onBytes?.(Math.min(blob.size, start + size));
  }
  return reader.finish();
}
