/**
 * What loading genotype files will take in memory, worked out before they are loaded, so the app can say it (and
 * refuse) before the device runs out: a .bed from its .fam's samples and its own size, a VCF from its first variant
 * lines and its size, a .raw from its size.
 */
import { readBlobText } from './lines';
import { classifyFiles, type NamedBlob } from './loadFiles';
import { LOAD_BYTES_PER_VARIANT } from './memoryEstimate';
import { createFamReader, plinkBedBytes } from './plinkBed';
import { createVcfReader, PROJECTION_MIN_LINES } from './vcf';

/** Bytes a load will take, and how that was worked out (in words a person reads). */
export interface LoadEstimate {
  bytes: number;
  basis: string;
}

/** Most of a VCF read to estimate it: its header and first variants come first. */
const VCF_PROBE_LIMIT = 64 * 1024 * 1024;
/** A VCF's first variants are read this much at a time. */
const VCF_PROBE_SLICE = 1024 * 1024;

/**
 * Bytes the genotypes among `files` will take once loaded (a .bed+.bim+.fam set, a VCF/.vcf.gz or a .raw), or null
 * when there are none or a VCF's first 64 MB hold no variant line. Throws what loading would throw for a file that
 * is not what its name says.
 */
export async function estimateGenomicLoadBytes(
  files: NamedBlob[],
  options: { signal?: AbortSignal } = {},
): Promise<LoadEstimate | null> {
  const kinds = classifyFiles(files);
  if (kinds.bed) {
    const fam = createFamReader(kinds.bed.fam.name);
    await readBlobText(kinds.bed.fam, (t) => fam.push(t), options);
    const n = fam.finish()[1].length;
    if (n === 0) throw new Error('The .fam file lists no samples.');
    const m = Math.floor(Math.max(0, kinds.bed.bed.size - 3) / Math.ceil(n / 4));
    return {
      bytes: plinkBedBytes(n, m),
      basis: `${n} samples (.fam) × ${m} variants (the .bed’s size): 2 bits a genotype, ${LOAD_BYTES_PER_VARIANT} bytes a variant and the reader’s working memory`,
    };
  }
  const vcf = kinds.vcf[0];
  if (vcf) {
    const reader = createVcfReader({ totalBytes: vcf.size, fileName: vcf.name });
    let at = 0;
    while (at < vcf.size && at < VCF_PROBE_LIMIT && reader.dataLines < PROJECTION_MIN_LINES) {
      options.signal?.throwIfAborted();
      reader.push(new Uint8Array(await vcf.slice(at, at + VCF_PROBE_SLICE).arrayBuffer()));
      at += VCF_PROBE_SLICE;
    }
    const bytes = reader.projectedBytes();
    if (bytes === null) return null;
    return {
      bytes,
      basis: `projected from the first ${reader.dataLines} variant lines and the file’s size${at < vcf.size ? '' : ' (the whole file was read)'}`,
    };
  }
  const raw = kinds.raw[0];
  if (raw) {
    // Each cell takes at least 2 characters ("0 "), and the reader holds rows and columns at once for a moment.
    return { bytes: raw.size, basis: 'at most the .raw’s size (2 bytes a genotype while read)' };
  }
  return null;
}
