/** Types shared by parsing, schema inference and encoding. Plain data: safe to pass between workers. */
import type { CommaUse } from './values';
import type { QcFilters } from '../genetics/qc';
import type { LdPruneOptions } from '../genetics/ldPrune';
import type { FeatureColumns } from '../forest/featureColumns';

/** A parsed CSV held column-major as raw cell strings (header names deduplicated and non-empty). */
export interface RawTable {
  /** Column names as they will be shown; blank names become "column_<n>", duplicates get "_2", "_3". */
  headers: string[];
  /** The original header cells before renaming, same order as headers. */
  originalHeaders: string[];
  /** columns[c][r] is the raw cell text of row r in column c (trimmed). */
  columns: string[][];
  rowCount: number;
  /** Problems found while parsing that the user should see; the table is still usable. */
  issues: ParseIssue[];
  /** Delimiter that was detected (",", ";", "\t", "|", or " " for runs of spaces); "" for binary formats. */
  delimiter: string;
  /**
   * Columns held as 1-byte codes instead of text (genotypes from PLINK or VCF), same length as headers;
   * where coded[c] is set, columns[c] is an empty array. Read cells with cellText/columnCells (cells.ts).
   */
  coded?: (CodedColumn | null)[];
  /**
   * Columns of plain numbers held as float64 while parsing (same length as headers); where numbers[c] is set,
   * columns[c] is an empty array and cellText gives each cell's text back exactly.
   */
  numbers?: (NumberColumn | null)[];
  /** Every change made to the data on the way in (missing codes, recodings, dropped columns, unmatched samples). */
  conversions?: Conversion[];
  /** What the file format says about its columns (PLINK's IID, FID, PHENOTYPE; VCF's sample names). */
  hints?: TableHints;
}

/** Code of a missing value in a CodedColumn. */
export const MISSING_CODE = 255;

/**
 * A column held one byte per cell: small whole numbers (0..254; MISSING_CODE = missing), or with `levels`,
 * the index of each cell's text in levels (MISSING_CODE = an empty cell).
 */
export interface CodedColumn {
  /** The 1-byte codes, one a row; absent when the column is held `packed` (read either through cells.ts). */
  values?: Uint8Array;
  /**
   * Doses 0, 1, 2 held 2 bits a row (code 3: missing) instead of `values`, row r in bits 2(r & 3) of byte r >>> 2
   * and the bits past the last row 0, as FeatureColumns packs them: a .bed's genotypes at a quarter of a byte each.
   */
  packed?: Uint8Array;
  /** Set for genotype columns: the value is the number of copies of genotype.counted. */
  genotype?: GenotypeCoding;
  /** Set for a column of few distinct texts (genotype strings such as "AG", categories): cell r is levels[values[r]]. */
  levels?: string[];
}

/**
 * A column of plain numbers ("-12", "5.120"; see numberText.ts), float64 per cell, NaN where missing. decimals[r] is
 * the number of digits written after the point, EMPTY_DECIMALS for an empty cell, or a missing token's code.
 */
export interface NumberColumn {
  values: Float64Array;
  decimals: Uint8Array;
  /** Missing tokens as written ("NA", "nan"), named by the decimals codes below EMPTY_DECIMALS. */
  tokens: string[];
}

/** Which allele a genotype column counts (the dose 0/1/2 is the number of copies of `counted`). */
export interface GenotypeCoding {
  counted: string;
  /** The other allele ("" when unknown). */
  other: string;
  /** Where the coding came from: PLINK's A1, a VCF alternate allele, or the minor allele of genotype strings. */
  source: 'plink' | 'vcf' | 'strings';
}

/** One change made to the data, in words the load summary and the model card can show. */
export interface Conversion {
  kind:
    | 'missing-code'
    | 'recoded'
    | 'genotype-coding'
    | 'number-format'
    | 'column-dropped'
    | 'unmatched'
    | 'joined'
    | 'outcome-missing';
  /** The column concerned (shortened), when there is one. */
  column?: string;
  /** Cells, columns or patients concerned. */
  count?: number;
  message: string;
}

/** Roles a file format gives its columns (suggestions: the user can change them). */
export interface TableHints {
  /** The sample identifier column (PLINK IID, VCF sample name). */
  id?: string;
  /** Columns that group samples (PLINK FID: family). */
  groups?: string[];
  /** The outcome the file carries (PLINK PHENOTYPE). */
  outcome?: string;
  /** Columns left out of the features by default (the user may include them). */
  exclude?: string[];
  /** Two-class outcome coded by PLINK (1 = control, 2 = case): "case" is the default positive class. */
  plinkPhenotype?: boolean;
  /** Where the genotype columns lie on the genome, when the file says (.bim, VCF CHROM/POS). */
  loci?: VariantLoci;
}

/**
 * Chromosome and base-pair position of genotype columns, by column name (parallel arrays; a name renamed by a later
 * join is simply not found). A position the file gives as 0 or unreadable is NaN: unknown.
 */
export interface VariantLoci {
  columns: string[];
  chromosomes: string[];
  positions: number[];
}

export interface ParseIssue {
  kind:
    | 'ragged-short'
    | 'ragged-long'
    | 'blank-header'
    | 'duplicate-header'
    | 'quote'
    | 'bom'
    | 'empty-rows-skipped'
    | 'non-numeric';
  /** Plain-words message naming the rows/columns involved. */
  message: string;
  /** 1-based data row numbers involved (first few only). */
  rows?: number[];
}

/** What a column is used as. */
export type ColumnKind =
  'numeric' | 'categorical' | 'genotype' | 'identifier' | 'constant' | 'empty';

export interface ColumnSchema {
  name: string;
  /** Position in RawTable.columns. */
  index: number;
  /** Inferred kind. */
  inferred: ColumnKind;
  /** Kind in use (the user may override: numeric <-> categorical, or exclude). */
  kind: ColumnKind;
  /** Excluded from the features (identifiers, constants and empty columns are excluded by default). */
  excluded: boolean;
  /** Cells that are empty or a missing token (NA, NaN, ?, null, N/A, none; case-insensitive). */
  missing: number;
  /** Number of distinct non-missing values. */
  distinct: number;
  /** Numeric columns: cells that are present but not numbers (treated as missing), first few. */
  nonNumeric: { row: number; value: string }[];
  nonNumericCount: number;
  /** Numeric summaries over non-missing numeric cells (undefined when none). */
  min?: number;
  max?: number;
  median?: number;
  mean?: number;
  /** Categorical: observed values, most frequent first, with counts (at most 1000 kept). */
  levels?: { value: string; count: number }[];
  /** Numbers written with a comma: "decimal" ("23,5") or "thousands" ("12,500"). */
  comma?: CommaUse;
  /** Commas that could mean either (only "12,500"-like values, or both kinds): flagged for the user. */
  commaAmbiguous?: boolean;
  /** Genotype columns: the allele counted and how often each dose 0/1/2 occurs. */
  genotype?: GenotypeCoding & { doseCounts: [number, number, number] };
}

export interface TableSchema {
  columns: ColumnSchema[];
  rowCount: number;
}

/** How one feature column is turned into a number, identically for training rows and new patients. */
export type FeatureEncoding =
  | {
      kind: 'numeric';
      name: string;
      /** Range and median seen in training (non-missing values). */
      min: number;
      max: number;
      median: number;
      /** How commas inside numbers are read for this column (absent: not at all, or Encoding.decimalComma). */
      comma?: CommaUse;
      /** A genotype encoded as the dose of genotype.counted; new patients may give "AG", "A/G", "0/1", … */
      genotype?: GenotypeCoding;
    }
  | {
      kind: 'categorical';
      name: string;
      /** Category i is encoded as the number i; anything else (and missing) as NaN. */
      categories: string[];
      /** Training counts per category, same order. */
      counts: number[];
    };

/** Everything needed to encode a new patient exactly as the training rows were encoded. */
export interface Encoding {
  features: FeatureEncoding[];
  target: string;
  /** Outcome classes in sorted order; class i is encoded as i. */
  classes: string[];
  /** Older models: numbers may be written with a decimal comma; new ones say so per feature (comma). */
  decimalComma?: boolean;
  /** Outcome cells "none", "-", "." (missing tokens) were kept as classes; only empty cells are missing. */
  keepTokensAsClasses?: boolean;
}

/** A table encoded for the forest. */
export interface EncodedDataset {
  /** Column-major: X[f * nRows + r]; NaN means missing. Categorical cells hold the category index. */
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  /** Class index per row. */
  y: Uint8Array;
  encoding: Encoding;
  /** Rows of the raw table used (rows whose outcome is missing are dropped), 0-based. */
  rowIndex: Int32Array;
  /** Number of rows dropped because the outcome was missing. */
  droppedMissingTarget: number;
  /** Rows dropped because their outcome is not one of encoding.classes (a new file scored by a model). */
  droppedUnknownClass?: number;
  /** Feature columns absent from the table: encoded as missing for every row. */
  missingColumns?: string[];
}

/**
 * A table encoded for the forest with its hard-called genotype columns 2-bit packed (encodeColumns): the same values
 * as EncodedDataset's X, read through the feature-column accessors.
 */
export interface EncodedCohort extends Omit<EncodedDataset, 'X'> {
  /** Float32 columns, and the genotype columns of doses 0, 1, 2 as 2-bit codes. */
  X: FeatureColumns;
}

/** A new patient as the user entered it: feature name -> raw value; missing/empty/undefined = unknown. */
export type PatientInput = Record<string, string | number | null | undefined>;

/** Progress of a streaming parse (the worker API's ParseProgress has this shape). */
export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  /** What the file will need in memory to load and train, once known (a .bed, before its genotypes are held). */
  memoryNote?: string;
}

/*
 * The three types below have the same shape as those of src/worker/api.ts; they live here too so the
 * engine never imports from the worker layer above it (api.ts can re-export these).
 */

/** The user's choices for one column (override of the inferred schema). */
export interface ColumnChoice {
  name: string;
  kind: Extract<ColumnKind, 'numeric' | 'categorical' | 'genotype'>;
  excluded: boolean;
}

/** Outcome column and per-column overrides chosen for training. */
export interface TrainingSetup {
  target: string;
  /** Choices for columns the user changed; others keep the inferred kind/exclusion. */
  columns: ColumnChoice[];
  /** Keep outcome values that are missing tokens ("none", "-", ".", "NA", …) as classes; only empty cells are missing. */
  keepTokensAsClasses?: boolean;
  /** Genotype QC filters and ancestry components applied to the cohort before it is encoded (src/app/cohortGenetics). */
  genetics?: {
    qc?: QcFilters;
    ancestryComponents?: number;
    ldPrune?: LdPruneOptions;
  };
}

/** The outcome as it would be trained, for the class-balance display and validation. */
export interface OutcomeSummary {
  target: string;
  classes: string[];
  classCounts: number[];
  rowsUsed: number;
  droppedMissingTarget: number;
  /** Outcome cells treated as missing, by text ("" = empty), most frequent first. */
  treatedAsMissing?: { value: string; count: number }[];
  nFeatures: number;
  /** Plain-words problems that block training (one class, ...) — empty when training can go ahead. */
  errors: string[];
  /** Plain-words cautions (a class with very few patients, mostly-empty outcome, ...). */
  warnings: string[];
}
