/**
 * VCF and bgzipped VCF (.vcf.gz) → a RawTable: samples become rows (patients), each alternate allele of a site
 * becomes a column of its dose, read from one FORMAT field per site:
 * - GT when the site has it: the copies of the allele in the call (0, 1, 2; 0 or 1 for a haploid call), 1 byte a
 *   cell, phased or not. A call with a missing allele ("./.", ".|.", "./1", ".") is missing.
 * - else DS (an imputed dosage, 0–2): the number itself, held as a float64 number column.
 * - else GP (genotype probabilities): the expected dose, P(heterozygous) + 2 × P(homozygous for the allele).
 * A site with none of them (only GL or PL, likelihoods rather than calls) is left out, and a file with no such site
 * at all is refused. The placeholders "*" (a spanning deletion) and "<NON_REF>" / "<*>" (gVCF's unseen allele) are
 * not alleles a patient carries and never become columns. The sample fields are read from the line's characters
 * (a million calls a site must not become a million strings); gzip.ts decompresses, since bgzip writes many gzip
 * members one after another.
 */
import { isDoseCodes, packDoseCodes } from '../cells';
import { EMPTY_DECIMALS, scanPlainNumber } from '../numberText';
import { nameHeaders } from '../parse';
import {
  MISSING_CODE,
  type CodedColumn,
  type Conversion,
  type GenotypeCoding,
  type NumberColumn,
  type RawTable,
} from '../types';
import { shortName } from '../values';
import { createColumnBlocks, type ColumnBlocks } from './columnBlocks';
import { createGunzipStream } from './gzip';
import { blobName, createLineSplitter, fileLabel, ownString } from './lines';
import { createLociCollector } from './loci';
import {
  BYTES_PER_VARIANT_COLUMN,
  checkMemoryBudget,
  type MemoryBudgetOption,
} from './memoryBudget';

/** Name of the sample-ID column of a table read from a VCF. */
export const VCF_SAMPLE_COLUMN = 'sample';

/** True when bytes start a gzip stream (bgzip included). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The FORMAT fields a dose is read from, in order of preference. */
export type VcfDoseField = 'GT' | 'DS' | 'GP';

/** Options of a VCF reader. */
export interface VcfReaderOptions extends MemoryBudgetOption {
  /** Size of the whole input in bytes (compressed for a .vcf.gz): lets the reader project what the file needs. */
  totalBytes?: number;
  /** The file's name, for the messages that refuse it. */
  fileName?: string;
}

/** A streaming VCF reader. */
export interface VcfReader {
  /** Reads the next bytes (plain or gzipped, in any pieces). */
  push(bytes: Uint8Array): void;
  /** The table, once every byte was pushed. */
  finish(): RawTable;
  /** Bytes the whole file will need, projected from what was read so far (null before any variant). */
  projectedBytes(): number | null;
  /** Variant lines read so far. */
  readonly dataLines: number;
}

/** ALT entries that are not alleles a patient carries: a spanning deletion, and gVCF's "any other allele". */
const PLACEHOLDER_ALTS = new Set(['*', '<NON_REF>', '<*>']);
/** Variant lines read before a projection of the whole file's needs is trusted enough to refuse a load on. */
export const PROJECTION_MIN_LINES = 100;
/** Alleles a GT may list; more is taken as a damaged field. */
const MAX_PLOIDY = 16;
/** Most distinct ALT alleles of a site read (an allele index above is a damaged field). */
const MAX_ALLELES = 1000;
/** How far GP may sum from 1: six values rounded to 2 decimals (a tri-allelic site) miss by up to 0.03. */
const GP_SUM_TOLERANCE = 0.05;
/** Bytes a cell of a number column takes: the float64 and its decimals code. */
const NUMBER_CELL_BYTES = 9;
/** The one (never written) tokens array of every dose number column: doses have no missing tokens. */
const NO_TOKENS = Object.freeze([]) as unknown as string[];
/** A number such as "1e-05" in any form JavaScript reads, for values outside the plain form scanPlainNumber takes. */
const OTHER_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Scratch for a number read from a field: its value and the decimals it is written back with. */
const read = { value: 0, decimals: 0, plain: true };

/**
 * Reads a VCF number into `read` (false when it is not one). A plain decimal keeps its digits; any other form
 * ("1e-05") is written back with the fewest digits that give the same float64.
 */
function readNumber(text: string): boolean {
  const plain = scanPlainNumber(text);
  if (plain) {
    read.value = plain.value;
    read.decimals = plain.decimals;
    read.plain = true;
    return true;
  }
  if (!OTHER_NUMBER.test(text)) return false;
  const v = Number(text);
  if (!Number.isFinite(v)) return false;
  setDecimals(v === 0 ? 0 : v);
  read.plain = false;
  return true;
}

/** Sets `read` to v with the fewest digits (at most 15) that give v back; past 15, v rounded to 15. */
function setDecimals(v: number): void {
  for (let d = 0; d <= 15; d++) {
    if (Number(v.toFixed(d)) === v) {
      read.value = v;
      read.decimals = d;
      return;
    }
  }
  read.value = Number(v.toFixed(15));
  read.decimals = 15;
}

/** What was done with one FORMAT field's values. */
interface FieldCount {
  sites: number;
  columns: number;
  /** Calls read as a dose (GT: present calls). */
  valid: number;
  /** Values that are not what the field must hold, left missing. */
  invalid: number;
  example: string;
  /** Index among the variant columns of the field's first column (names an example). */
  first: number;
}

/** Creates a streaming VCF reader (see the file's comment for what it reads). */
export function createVcfReader(options: VcfReaderOptions = {}): VcfReader {
  const budget = options.memoryBudgetBytes;
  let samples: string[] | null = null;
  let n = 0;
  let lineNo = 0;
  let dataLines = 0;
  let headerChars = 0;
  let dataChars = 0;
  /** Bytes the columns read so far hold (cells and per-column overhead). */
  let heldBytes = 0;
  /** Bytes of blocks allocated so far. */
  let allocated = 0;
  let inputBytes = 0;
  let textChars = 0;
  let inputAtPushEnd = 0;
  let textAtPushEnd = 0;

  type Column = { codes: Uint8Array } | { values: Float64Array; decimals: Uint8Array };
  const columns: Column[] = [];
  const names: string[] = [];
  const loci = createLociCollector();
  const codings: GenotypeCoding[] = [];
  const fields: Record<VcfDoseField, FieldCount> = {
    GT: { sites: 0, columns: 0, valid: 0, invalid: 0, example: '', first: -1 },
    DS: { sites: 0, columns: 0, valid: 0, invalid: 0, example: '', first: -1 },
    GP: { sites: 0, columns: 0, valid: 0, invalid: 0, example: '', first: -1 },
  };
  let noAlt = 0;
  let missingCalls = 0;
  let multiAllelic = 0;
  let haploid = 0;
  let spanning = 0;
  let nonRef = 0;
  let placeholderSites = 0;
  let noFieldSites = 0;
  const formatsWithoutField = new Set<string>();

  const projectedBytes = (): number | null => {
    if (dataChars === 0 || options.totalBytes === undefined) return null;
    let text = options.totalBytes;
    if (gunzip) {
      if (inputAtPushEnd === 0) return null;
      text = options.totalBytes * (textAtPushEnd / inputAtPushEnd);
    }
    return Math.round((heldBytes * Math.max(text - headerChars, dataChars)) / dataChars);
  };
  const reserve = (bytes: number): void => {
    const projected = dataLines >= PROJECTION_MIN_LINES ? projectedBytes() : null;
    checkMemoryBudget(Math.max(allocated + bytes, projected ?? 0), budget);
    allocated += bytes;
  };
  let codeBlocks: ColumnBlocks<Uint8Array> | null = null;
  let valueBlocks: ColumnBlocks<Float64Array> | null = null;
  let decimalBlocks: ColumnBlocks<Uint8Array> | null = null;

  const fixedTabs = new Int32Array(9);
  const alleles = new Int32Array(MAX_PLOIDY);
  const fieldCountError = (line: string): Error => {
    const got = line.split('\t').length;
    return new Error(
      `Line ${lineNo} of the VCF has ${got} tab-separated fields, but its header names ${n} sample${n === 1 ? '' : 's'} (${9 + n} fields): the file is damaged or cut short.`,
    );
  };

  const readHeader = (line: string): void => {
    headerChars += line.length + 1;
    if (!line.startsWith('#'))
      throw new Error('This is not a VCF file: no “#CHROM” header line before the data.');
    if (!line.startsWith('#CHROM')) return;
    const f = line.split('\t');
    if (f.length <= 9)
      throw new Error('This VCF has no sample columns: there are no patients to read.');
    samples = f.slice(9).map(ownString);
    n = samples.length;
    const make8 = (length: number) => new Uint8Array(length);
    codeBlocks = createColumnBlocks<Uint8Array>(n, make8, reserve);
    valueBlocks = createColumnBlocks<Float64Array>(
      n,
      (length) => new Float64Array(length),
      reserve,
    );
    decimalBlocks = createColumnBlocks<Uint8Array>(n, make8, reserve);
  };

  // The site being read: its line, alleles and columns (reader-level, so the call readers below are made once).
  let line = '';
  let altCount = 0;
  let columnOf = new Int32Array(0);
  let kept: number[] = [];
  let codes: Uint8Array[] = [];
  let values: Float64Array[] = [];
  let decimals: Uint8Array[] = [];
  let count: FieldCount = fields.GT;
  let p = new Float64Array(0);
  let scaled = new Float64Array(0);
  let places = new Int32Array(0);

  const invalid = (s: number, a: number, b: number): void => {
    if (count.invalid === 0) {
      const sample = shortName((samples as string[])[s]);
      count.example = `“${line.slice(a, b).slice(0, 40)}” of ${sample} on line ${lineNo}`;
    }
    count.invalid++;
  };

  /** GT: allele indices separated by "/" or "|"; "." is a missing allele. */
  const readGT = (s: number, a: number, b: number): void => {
    let ploidy = 0;
    let allele = -1;
    let dot = false;
    let missing = false;
    let bad = a === b;
    for (let i = a; i <= b && !bad; i++) {
      const c = i < b ? line.charCodeAt(i) : 47;
      if (c === 47 || c === 124) {
        if (ploidy >= MAX_PLOIDY || allele > altCount) bad = true;
        else if (allele >= 0) alleles[ploidy++] = allele;
        else if (dot) {
          missing = true;
          alleles[ploidy++] = 0;
        } else bad = true; // an empty allele: "0/"
        allele = -1;
        dot = false;
      } else if (c === 46) {
        if (dot || allele >= 0) bad = true;
        dot = true;
      } else if (c >= 48 && c <= 57) {
        if (dot) bad = true;
        allele = (allele < 0 ? 0 : allele * 10) + (c - 48);
        if (allele > MAX_ALLELES) bad = true;
      } else bad = true;
    }
    if (bad) return invalid(s, a, b);
    if (missing) {
      missingCalls++;
      return;
    }
    count.valid++;
    if (ploidy === 1) haploid++;
    for (let j = 0; j < codes.length; j++) codes[j][s] = 0;
    for (let k = 0; k < ploidy; k++) {
      const column = columnOf[alleles[k]];
      if (column >= 0) codes[column][s]++;
    }
  };

  /** DS: one dosage per ALT allele, each 0–2. */
  const readDS = (s: number, a: number, b: number): void => {
    const text = line.slice(a, b);
    if (text === '.') {
      missingCalls++;
      return;
    }
    const parts = altCount === 1 ? null : text.split(',');
    if (parts !== null && parts.length !== altCount) return invalid(s, a, b);
    let present = 0;
    for (const k of kept) {
      const part = parts === null ? text : parts[k - 1];
      if (part === '.') continue;
      if (!readNumber(part) || !(read.value >= 0 && read.value <= 2)) {
        for (let j = 0; j < kept.length; j++) {
          values[j][s] = NaN;
          decimals[j][s] = EMPTY_DECIMALS;
        }
        return invalid(s, a, b);
      }
      values[columnOf[k]][s] = read.value;
      decimals[columnOf[k]][s] = read.decimals;
      present++;
    }
    if (present === 0) missingCalls++;
    else count.valid++;
  };

  /**
   * GP: a probability per genotype, in VCF's order (the allele pair j ≤ k at k(k+1)/2 + j for a diploid call, one per
   * allele for a haploid call). A dose of plain decimals is summed in whole numbers, so "0.1,0.1,0.8" gives 1.7, not
   * 1.7000000000000002.
   */
  const readGP = (s: number, a: number, b: number): void => {
    const text = line.slice(a, b);
    if (text === '.') {
      missingCalls++;
      return;
    }
    const parts = text.split(',');
    const g = parts.length;
    const nAlleles = altCount + 1;
    if (g !== nAlleles && g !== p.length) return invalid(s, a, b);
    let sum = 0;
    let plain = true;
    let maxPlaces = 0;
    for (let i = 0; i < g; i++) {
      if (parts[i] === '.') {
        missingCalls++;
        return;
      }
      if (!readNumber(parts[i]) || !(read.value >= 0 && read.value <= 1)) return invalid(s, a, b);
      p[i] = read.value;
      places[i] = read.decimals;
      plain &&= read.plain;
      if (read.decimals > maxPlaces) maxPlaces = read.decimals;
      sum += read.value;
    }
    if (Math.abs(sum - 1) > GP_SUM_TOLERANCE) return invalid(s, a, b);
    if (plain) for (let i = 0; i < g; i++) scaled[i] = Math.round(p[i] * 10 ** places[i]);
    const copiesOf = (i: number, copies: number): number =>
      plain ? copies * scaled[i] * 10 ** (maxPlaces - places[i]) : copies * p[i];
    for (const k of kept) {
      let dose = 0;
      if (g === nAlleles) dose = copiesOf(k, 1);
      else {
        for (let hi = 0; hi < nAlleles; hi++) {
          for (let lo = 0; lo <= hi; lo++) {
            const copies = (lo === k ? 1 : 0) + (hi === k ? 1 : 0);
            if (copies > 0) dose += copiesOf((hi * (hi + 1)) / 2 + lo, copies);
          }
        }
      }
      if (plain) {
        read.value = dose / 10 ** maxPlaces;
        read.decimals = maxPlaces;
      } else setDecimals(dose);
      values[columnOf[k]][s] = read.value;
      decimals[columnOf[k]][s] = read.decimals;
    }
    if (g === nAlleles) haploid++;
    count.valid++;
  };

  const readSite = (): void => {
    let at = -1;
    for (let k = 0; k < 9; k++) {
      at = line.indexOf('\t', at + 1);
      if (at < 0) throw fieldCountError(line);
      fixedTabs[k] = at;
    }
    const altText = line.slice(fixedTabs[3] + 1, fixedTabs[4]);
    if (altText === '.' || altText === '') {
      noAlt++;
      return;
    }
    const alts = altText.split(',');
    if (alts.length > MAX_ALLELES) {
      throw new Error(
        `Line ${lineNo} of the VCF lists ${alts.length} alternate alleles; more than ${MAX_ALLELES} is taken as a damaged file.`,
      );
    }
    // Column of each allele index among the site's columns (-1: not a column).
    const columnOfAllele = new Int32Array(alts.length + 1).fill(-1);
    const keptAlleles: number[] = [];
    alts.forEach((alt, k) => {
      if (alt === '*') spanning++;
      else if (PLACEHOLDER_ALTS.has(alt)) nonRef++;
      else {
        columnOfAllele[k + 1] = keptAlleles.length;
        keptAlleles.push(k + 1);
      }
    });
    if (keptAlleles.length === 0) {
      placeholderSites++;
      return;
    }
    const format = line.slice(fixedTabs[7] + 1, fixedTabs[8]).split(':');
    const field: VcfDoseField | null = format.includes('GT')
      ? 'GT'
      : format.includes('DS')
        ? 'DS'
        : format.includes('GP')
          ? 'GP'
          : null;
    if (field === null) {
      noFieldSites++;
      for (const f of format) if (formatsWithoutField.size < 12) formatsWithoutField.add(f);
      return;
    }
    const fieldIndex = format.indexOf(field);
    if (keptAlleles.length > 1) multiAllelic++;
    count = fields[field];
    if (count.columns === 0) count.first = columns.length;
    count.sites++;
    count.columns += keptAlleles.length;
    altCount = alts.length;
    columnOf = columnOfAllele;
    kept = keptAlleles;
    if (field === 'GP') {
      const g = ((altCount + 1) * (altCount + 2)) / 2;
      if (p.length !== g) {
        p = new Float64Array(g);
        scaled = new Float64Array(g);
        places = new Int32Array(g);
      }
    }

    const idText = line.slice(fixedTabs[1] + 1, fixedTabs[2]);
    const id =
      idText === '.' || idText === ''
        ? `${line.slice(0, fixedTabs[0])}:${line.slice(fixedTabs[0] + 1, fixedTabs[1])}`
        : idText.split(';')[0];
    const ref = ownString(line.slice(fixedTabs[2] + 1, fixedTabs[3]));

    // Every cell starts missing: a sample whose call is unreadable or absent is never read as dose 0.
    codes = [];
    values = [];
    decimals = [];
    for (const k of kept) {
      const alt = ownString(alts[k - 1]);
      names.push(ownString(`${id}_${alt}`));
      loci.add(line.slice(0, fixedTabs[0]), line.slice(fixedTabs[0] + 1, fixedTabs[1]));
      codings.push({ counted: alt, other: ref, source: 'vcf' });
      if (field === 'GT') {
        const c = (codeBlocks as ColumnBlocks<Uint8Array>).next().fill(MISSING_CODE);
        codes.push(c);
        columns.push({ codes: c });
        heldBytes += n + BYTES_PER_VARIANT_COLUMN;
      } else {
        const v = (valueBlocks as ColumnBlocks<Float64Array>).next().fill(NaN);
        const d = (decimalBlocks as ColumnBlocks<Uint8Array>).next().fill(EMPTY_DECIMALS);
        values.push(v);
        decimals.push(d);
        columns.push({ values: v, decimals: d });
        heldBytes += NUMBER_CELL_BYTES * n + BYTES_PER_VARIANT_COLUMN;
      }
    }

    const readCall = field === 'GT' ? readGT : field === 'DS' ? readDS : readGP;
    // Nearly every call of a biallelic site is "0/1" or "0|1": read those at once (readGT reads the rest).
    const quick = field === 'GT' && fieldIndex === 0 && altCount === 1 ? codes[0] : null;
    let quickCalls = 0;
    let pos = fixedTabs[8] + 1;
    for (let s = 0; s < n; s++) {
      let end = line.indexOf('\t', pos);
      if (s === n - 1) {
        if (end >= 0) throw fieldCountError(line);
        end = line.length;
      } else if (end < 0) throw fieldCountError(line);
      if (quick !== null && (end === pos + 3 || line.charCodeAt(pos + 3) === 58)) {
        const first = line.charCodeAt(pos) - 48;
        const separator = line.charCodeAt(pos + 1);
        const second = line.charCodeAt(pos + 2) - 48;
        if (
          (first === 0 || first === 1) &&
          (second === 0 || second === 1) &&
          (separator === 47 || separator === 124)
        ) {
          quick[s] = first + second;
          quickCalls++;
          pos = end + 1;
          continue;
        }
      }
      // The field's place among the sample's ":"-separated values; trailing values may be left out.
      let a = pos;
      let k = 0;
      while (k < fieldIndex && a < end) if (line.charCodeAt(a++) === 58) k++;
      if (k === fieldIndex) {
        let b = a;
        while (b < end && line.charCodeAt(b) !== 58) b++;
        readCall(s, a, b);
      } else missingCalls++;
      pos = end + 1;
    }
    count.valid += quickCalls;
  };

  const onLine = (text: string): void => {
    lineNo++;
    if (text === '') return;
    if (samples === null) return readHeader(text);
    dataLines++;
    dataChars += text.length + 1;
    line = text;
    readSite();
  };
  const splitter = createLineSplitter(onLine, { file: fileLabel(options.fileName, 'the VCF') });
  const decoder = new TextDecoder('utf-8');
  const text = (t: string): void => {
    textChars += t.length;
    splitter.push(t);
  };
  let gunzip: ReturnType<typeof createGunzipStream> | null = null;
  let first = true;

  return {
    get dataLines() {
      return dataLines;
    },
    projectedBytes,
    push(bytes: Uint8Array): void {
      if (first) {
        first = false;
        if (isGzip(bytes))
          gunzip = createGunzipStream((data) => text(decoder.decode(data, { stream: true })));
      }
      inputBytes += bytes.length;
      if (gunzip) gunzip.push(bytes);
      else text(decoder.decode(bytes, { stream: true }));
      inputAtPushEnd = inputBytes;
      textAtPushEnd = textChars;
    },
    finish(): RawTable {
      if (gunzip) gunzip.finish();
      text(decoder.decode());
      splitter.finish();
      if (samples === null)
        throw new Error('This is not a VCF file: no “#CHROM” header line was found.');
      if (columns.length === 0) throw new Error(noColumnsReason());
      for (const f of ['GT', 'DS', 'GP'] as const) {
        const c = fields[f];
        if (c.valid === 0 && c.invalid > 0) {
          throw new Error(
            `No ${f} value of this VCF could be read as ${FIELD_VALUES[f]} (${c.invalid} tried, e.g. ${c.example}).`,
          );
        }
      }
      return buildTable(samples);
    },
  };

  function noColumnsReason(): string {
    if (noFieldSites > 0) {
      const seen = [...formatsWithoutField].join(', ');
      return `This VCF has no FORMAT field a dose can be read from: its sites give ${seen || 'no FORMAT field'}, but none of GT (called genotypes), DS (imputed dosages) or GP (genotype probabilities).${formatsWithoutField.has('GL') || formatsWithoutField.has('PL') ? ' GL and PL are genotype likelihoods, not calls: call or impute the genotypes first (e.g. bcftools call, or an imputation server), then load the result.' : ''}`;
    }
    if (placeholderSites > 0)
      return 'This VCF has no alternate allele to read: its sites list only “<NON_REF>”, “<*>” or “*”, the placeholders of a gVCF. Genotype it into a VCF first (e.g. GATK GenotypeGVCFs or bcftools convert --gvcf2vcf).';
    return 'This VCF has no variant with an alternate allele.';
  }

  function buildTable(sampleIds: string[]): RawTable {
    const named = nameHeaders([VCF_SAMPLE_COLUMN, ...names]);
    // The last blocks' unused parts are freed (a copy of at most one block's columns).
    const moveCodes = (codeBlocks as ColumnBlocks<Uint8Array>).trim();
    const moveValues = (valueBlocks as ColumnBlocks<Float64Array>).trim();
    const moveDecimals = (decimalBlocks as ColumnBlocks<Uint8Array>).trim();
    const coded: (CodedColumn | null)[] = [null];
    const numbers: (NumberColumn | null)[] = [null];
    let anyCoded = false;
    let anyNumbers = false;
    // Hard calls of 0, 1 or 2 copies are held 2 bits each as a .bed's are, in one buffer (one transfer); a column
    // with a polyploid call keeps a byte a call.
    const packable = columns.map((column) => 'codes' in column && isDoseCodes(column.codes));
    const stride = (n + 3) >>> 2;
    const packedCodes = new Uint8Array(stride * packable.filter(Boolean).length);
    let packedAt = 0;
    columns.forEach((column, j) => {
      if ('codes' in column && packable[j]) {
        const packed = packedCodes.subarray(packedAt, packedAt + stride);
        packedAt += stride;
        packDoseCodes(column.codes, packed);
        coded.push({ packed, genotype: codings[j] });
        numbers.push(null);
        anyCoded = true;
      } else if ('codes' in column) {
        coded.push({ values: moveCodes(column.codes), genotype: codings[j] });
        numbers.push(null);
        anyCoded = true;
      } else {
        coded.push(null);
        numbers.push({
          values: moveValues(column.values),
          decimals: moveDecimals(column.decimals),
          tokens: NO_TOKENS,
        });
        anyNumbers = true;
      }
    });
    columns.length = 0;
    codes = [];
    values = [];
    decimals = [];
    const table: RawTable = {
      headers: named.headers,
      originalHeaders: [...named.headers],
      columns: [sampleIds.slice(), ...names.map(() => [])],
      rowCount: n,
      issues: [...named.issues],
      delimiter: '',
      hints: {
        id: named.headers[0],
        loci: {
          columns: named.headers.slice(1),
          chromosomes: loci.chromosomes,
          positions: loci.positions,
        },
      },
    };
    if (anyCoded) table.coded = coded;
    if (anyNumbers) table.numbers = numbers;
    table.conversions = conversions(named.headers);
    return table;
  }

  function conversions(headers: string[]): Conversion[] {
    const out: Conversion[] = [];
    const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    for (const f of ['GT', 'DS', 'GP'] as const) {
      const c = fields[f];
      if (c.columns === 0) continue;
      const example = shortName(headers[c.first + 1]);
      const alleles = plural(c.columns, 'alternate allele');
      const where = `${plural(c.sites, 'site')} with`;
      out.push({
        kind: 'genotype-coding',
        count: c.columns,
        message:
          f === 'GT'
            ? `${alleles} read from GT as doses (copies 0, 1, 2 of the allele; column names end in it, e.g. ${example}); phased and unphased calls alike.`
            : f === 'DS'
              ? `${alleles} read from DS, the imputed dosage (expected copies of the allele, 0–2), held as numbers (e.g. ${example}): ${where} no GT.`
              : `${alleles} read from GP as the expected dose, P(heterozygous) + 2 × P(homozygous for the allele) (P(allele) for a haploid call), held as numbers (e.g. ${example}): ${where} neither GT nor DS.`,
      });
    }
    if (multiAllelic > 0)
      out.push({
        kind: 'recoded',
        count: multiAllelic,
        message: `${plural(multiAllelic, 'multi-allelic site')} became one column per alternate allele.`,
      });
    if (missingCalls > 0)
      out.push({
        kind: 'missing-code',
        count: missingCalls,
        message: `${plural(missingCalls, 'genotype call')} with a missing allele or value (./., .|., .) left missing.`,
      });
    if (haploid > 0)
      out.push({
        kind: 'recoded',
        count: haploid,
        message: `${plural(haploid, 'haploid call')} (one allele, as chrX and chrY are written for males) counted as 0 or 1 copies: a dose counts the copies carried (PLINK 1.9’s --recode A writes them as 0 or 2).`,
      });
    if (noAlt > 0)
      out.push({
        kind: 'column-dropped',
        count: noAlt,
        message: `${plural(noAlt, 'site')} with no alternate allele (ALT “.”) left out: every sample has the reference there.`,
      });
    if (spanning + nonRef > 0) {
      const parts: string[] = [];
      if (spanning > 0)
        parts.push(`${spanning} “*” (a deletion spanning the site, read at its own site)`);
      if (nonRef > 0)
        parts.push(`${nonRef} “<NON_REF>” or “<*>” (a gVCF’s placeholder for any unseen allele)`);
      out.push({
        kind: 'column-dropped',
        count: spanning + nonRef,
        message: `${plural(spanning + nonRef, 'alternate allele')} left out, not alleles a patient carries: ${parts.join(' and ')}${placeholderSites > 0 ? `; ${plural(placeholderSites, 'site')} had no other allele` : ''}.`,
      });
    }
    if (noFieldSites > 0)
      out.push({
        kind: 'column-dropped',
        count: noFieldSites,
        message: `${plural(noFieldSites, 'site')} left out: no GT, DS or GP to read a dose from (FORMAT ${[...formatsWithoutField].join(', ')}).`,
      });
    for (const f of ['GT', 'DS', 'GP'] as const) {
      const c = fields[f];
      if (c.invalid > 0)
        out.push({
          kind: 'missing-code',
          count: c.invalid,
          message: `${plural(c.invalid, `${f} value`)} that ${c.invalid === 1 ? 'is' : 'are'} not ${FIELD_VALUES[f]} left missing (e.g. ${c.example}).`,
        });
    }
    return out;
  }
}

/** What each field's values must be, in the words of the notes. */
const FIELD_VALUES: Record<VcfDoseField, string> = {
  GT: 'a genotype (allele numbers separated by / or |)',
  DS: 'a dosage from 0 to 2 per alternate allele',
  GP: 'genotype probabilities (each 0–1, summing to 1)',
};

/** Parses a VCF (plain or gzipped) held in memory. */
export function parseVcfBytes(bytes: Uint8Array, options: MemoryBudgetOption = {}): RawTable {
  const reader = createVcfReader({ ...options, totalBytes: bytes.length });
  reader.push(bytes);
  return reader.finish();
}

/** Parses a VCF or .vcf.gz Blob slice by slice (neither the file nor its text is held whole). */
export async function parseVcfBlob(
  blob: Blob,
  options: MemoryBudgetOption & {
    chunkSize?: number;
    signal?: AbortSignal;
    onBytes?: (read: number) => void;
  } = {},
): Promise<RawTable> {
  const size = Math.max(1024, options.chunkSize ?? 4 * 1024 * 1024);
  const reader = createVcfReader({
    memoryBudgetBytes: options.memoryBudgetBytes,
    totalBytes: blob.size,
    fileName: blobName(blob),
  });
  for (let start = 0; start < blob.size; start += size) {
    options.signal?.throwIfAborted();
    reader.push(new Uint8Array(await blob.slice(start, start + size).arrayBuffer()));
    options.onBytes?.(Math.min(blob.size, start + size));
  }
  return reader.finish();
}
