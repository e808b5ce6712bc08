/**
 * Genotypes (PLINK, VCF) joined to a clinical table by sample ID. The key is the genotype file's sample column
 * (IID, VCF sample name; in a plain table any text column is tried) matched to the clinical column sharing the
 * most IDs; when the genotype samples carry a family ID (PLINK FID) and the clinical table has a matching family
 * column, the key is the (family, sample) pair, since PLINK's IIDs need only be unique within a family. A key that
 * is not unique in either file is refused unless the user chose it (then the repeated IDs are left out, never
 * matched to a guessed row). Samples found in only one file are counted with examples and recorded as
 * conversions, never dropped without a word.
 */
import {
  cellText,
  codeValues,
  gatherColumn,
  gatherPacked,
  placeColumns,
  smallNumberColumn,
  tableWithCodes,
} from '../cells';
import { nameHeaders } from '../parse';
import type { CodedColumn, Conversion, RawTable } from '../types';
import { shortName } from '../values';

const EXAMPLES = 5;

/** Clinical column names that say "family" (PLINK's FID and the usual spellings). */
const FAMILY_NAME =
  /^(fid|fam|famid|fam_?id|family|family_?id|family_?name|pedigree|ped|ped_?id)$/i;
/** Clinical column names that say "sample ID": preferred when two columns share as many IDs. */
const ID_NAME =
  /^(iid|id|sample|samples|sample_?id|sample_?name|subject|subject_?id|participant|participant_?id|indiv|individual|individual_?id|ind_?id)$/i;

/** Joins the parts of a composite key; a control character no ID holds, so distinct pairs stay distinct. */
const SEP = '\u001f';

/** The columns the join matches on, and how many samples they share. */
export interface JoinKey {
  /** The genotype file's sample ID column (IID, VCF sample name). */
  genotypeColumn: string;
  /** The clinical column matched to it. */
  clinicalColumn: string;
  /** Set when samples are matched on the (family, sample) pair: the two files' family columns. */
  family?: { genotypeColumn: string; clinicalColumn: string };
  /** Distinct key values found in both files. */
  overlap: number;
  /** True when the user chose the key (repeated IDs are then left out instead of refusing the join). */
  chosen?: boolean;
}

/** A key chosen by the user: the clinical column(s), [sample] or [family, sample], and optionally the genotype ones. */
export interface JoinKeyChoice {
  clinicalColumns: string[];
  /** The genotype file's columns in the same order; by default its sample ID (and family) column. */
  genotypeColumns?: string[];
}

/** Samples counted with a few examples. */
export interface SampleCount {
  count: number;
  examples: string[];
}

/** Key values that appear on more than one row of one file. */
export interface DuplicateIds extends SampleCount {
  /** Rows carrying those values. */
  rows: number;
}

/** The columns a user may choose the key from (the load summary's control, the CLI's hint). */
export interface JoinColumns {
  /** The genotype file's sample ID column (its hint, else every text column). */
  genotypeIds: string[];
  /** Its family column (PLINK FID), or null. */
  genotypeFamily: string | null;
  /** Every column of the clinical table. */
  clinical: string[];
}

/** What the join did, for the load summary (and the CLI's samplesJoined / samplesUnmatched). */
export interface JoinSummary {
  key: JoinKey;
  samplesJoined: number;
  /** Genotyped samples whose key the clinical table does not have at all. */
  onlyInGenotypes: SampleCount;
  /** Clinical rows whose key no genotyped sample has. */
  onlyInClinical: SampleCount;
  /** Keys on more than one genotyped sample (left out: only with a key the user chose). */
  duplicateGenotypes: DuplicateIds;
  /** Keys on more than one clinical row (left out: only with a key the user chose). */
  duplicateClinical: DuplicateIds;
  /** Clinical rows with an empty key cell (left out). */
  blankClinical: number;
  /** What the key could be chosen from. */
  columns: JoinColumns;
}

/** Why two files were not joined, with what a user needs to choose a key. */
export interface JoinRefusal {
  message: string;
  /** The key that was tried (null when no column is shared). */
  key: JoinKey | null;
  duplicateGenotypes: DuplicateIds;
  duplicateClinical: DuplicateIds;
  columns: JoinColumns;
}

/** Thrown when genotypes and a clinical table cannot be joined safely; `refusal` says why and what to choose from. */
export class JoinRefusedError extends Error {
  constructor(readonly refusal: JoinRefusal) {
    super(refusal.message);
    this.name = 'JoinRefusedError';
  }
}

/** Columns that are not genotype or dose codes: sample IDs, clinical columns (held as text, levels or numbers). */
function otherColumns(table: RawTable): number[] {
  return table.headers.map((_, c) => c).filter((c) => !smallNumberColumn(table, c));
}

function idSet(table: RawTable, c: number): Set<string> {
  const s = new Set<string>();
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellText(table, c, r).trim();
    if (v !== '') s.add(v);
  }
  return s;
}

function sharedCount(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const v of a) if (b.has(v)) n++;
  return n;
}

/** The key of row r over columns `cols` (family first), or null when a part is empty. */
function keyOf(table: RawTable, cols: readonly number[], r: number): string | null {
  if (cols.length === 1) {
    const v = cellText(table, cols[0], r).trim();
    return v === '' ? null : v;
  }
  const parts: string[] = [];
  for (const c of cols) {
    const v = cellText(table, c, r).trim();
    if (v === '') return null;
    parts.push(v);
  }
  return parts.join(SEP);
}

/** A key as people read it: "F1/2" for family F1, sample 2. */
function showKey(key: string): string {
  return key.split(SEP).join('/');
}

/** The genotype file's sample ID columns: its hint alone (IID, VCF sample), else every text column. */
function genotypeIdColumns(genotypes: RawTable): number[] {
  const hinted = genotypes.hints?.id;
  const h = hinted === undefined ? -1 : genotypes.headers.indexOf(hinted);
  if (h >= 0) return [h];
  return otherColumns(genotypes);
}

/** The genotype file's family column: its group hint (PLINK FID), else a text column named like one. */
function genotypeFamilyColumn(genotypes: RawTable, idColumn: number): number {
  for (const name of genotypes.hints?.groups ?? []) {
    const c = genotypes.headers.indexOf(name);
    if (c >= 0 && c !== idColumn && !smallNumberColumn(genotypes, c)) return c;
  }
  return (
    otherColumns(genotypes).find(
      (c) => c !== idColumn && FAMILY_NAME.test(genotypes.headers[c].trim()),
    ) ?? -1
  );
}

/** The columns a key may be chosen from. */
function joinColumns(genotypes: RawTable, clinical: RawTable): JoinColumns {
  const ids = genotypeIdColumns(genotypes);
  const family = genotypeFamilyColumn(genotypes, ids.length === 1 ? ids[0] : -1);
  return {
    genotypeIds: ids.filter((c) => c !== family).map((c) => genotypes.headers[c]),
    genotypeFamily: family >= 0 ? genotypes.headers[family] : null,
    clinical: [...clinical.headers],
  };
}

interface Candidate {
  g: number;
  c: number;
  overlap: number;
}

/** Best first: more shared IDs, then the genotype file's own ID column, an ID-like clinical name, a text column. */
function better(clinical: RawTable, hintedG: number, a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  if (a.overlap !== b.overlap) return a.overlap > b.overlap;
  const rank = (x: Candidate) =>
    (x.g === hintedG ? 4 : 0) +
    (ID_NAME.test(clinical.headers[x.c].trim()) ? 2 : 0) +
    (smallNumberColumn(clinical, x.c) ? 0 : 1);
  return rank(a) > rank(b);
}

/**
 * Finds the key: the genotype sample column and the clinical column sharing the most IDs, then the (family,
 * sample) pair when the genotype samples carry a family ID and a clinical column holding it matches more pairs (or
 * as many, or is named like a family column). Null when no column shares an ID.
 */
export function findJoinKey(genotypes: RawTable, clinical: RawTable): JoinKey | null {
  const gCols = genotypeIdColumns(genotypes);
  const hintedG = gCols.length === 1 ? gCols[0] : -1;
  // Every clinical column is tried, small-number ones too: sample IDs 1, 2 within families are held as dose codes.
  const cCols = clinical.headers.map((_, c) => c);
  const cSets = cCols.map((c) => idSet(clinical, c));
  let best: Candidate | null = null;
  const byClinical = new Map<number, number>();
  for (const g of gCols) {
    const ids = idSet(genotypes, g);
    for (const c of cCols) {
      const overlap = sharedCount(cSets[c], ids);
      if (overlap === 0) continue;
      const cand = { g, c, overlap };
      if (better(clinical, hintedG, cand, best)) best = cand;
    }
  }
  if (!best) return null;
  const single = best;
  const singleIds = idSet(genotypes, single.g);
  for (const c of cCols) {
    const overlap = sharedCount(cSets[c], singleIds);
    if (overlap > 0) byClinical.set(c, overlap);
  }
  const key: JoinKey = {
    genotypeColumn: genotypes.headers[single.g],
    clinicalColumn: clinical.headers[single.c],
    overlap: single.overlap,
  };

  const gFam = genotypeFamilyColumn(genotypes, single.g);
  if (gFam < 0) return key;
  const famValues = idSet(genotypes, gFam);
  const top = (scored: [number, number][], preferName: RegExp) =>
    scored
      .sort(
        (a, b) =>
          Number(preferName.test(clinical.headers[b[0]].trim())) -
            Number(preferName.test(clinical.headers[a[0]].trim())) || b[1] - a[1],
      )
      .slice(0, 3)
      .map(([c]) => c);
  const famCands = top(
    cCols
      .map((c): [number, number] => [c, sharedCount(cSets[c], famValues)])
      .filter(([, n]) => n > 0),
    FAMILY_NAME,
  );
  if (famCands.length === 0) return key;
  const idCands = top([...byClinical.entries()], ID_NAME);
  const gPairs = new Set<string>();
  for (let r = 0; r < genotypes.rowCount; r++) {
    const k = keyOf(genotypes, [gFam, single.g], r);
    if (k !== null) gPairs.add(k);
  }
  let pair: { f: number; c: number; overlap: number; named: boolean } | null = null;
  for (const f of famCands) {
    const named = FAMILY_NAME.test(clinical.headers[f].trim());
    for (const c of idCands) {
      if (c === f) continue;
      const seen = new Set<string>();
      for (let r = 0; r < clinical.rowCount; r++) {
        const k = keyOf(clinical, [f, c], r);
        if (k !== null && gPairs.has(k)) seen.add(k);
      }
      const overlap = seen.size;
      if (overlap === 0) continue;
      if (
        !pair ||
        overlap > pair.overlap ||
        (overlap === pair.overlap && named && !pair.named) ||
        (overlap === pair.overlap && named === pair.named && c === single.c && pair.c !== single.c)
      )
        pair = { f, c, overlap, named };
    }
  }
  // A column that merely shares a few values with FID (a site code) must not narrow the key: the pair wins when
  // it matches at least as many samples as the sample column alone, or the clinical column says it is the family.
  if (!pair || !(pair.named || pair.overlap >= single.overlap)) return key;
  return {
    genotypeColumn: genotypes.headers[single.g],
    clinicalColumn: clinical.headers[pair.c],
    family: { genotypeColumn: genotypes.headers[gFam], clinicalColumn: clinical.headers[pair.f] },
    overlap: pair.overlap,
  };
}

/** The key a user chose, checked against both files' columns; throws a plain message naming what is wrong. */
export function resolveJoinKey(
  genotypes: RawTable,
  clinical: RawTable,
  choice: JoinKeyChoice,
): JoinKey {
  const names = choice.clinicalColumns.map((n) => n.trim());
  const columnList = (t: RawTable) =>
    otherColumns(t)
      .slice(0, 12)
      .map((c) => shortName(t.headers[c]))
      .join(', ');
  if (names.length < 1 || names.length > 2 || names.some((n) => n === '')) {
    throw new Error(
      'Name one clinical column as the join key (the sample ID), or two (the family ID, then the sample ID).',
    );
  }
  for (const n of names) {
    if (!clinical.headers.includes(n))
      throw new Error(
        `The clinical table has no column “${shortName(n)}” to join on; its columns are ${shortName(clinical.headers.join(', '), 200)}.`,
      );
  }
  let gNames = choice.genotypeColumns?.map((n) => n.trim());
  if (gNames) {
    if (gNames.length !== names.length)
      throw new Error(
        `The join key names ${names.length} clinical column${names.length === 1 ? '' : 's'} but ${gNames.length} genotype column${gNames.length === 1 ? '' : 's'}: give as many of each, in the same order.`,
      );
    for (const n of gNames)
      if (
        !genotypes.headers.includes(n) ||
        smallNumberColumn(genotypes, genotypes.headers.indexOf(n))
      )
        throw new Error(
          `The genotype file has no sample column “${shortName(n)}” to join on; its sample columns are ${columnList(genotypes)}.`,
        );
  } else {
    const idCol = names[names.length - 1];
    const cSet = idSet(clinical, clinical.headers.indexOf(idCol));
    const gCols = genotypeIdColumns(genotypes);
    let g = gCols[0];
    let most = -1;
    for (const k of gCols) {
      const n = sharedCount(cSet, idSet(genotypes, k));
      if (n > most) [g, most] = [k, n];
    }
    if (g === undefined) throw new Error('The genotype file has no sample ID column to join on.');
    if (names.length === 1) gNames = [genotypes.headers[g]];
    else {
      const f = genotypeFamilyColumn(genotypes, g);
      if (f < 0)
        throw new Error(
          `The genotype file’s samples carry no family ID, so “${shortName(names[0])}” cannot be matched to one: join on the sample ID alone.`,
        );
      gNames = [genotypes.headers[f], genotypes.headers[g]];
    }
  }
  const last = gNames.length - 1;
  const key: JoinKey = {
    genotypeColumn: gNames[last],
    clinicalColumn: names[last],
    overlap: 0,
    chosen: true,
  };
  if (gNames.length === 2) key.family = { genotypeColumn: gNames[0], clinicalColumn: names[0] };
  return key;
}

/** Every key value of a file with its rows, and the rows with an empty key. */
function rowsByKey(
  table: RawTable,
  cols: number[],
): { rows: Map<string, number[]>; blank: number } {
  const rows = new Map<string, number[]>();
  let blank = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const k = keyOf(table, cols, r);
    if (k === null) {
      blank++;
      continue;
    }
    const list = rows.get(k);
    if (list) list.push(r);
    else rows.set(k, [r]);
  }
  return { rows, blank };
}

function duplicatesOf(rows: Map<string, number[]>): DuplicateIds {
  const out: DuplicateIds = { count: 0, rows: 0, examples: [] };
  for (const [k, list] of rows) {
    if (list.length < 2) continue;
    out.count++;
    out.rows += list.length;
    if (out.examples.length < EXAMPLES) out.examples.push(showKey(k));
  }
  return out;
}

const list = (xs: string[], n: number) =>
  `${xs.map((x) => `“${shortName(x, 30)}”`).join(', ')}${n > xs.length ? ` and ${n - xs.length} more` : ''}`;

/** "IID" or "FID + IID": the columns of one side of a key, as a user reads them. */
function keyName(key: JoinKey, side: 'genotypeColumn' | 'clinicalColumn'): string {
  return key.family
    ? `${shortName(key.family[side])} + ${shortName(key[side])}`
    : shortName(key[side]);
}

function refusal(
  key: JoinKey,
  dupG: DuplicateIds,
  dupC: DuplicateIds,
  columns: JoinColumns,
): JoinRefusedError {
  const parts: string[] = [];
  const pair = key.family ? ' pair' : '';
  if (dupG.count > 0)
    parts.push(
      `in the genotype file ${dupG.count} ${keyName(key, 'genotypeColumn')}${pair} value${dupG.count === 1 ? ' is' : 's are'} shared by ${dupG.rows} samples (${list(dupG.examples, dupG.count)})`,
    );
  if (dupC.count > 0)
    parts.push(
      `in the clinical table ${dupC.count} ${keyName(key, 'clinicalColumn')}${pair} value${dupC.count === 1 ? ' is' : 's are'} on ${dupC.rows} rows (${list(dupC.examples, dupC.count)})`,
    );
  const familyHint =
    dupG.count > 0 && !key.family && columns.genotypeFamily
      ? ` The genotype samples carry a family ID (${shortName(columns.genotypeFamily)}): PLINK sample IDs need only be unique within a family, so join on the family and sample ID pair — the clinical table needs a family column for that.`
      : '';
  const message =
    `The files were not joined: the key ${keyName(key, 'genotypeColumn')} (genotypes) = ${keyName(key, 'clinicalColumn')} (clinical table) is not unique — ${parts.join('; ')}. ` +
    `A sample must match exactly one clinical row, and which row belongs to which sample cannot be told.${familyHint} ` +
    `Choose the key to join on; with a key you choose, IDs that repeat are left out and counted, never matched to a guessed row.`;
  return new JoinRefusedError({
    message,
    key,
    duplicateGenotypes: dupG,
    duplicateClinical: dupC,
    columns,
  });
}

/**
 * Joins a clinical table to genotypes by sample ID (found by findJoinKey unless chosen): one row per genotyped
 * sample the clinical table also has, the genotype file's sample columns, then the clinical columns (its key left
 * out), then the 1-byte genotype columns. Throws a JoinRefusedError when the files share no ID, or when a key found
 * here is not unique in either file; with a chosen key, IDs that repeat are left out and counted.
 */
export function joinGenotypesClinical(
  genotypes: RawTable,
  clinical: RawTable,
  choice?: JoinKeyChoice,
): { table: RawTable; summary: JoinSummary } {
  const columns = joinColumns(genotypes, clinical);
  const found = choice
    ? resolveJoinKey(genotypes, clinical, choice)
    : findJoinKey(genotypes, clinical);
  if (!found) {
    const gid = genotypes.hints?.id ?? genotypes.headers[0];
    const gi = Math.max(0, genotypes.headers.indexOf(gid));
    const ex = (t: RawTable, col: number) =>
      Array.from(
        { length: Math.min(3, t.rowCount) },
        (_, r) => `“${shortName(cellText(t, col, r), 30)}”`,
      ).join(', ');
    const none = { count: 0, rows: 0, examples: [] };
    throw new JoinRefusedError({
      message: `No sample ID is shared by the two files, so they cannot be joined. The genotype file’s ${shortName(gid)} holds e.g. ${ex(genotypes, gi)}; the clinical table’s first column holds e.g. ${ex(clinical, 0)}.`,
      key: null,
      duplicateGenotypes: none,
      duplicateClinical: none,
      columns,
    });
  }
  const gKey = [found.family?.genotypeColumn, found.genotypeColumn]
    .filter((n): n is string => n !== undefined)
    .map((n) => genotypes.headers.indexOf(n));
  const cKey = [found.family?.clinicalColumn, found.clinicalColumn]
    .filter((n): n is string => n !== undefined)
    .map((n) => clinical.headers.indexOf(n));

  const gBy = rowsByKey(genotypes, gKey);
  const cBy = rowsByKey(clinical, cKey);
  const dupG = duplicatesOf(gBy.rows);
  const dupC = duplicatesOf(cBy.rows);
  if (!found.chosen && (dupG.count > 0 || dupC.count > 0))
    throw refusal(found, dupG, dupC, columns);

  const gRows: number[] = [];
  const cRows: number[] = [];
  const onlyG: SampleCount = { count: 0, examples: [] };
  const count = (side: SampleCount, example: string) => {
    side.count++;
    if (side.examples.length < EXAMPLES) side.examples.push(example);
  };
  // A genotyped sample with no ID is unmatched; it is named by its row, as it has no other name.
  if (gBy.blank > 0)
    for (let r = 0; r < genotypes.rowCount; r++)
      if (keyOf(genotypes, gKey, r) === null) count(onlyG, `row ${r + 1} (no ID)`);
  for (let r = 0; r < genotypes.rowCount; r++) {
    const k = keyOf(genotypes, gKey, r);
    if (k === null) continue;
    const here = gBy.rows.get(k);
    const there = cBy.rows.get(k);
    // Repeated keys are counted as duplicates (once, on either side), never as "not in the other file".
    if (here!.length > 1 || (there !== undefined && there.length > 1)) continue;
    if (there === undefined) {
      count(onlyG, showKey(k));
      continue;
    }
    gRows.push(r);
    cRows.push(there[0]);
  }
  const onlyC: SampleCount = { count: 0, examples: [] };
  for (const [k, rows] of cBy.rows)
    if (rows.length === 1 && !gBy.rows.has(k)) count(onlyC, showKey(k));
  const m = gRows.length;
  if (m === 0)
    throw new JoinRefusedError({
      message: `No sample could be joined on ${keyName(found, 'genotypeColumn')} (genotypes) = ${keyName(found, 'clinicalColumn')} (clinical table): every shared ID repeats in one of the files. Choose another key.`,
      key: found,
      duplicateGenotypes: dupG,
      duplicateClinical: dupC,
      columns,
    });

  // Genotype codes stay together in one buffer (one transfer between workers); every clinical column is kept as
  // it was held, dose-like 0/1 columns included.
  const gOther = otherColumns(genotypes);
  const cOther = clinical.headers.map((_, k) => k).filter((k) => !cKey.includes(k));
  const gCoded = genotypes.headers.map((_, k) => k).filter((k) => smallNumberColumn(genotypes, k));
  const otherHeaders = [
    ...gOther.map((k) => genotypes.headers[k]),
    ...cOther.map((k) => clinical.headers[k]),
  ];
  const held = [
    ...gOther.map((k) => gatherColumn(genotypes, k, gRows)),
    ...cOther.map((k) => gatherColumn(clinical, k, cRows)),
  ];
  const gColumns = gCoded.map((k) => smallNumberColumn(genotypes, k) as CodedColumn);
  // A .bed's doses stay packed (a quarter of a byte a genotype); other codes a byte each.
  const packed = gColumns.length > 0 && gColumns.every((col) => col.packed);
  const stride = packed ? (m + 3) >>> 2 : m;
  const codes = new Uint8Array(stride * gCoded.length);
  const genotypeCodings: CodedColumn['genotype'][] = [];
  gColumns.forEach((col, j) => {
    const o = j * stride;
    if (col.packed) codes.set(gatherPacked(col.packed, gRows), o);
    else {
      const values = codeValues(col, genotypes.rowCount);
      for (let i = 0; i < m; i++) codes[o + i] = values[gRows[i]];
    }
    genotypeCodings.push(col.genotype);
  });
  const named = nameHeaders([...otherHeaders, ...gCoded.map((k) => genotypes.headers[k])]);
  const table = tableWithCodes({
    textHeaders: named.headers.slice(0, otherHeaders.length),
    textColumns: held.map(() => []),
    codedHeaders: named.headers.slice(otherHeaders.length),
    codes,
    packed,
    genotypes: genotypeCodings,
    rowCount: m,
    delimiter: clinical.delimiter,
  });
  placeColumns(table, 0, held);
  table.issues = [...genotypes.issues, ...clinical.issues, ...named.issues];
  // The clinical table usually carries the outcome: PLINK's PHENOTYPE is no longer the default, and
  // as a feature it could hold the very outcome being predicted, so it starts excluded.
  const fileOutcome = genotypes.hints?.outcome;
  table.hints = { ...genotypes.hints };
  delete table.hints.outcome;
  delete table.hints.plinkPhenotype;
  if (fileOutcome !== undefined)
    table.hints.exclude = [...(table.hints.exclude ?? []), fileOutcome];

  const summary: JoinSummary = {
    key: { ...found, overlap: m },
    samplesJoined: m,
    onlyInGenotypes: onlyG,
    onlyInClinical: onlyC,
    duplicateGenotypes: dupG,
    duplicateClinical: dupC,
    blankClinical: cBy.blank,
    columns,
  };
  const how = found.family
    ? `by family and sample ID: the genotypes’ ${keyName(found, 'genotypeColumn')} = the clinical table’s ${keyName(found, 'clinicalColumn')}`
    : `by sample ID: the genotypes’ ${shortName(found.genotypeColumn)} = the clinical table’s ${shortName(found.clinicalColumn)}`;
  const conversions: Conversion[] = [
    ...(genotypes.conversions ?? []),
    ...(clinical.conversions ?? []),
    {
      kind: 'joined',
      count: m,
      message: `${m} sample${m === 1 ? '' : 's'} joined ${how}${found.chosen ? ' (the key you chose)' : ''}.`,
    },
  ];
  if (fileOutcome !== undefined)
    conversions.push({
      kind: 'column-dropped',
      column: shortName(fileOutcome),
      message: `The genotype file’s own outcome ${shortName(fileOutcome)} is kept but left out of the features by default (it may be the outcome itself); choose it as the outcome or include it if it is not.`,
    });
  const unmatched = (count: number, message: string) =>
    conversions.push({ kind: 'unmatched', count, message });
  if (onlyG.count > 0)
    unmatched(
      onlyG.count,
      `${onlyG.count} genotyped sample${onlyG.count === 1 ? ' is' : 's are'} not in the clinical table and ${onlyG.count === 1 ? 'is' : 'are'} left out: ${list(onlyG.examples, onlyG.count)}.`,
    );
  if (onlyC.count > 0)
    unmatched(
      onlyC.count,
      `${onlyC.count} patient${onlyC.count === 1 ? ' in the clinical table has' : 's in the clinical table have'} no genotypes and ${onlyC.count === 1 ? 'is' : 'are'} left out: ${list(onlyC.examples, onlyC.count)}.`,
    );
  if (dupG.count > 0)
    unmatched(
      dupG.rows,
      `${dupG.count} ID${dupG.count === 1 ? ' is' : 's are'} shared by ${dupG.rows} genotyped samples, so none of them can be matched to a clinical row; they are left out: ${list(dupG.examples, dupG.count)}.`,
    );
  if (dupC.count > 0)
    unmatched(
      dupC.rows,
      `${dupC.count} ID${dupC.count === 1 ? ' is' : 's are'} on more than one clinical row (${dupC.rows} rows); which row is right cannot be told, so ${dupC.count === 1 ? 'that sample is' : 'those samples are'} left out: ${list(dupC.examples, dupC.count)}.`,
    );
  if (cBy.blank > 0)
    unmatched(
      cBy.blank,
      `${cBy.blank} clinical row${cBy.blank === 1 ? ' has' : 's have'} an empty ${keyName(found, 'clinicalColumn')} and ${cBy.blank === 1 ? 'is' : 'are'} left out.`,
    );
  table.conversions = conversions;
  return { table, summary };
}
