/**
 * PLINK's .raw (`--recode A` and `--recode AD`): whitespace-separated, FID IID PAT MAT SEX PHENOTYPE,
 * then one column per variant named rsID_A1 holding copies of A1 (0/1/2, NA missing), and with AD also
 * rsID_HET (1 = heterozygous). Genotypes go straight into 1-byte codes as each line is read: a
 * 1,000 × 28,000 file never becomes 28 million strings.
 */
import { tableWithCodes } from '../cells';
import { splitWhitespace } from '../delimiter';
import { nameHeaders } from '../parse';
import { MISSING_CODE, type GenotypeCoding, type RawTable } from '../types';
import { shortName } from '../values';
import { blobName, createLineSplitter, fileLabel, readBlobText } from './lines';
import {
  BYTES_PER_VARIANT_COLUMN,
  checkMemoryBudget,
  type MemoryBudgetOption,
} from './memoryBudget';
import { PLINK_SAMPLE_FIELDS, plinkSampleColumns } from './plinkFields';

/** True when a header line is PLINK's .raw header (FID IID PAT MAT SEX PHENOTYPE …). */
export function isPlinkRawHeader(line: string): boolean {
  const f = splitWhitespace(line);
  return PLINK_SAMPLE_FIELDS.every((name, i) => f[i] === name);
}

/**
 * Streaming .raw reader: push text, then finish() for the table. With the file's size the genotype matrix is
 * allocated once, column-major, as soon as the header is read (every cell takes at least two characters, a digit
 * and a separator, so the size bounds the samples), checked against memoryBudgetBytes first, and rows are written
 * straight into it; without a size, rows are kept and transposed at the end.
 */
export function createPlinkRawReader(
  fileName?: string,
  options: MemoryBudgetOption & { sizeBytes?: number } = {},
): {
  push(text: string): void;
  finish(): RawTable;
} {
  let header: string[] | null = null;
  let width = 0;
  const fields: string[][] = [[], [], [], [], [], []];
  const rows: Uint8Array[] = [];
  /** The column-major matrix when the size bounds the samples: codes[j * capacity + i]. */
  let matrix: { codes: Uint8Array; capacity: number } | null = null;
  let nRows = 0;
  let odd = 0;
  const oddExamples: string[] = [];
  let lineNo = 0;
  const onLine = (line: string): void => {
    lineNo++;
    if (line.trim() === '') return;
    if (header === null) {
      if (!isPlinkRawHeader(line)) {
        throw new Error(
          'This is not a PLINK .raw file: its header does not start with FID IID PAT MAT SEX PHENOTYPE.',
        );
      }
      header = splitWhitespace(line);
      width = header.length;
      const nSnps = width - 6;
      if (options.sizeBytes !== undefined && nSnps > 0) {
        const capacity = Math.max(1, Math.floor((options.sizeBytes - line.length) / (2 * nSnps)));
        checkMemoryBudget(nSnps * (capacity + BYTES_PER_VARIANT_COLUMN), options.memoryBudgetBytes);
        matrix = { codes: new Uint8Array(capacity * nSnps), capacity };
      }
      return;
    }
    if (matrix && nRows >= matrix.capacity) {
      throw new Error(`The .raw file has more samples than its size allows (line ${lineNo}).`);
    }
    // Cells are read straight from the line's characters: splitting 28,000 cells per line into
    // strings was most of the time.
    const row = matrix ? null : new Uint8Array(width - 6);
    const at = nRows;
    let field = 0;
    let i = 0;
    const end = line.length;
    while (i < end) {
      let c = line.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      const start = i;
      while (i < end && (c = line.charCodeAt(i)) !== 32 && c !== 9) i++;
      if (field < 6) {
        fields[field].push(line.slice(start, i));
      } else if (field < width) {
        let v: number = MISSING_CODE;
        if (i - start === 1) {
          const d = line.charCodeAt(start) - 48;
          if (d >= 0 && d <= 2) v = d;
        }
        if (v === MISSING_CODE && !(i - start === 2 && line.startsWith('NA', start))) {
          odd++;
          if (oddExamples.length < 5)
            oddExamples.push(`line ${lineNo} “${shortName(line.slice(start, i), 20)}”`);
        }
        if (matrix) matrix.codes[(field - 6) * matrix.capacity + at] = v;
        else row![field - 6] = v;
      }
      field++;
    }
    if (field !== width) {
      throw new Error(
        `Line ${lineNo} of the .raw file has ${field} fields; the header has ${width}.`,
      );
    }
    if (row) rows.push(row);
    nRows++;
  };
  const splitter = createLineSplitter(onLine, { file: fileLabel(fileName, 'the .raw file') });
  return {
    push: (text) => splitter.push(text),
    finish(): RawTable {
      splitter.finish();
      if (header === null) throw new Error('The .raw file is empty.');
      const n = nRows;
      if (n === 0) throw new Error('The .raw file has a header but no samples.');
      const nSnps = width - 6;
      let codes: Uint8Array;
      if (matrix) {
        // Columns moved down to n samples each, in place (each moves to an earlier offset), then viewed.
        const { capacity } = matrix;
        codes = matrix.codes;
        if (capacity !== n) {
          for (let j = 1; j < nSnps; j++) codes.copyWithin(j * n, j * capacity, j * capacity + n);
          codes = codes.subarray(0, n * nSnps);
        }
        matrix = null;
      } else {
        // Rows arrived sample by sample; the table is column-major (one variant's samples together).
        codes = new Uint8Array(n * nSnps);
        for (let i = 0; i < n; i++) {
          const row = rows[i];
          for (let j = 0; j < nSnps; j++) codes[j * n + i] = row[j];
        }
        rows.length = 0;
      }
      const snpNames = header.slice(6);
      const genotypes = snpNames.map((name): GenotypeCoding | undefined => {
        const cut = name.lastIndexOf('_');
        const allele = cut >= 0 ? name.slice(cut + 1) : '';
        return allele === '' || allele === 'HET'
          ? undefined
          : { counted: allele, other: '', source: 'plink' };
      });
      const samples = plinkSampleColumns(fields);
      const named = nameHeaders([...samples.headers, ...snpNames]);
      const table = tableWithCodes({
        textHeaders: named.headers.slice(0, samples.headers.length),
        textColumns: samples.columns,
        codedHeaders: named.headers.slice(samples.headers.length),
        codes,
        genotypes,
        rowCount: n,
        delimiter: ' ',
      });
      table.issues.push(...named.issues);
      table.hints = samples.hints;
      const het = genotypes.filter((g) => g === undefined).length;
      table.conversions = [
        ...samples.conversions,
        {
          kind: 'genotype-coding',
          count: nSnps - het,
          message: `${nSnps - het} variant columns read as PLINK wrote them: copies (0, 1, 2) of the allele after the last “_” in the name; NA is missing${het > 0 ? `. ${het} _HET columns (1 = heterozygous) kept as 0/1 numbers` : ''}.`,
        },
      ];
      if (odd > 0) {
        table.conversions.push({
          kind: 'missing-code',
          count: odd,
          message: `${odd} genotype cells were not 0, 1, 2 or NA and were treated as missing: ${oddExamples.join(', ')}${odd > oddExamples.length ? ' …' : ''}.`,
        });
      }
      return table;
    },
  };
}

/** Parses .raw text held in memory. */
export function parsePlinkRawText(text: string): RawTable {
  const reader = createPlinkRawReader();
  reader.push(text);
  return reader.finish();
}

/** Parses a .raw Blob slice by slice (the text is never held whole). */
export async function parsePlinkRawBlob(
  blob: Blob,
  options: MemoryBudgetOption & { signal?: AbortSignal; onBytes?: (read: number) => void } = {},
): Promise<RawTable> {
  const reader = createPlinkRawReader(blobName(blob), {
    sizeBytes: blob.size,
    memoryBudgetBytes: options.memoryBudgetBytes,
  });
  await readBlobText(blob, (t) => reader.push(t), options);
  return reader.finish();
}
