/**
 * Genotypes (PLINK, VCF) joined to a clinical table by sample ID. The key is found by overlap: the
 * genotype file's sample column (IID, VCF sample name; any text column is tried) against every text
 * column of the clinical table. Samples found in only one file are counted with examples and recorded
 * as conversions, never dropped without a word.
 */
import { cellText, gatherColumn, placeColumns, smallNumberColumn, tableWithCodes } from '../cells';
import { nameHeaders } from '../parse';
import type { CodedColumn, Conversion, RawTable } from '../types';
import { shortName } from '../values';

const EXAMPLES = 5;

/** The columns the join matches on, and how many samples they share. */
export interface JoinKey {
  genotypeColumn: string;
  clinicalColumn: string;
  overlap: number;
}

/** What the join did, for the load summary (and the CLI's samplesJoined / samplesUnmatched). */
export interface JoinSummary {
  key: JoinKey;
  samplesJoined: number;
  onlyInGenotypes: { count: number; examples: string[] };
  onlyInClinical: { count: number; examples: string[] };
  /** Clinical IDs that appear more than once (the first row of each is used). */
  duplicateClinical: { count: number; examples: string[] };
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

/** Finds the pair of columns sharing the most sample IDs (the genotype file's ID column wins ties), or null. */
export function findJoinKey(genotypes: RawTable, clinical: RawTable): JoinKey | null {
  const hinted = genotypes.hints?.id;
  const gCols = otherColumns(genotypes).sort(
    (a, b) => Number(genotypes.headers[b] === hinted) - Number(genotypes.headers[a] === hinted),
  );
  const cCols = otherColumns(clinical);
  const cSets = cCols.map((c) => idSet(clinical, c));
  let best: JoinKey | null = null;
  for (const g of gCols) {
    const ids = idSet(genotypes, g);
    cCols.forEach((c, k) => {
      let overlap = 0;
      for (const v of cSets[k]) if (ids.has(v)) overlap++;
      if (overlap > 0 && (best === null || overlap > best.overlap)) {
        best = {
          genotypeColumn: genotypes.headers[g],
          clinicalColumn: clinical.headers[c],
          overlap,
        };
      }
    });
  }
  return best;
}

/**
 * Joins a clinical table to genotypes by sample ID (found by findJoinKey unless given): one row per
 * genotyped sample that the clinical table also has, the genotype file's sample columns, then the clinical
 * columns (its key left out), then the 1-byte genotype columns. Throws with examples of both files' IDs when
 * they share none.
 */
export function joinGenotypesClinical(
  genotypes: RawTable,
  clinical: RawTable,
  key?: { genotypeColumn: string; clinicalColumn: string },
): { table: RawTable; summary: JoinSummary } {
  const found = key ? { ...key, overlap: 0 } : findJoinKey(genotypes, clinical);
  const g = found ? genotypes.headers.indexOf(found.genotypeColumn) : -1;
  const c = found ? clinical.headers.indexOf(found.clinicalColumn) : -1;
  if (!found || g < 0 || c < 0) {
    const gid = genotypes.hints?.id ?? genotypes.headers[0];
    const gi = Math.max(0, genotypes.headers.indexOf(gid));
    const ex = (t: RawTable, col: number) =>
      Array.from(
        { length: Math.min(3, t.rowCount) },
        (_, r) => `“${shortName(cellText(t, col, r), 30)}”`,
      ).join(', ');
    throw new Error(
      `No sample ID is shared by the two files, so they cannot be joined. The genotype file’s ${shortName(gid)} holds e.g. ${ex(genotypes, gi)}; the clinical table’s first column holds e.g. ${ex(clinical, 0)}.`,
    );
  }

  const clinicalRow = new Map<string, number>();
  const duplicates: string[] = [];
  let duplicateCount = 0;
  for (let r = 0; r < clinical.rowCount; r++) {
    const id = cellText(clinical, c, r).trim();
    if (id === '') continue;
    if (clinicalRow.has(id)) {
      duplicateCount++;
      if (duplicates.length < EXAMPLES) duplicates.push(id);
    } else clinicalRow.set(id, r);
  }
  const gRows: number[] = [];
  const cRows: number[] = [];
  const onlyG: string[] = [];
  let onlyGCount = 0;
  const matched = new Set<string>();
  for (let r = 0; r < genotypes.rowCount; r++) {
    const id = cellText(genotypes, g, r).trim();
    const k = clinicalRow.get(id);
    if (k === undefined || matched.has(id)) {
      onlyGCount++;
      if (onlyG.length < EXAMPLES) onlyG.push(id);
      continue;
    }
    matched.add(id);
    gRows.push(r);
    cRows.push(k);
  }
  const onlyC: string[] = [];
  let onlyCCount = 0;
  for (const [id] of clinicalRow) {
    if (matched.has(id)) continue;
    onlyCCount++;
    if (onlyC.length < EXAMPLES) onlyC.push(id);
  }
  const m = gRows.length;

  // Genotype codes stay together in one buffer (one transfer between workers); every clinical column is kept as
  // it was held, dose-like 0/1 columns included.
  const gOther = otherColumns(genotypes);
  const cOther = clinical.headers.map((_, k) => k).filter((k) => k !== c);
  const gCoded = genotypes.headers.map((_, k) => k).filter((k) => smallNumberColumn(genotypes, k));
  const otherHeaders = [
    ...gOther.map((k) => genotypes.headers[k]),
    ...cOther.map((k) => clinical.headers[k]),
  ];
  const held = [
    ...gOther.map((k) => gatherColumn(genotypes, k, gRows)),
    ...cOther.map((k) => gatherColumn(clinical, k, cRows)),
  ];
  const codes = new Uint8Array(m * gCoded.length);
  const genotypeCodings: CodedColumn['genotype'][] = [];
  gCoded.forEach((k, j) => {
    const col = smallNumberColumn(genotypes, k) as CodedColumn;
    const values = col.values;
    const o = j * m;
    for (let i = 0; i < m; i++) codes[o + i] = values[gRows[i]];
    genotypeCodings.push(col.genotype);
  });
  const named = nameHeaders([...otherHeaders, ...gCoded.map((k) => genotypes.headers[k])]);
  const table = tableWithCodes({
    textHeaders: named.headers.slice(0, otherHeaders.length),
    textColumns: held.map(() => []),
    codedHeaders: named.headers.slice(otherHeaders.length),
    codes,
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
    key: { genotypeColumn: found.genotypeColumn, clinicalColumn: found.clinicalColumn, overlap: m },
    samplesJoined: m,
    onlyInGenotypes: { count: onlyGCount, examples: onlyG },
    onlyInClinical: { count: onlyCCount, examples: onlyC },
    duplicateClinical: { count: duplicateCount, examples: duplicates },
  };
  const list = (xs: string[], n: number) =>
    `${xs.map((x) => `“${shortName(x, 30)}”`).join(', ')}${n > xs.length ? ` and ${n - xs.length} more` : ''}`;
  const conversions: Conversion[] = [
    ...(genotypes.conversions ?? []),
    ...(clinical.conversions ?? []),
    {
      kind: 'joined',
      count: m,
      message: `${m} sample${m === 1 ? '' : 's'} joined by sample ID: the genotypes’ ${shortName(found.genotypeColumn)} = the clinical table’s ${shortName(found.clinicalColumn)}.`,
    },
  ];
  if (fileOutcome !== undefined)
    conversions.push({
      kind: 'column-dropped',
      column: shortName(fileOutcome),
      message: `The genotype file’s own outcome ${shortName(fileOutcome)} is kept but left out of the features by default (it may be the outcome itself); choose it as the outcome or include it if it is not.`,
    });
  if (onlyGCount > 0)
    conversions.push({
      kind: 'unmatched',
      count: onlyGCount,
      message: `${onlyGCount} genotyped sample${onlyGCount === 1 ? ' is' : 's are'} not in the clinical table and ${onlyGCount === 1 ? 'is' : 'are'} left out: ${list(onlyG, onlyGCount)}.`,
    });
  if (onlyCCount > 0)
    conversions.push({
      kind: 'unmatched',
      count: onlyCCount,
      message: `${onlyCCount} patient${onlyCCount === 1 ? ' in the clinical table has' : 's in the clinical table have'} no genotypes and ${onlyCCount === 1 ? 'is' : 'are'} left out: ${list(onlyC, onlyCCount)}.`,
    });
  if (duplicateCount > 0)
    conversions.push({
      kind: 'unmatched',
      count: duplicateCount,
      message: `${duplicateCount} clinical row${duplicateCount === 1 ? ' repeats an ID' : 's repeat IDs'} already seen (only the first row of each ID is used): ${list(duplicates, duplicateCount)}.`,
    });
  table.conversions = conversions;
  return { table, summary };
}
