/**
 * Use case: the genetics of a loaded cohort as the app shows and trains on it — PLINK's QC filters (the report of
 * what each removed), ancestry components of the genotypes left (the PC1–PC2 view and its table), and the cohort
 * with N components added as feature columns, with the projection a new patient's genotypes go through to get
 * the same components at prediction time. Called by the data session (the data worker) only; the engine does the
 * figures (engine/genetics).
 */
import { cellText, columnCells } from '../engine/data/cells';
import { genotypeDose } from '../engine/data/genomic/genotypeStrings';
import { fieldOf } from '../engine/data/fields';
import {
  MISSING_CODE,
  type CodedColumn,
  type PatientInput,
  type RawTable,
} from '../engine/data/types';
import { shortName } from '../engine/data/values';
import { genotypeColumns, variantQc, type QcFilters } from '../engine/genetics/qc';
import {
  combinePcaParts,
  pcaOfTable,
  pcaOfTableWith,
  projectDoses,
  type TablePca,
  type TablePcaOptions,
  noiseNote,
} from '../engine/genetics/pca';
import { ldPrune, type LdPruneOptions } from '../engine/genetics/ldPrune';
import { filterCohort, type QcFilterReport } from './qcFilter';
import { newDataId } from './dataId';
import { canShareMemory } from './sharedMemory';
import type { PcaSweepJob, PcaSweeper } from './types';

/** What training asks of the cohort's genotypes besides the usual columns. */
export interface GeneticsSetup {
  /** PLINK's filters applied before training (none given: none applied). */
  qc?: QcFilters;
  /** Ancestry components added as features (PC1 … PCn); absent or 0: none. */
  ancestryComponents?: number;
  /** LD pruning (PLINK's --indep-pairwise) of the variants the components are computed from; absent: none. */
  ldPrune?: LdPruneOptions;
}

/** The most components the app computes (the scatter's table and the features). */
export const MAX_ANCESTRY_COMPONENTS = 20;

/** What the ancestry view is asked for: components of the genotypes left after the QC filters. */
export interface AncestryRequest {
  components: number;
  qc?: QcFilters;
  /** A column of the loaded table whose value colours each sample (the outcome, a clinical column); null: none. */
  colourBy?: string | null;
  seed?: number;
  /** LD pruning (PLINK's --indep-pairwise) of the variants before the components; absent: none. */
  ldPrune?: LdPruneOptions;
}

/** The ancestry components of the cohort as the app shows them. */
export interface AncestryView {
  /** Sample IDs (PLINK IID, VCF sample name; row numbers when the file has none), in table order. */
  samples: string[];
  /** scores[i][k]: sample i's value on component k + 1. */
  scores: number[][];
  eigenvalues: number[];
  /** Share of the standardised genotype variance each component carries. */
  varianceExplained: number[];
  variantsUsed: number;
  /** Variants with one allele only or no call in the samples left. */
  variantsSkipped: number;
  /** Variants on X, Y or MT left out (as PLINK 1.9 --pca). */
  variantsExcluded: number;
  /** Samples the --mind filter removed before the components were computed. */
  samplesRemoved: number;
  /** Variants LD pruning left out before the components (0 without pruning). */
  variantsPruned: number;
  colourBy: string | null;
  /** Text of colourBy for each sample ("" when missing); null without colourBy. */
  colours: string[] | null;
  /** Where these figures may differ from PLINK's, or why a result is rough, in words. */
  notes: string[];
}

/**
 * What a model trained with ancestry components keeps to give a new patient the same components: the variants
 * used (name, counted and other allele), their cohort standardisation and the component weights. Plain arrays so
 * it is saved in the model file as it is.
 */
export interface AncestryProjection {
  /** Names of the feature columns the components became, PC1 … PCn. */
  features: string[];
  variants: string[];
  counted: string[];
  other: string[];
  /** 2p of each variant (the cohort's mean dose). */
  twoP: number[];
  /** 1 / sqrt(2p(1 − p)) of each variant. */
  scale: number[];
  /** weights[j * features.length + k]: component k's weight on variant j. */
  weights: number[];
}

/** Refuses a cohort without genotype calls, saying what QC and components need. */
function requireGenotypes(table: RawTable): void {
  if (genotypeColumns(table).length === 0) {
    throw new Error(
      'This cohort has no genotype calls: variant QC and ancestry components need genotypes from a PLINK .bed or .raw, or a VCF with GT.',
    );
  }
}

/** The counts the QC filters would remove from the loaded cohort (nothing is removed yet). */
export function qcSummary(table: RawTable, filters: QcFilters): QcFilterReport {
  requireGenotypes(table);
  const qc = variantQc(table, filters);
  return {
    filters,
    steps: qc.steps,
    variantsTotal: qc.variants.length,
    variantsKept: qc.variantsKept,
    samplesTotal: qc.samples.length,
    samplesKept: qc.samplesKept,
    notes: qc.notes,
  };
}

/** Chromosome of each genotype column in table order, from the file's loci; undefined when it does not say. */
function genotypeChromosomes(table: RawTable): string[] | undefined {
  const loci = table.hints?.loci;
  if (!loci) return undefined;
  const byName = new Map(loci.columns.map((name, i) => [name, loci.chromosomes[i]]));
  const out: string[] = [];
  for (const c of genotypeColumns(table)) {
    const chromosome = byName.get(table.headers[c]);
    // A column the loci do not name (renamed by a join) is kept in, as a variant of unknown chromosome.
    out.push(chromosome ?? '0');
  }
  return out;
}

function checkComponents(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_ANCESTRY_COMPONENTS) {
    throw new Error(
      `Ancestry components must be a whole number from 1 to ${MAX_ANCESTRY_COMPONENTS}, got ${k}.`,
    );
  }
}

/** The table with text columns added after its own (arrays of the table shared). */
function withTextColumns(table: RawTable, names: string[], cells: string[][]): RawTable {
  return {
    ...table,
    headers: [...table.headers, ...names],
    originalHeaders: [...table.originalHeaders, ...names],
    columns: [...table.columns, ...cells],
    ...(table.coded ? { coded: [...table.coded, ...names.map(() => null)] } : {}),
    ...(table.numbers ? { numbers: [...table.numbers, ...names.map(() => null)] } : {}),
  };
}

/** The table without the columns `drop` gives (by index); other columns stay, their arrays shared. */
function withoutColumns(table: RawTable, drop: ReadonlySet<number>): RawTable {
  const kept = table.headers.map((_, c) => c).filter((c) => !drop.has(c));
  const pick = <T>(cells: readonly T[]) => kept.map((c) => cells[c]);
  return {
    ...table,
    headers: pick(table.headers),
    originalHeaders: pick(table.originalHeaders),
    columns: pick(table.columns),
    ...(table.coded ? { coded: pick(table.coded) } : {}),
    ...(table.numbers ? { numbers: pick(table.numbers) } : {}),
  };
}

/**
 * The table without the genotype columns LD pruning leaves out (`chromosomes`: one per genotype column, in table
 * order), and keep[j] for each genotype column j.
 */
export function ldPrunedTable(
  table: RawTable,
  options: LdPruneOptions,
  chromosomes?: readonly string[],
): { table: RawTable; keep: boolean[] } {
  const columns = genotypeColumns(table);
  const keep = ldPrune(
    columns.map((c) => table.coded?.[c] as CodedColumn),
    options,
    chromosomes,
    table.rowCount,
  );
  return { table: withoutColumns(table, new Set(columns.filter((_, j) => !keep[j]))), keep };
}

/** The table components are computed from (LD-pruned first when asked), their options and the notes so far. */
function componentsInput(
  table: RawTable,
  components: number,
  seed: number,
  prune?: LdPruneOptions,
): { t: RawTable; options: TablePcaOptions; notes: string[]; pruned: number } {
  checkComponents(components);
  let t = table;
  let pruned = 0;
  const notes: string[] = [];
  if (prune) {
    const done = ldPrunedTable(table, prune, genotypeChromosomes(table));
    t = done.table;
    pruned = done.keep.filter((k) => !k).length;
    notes.push(
      `LD-pruned as plink1.9 --indep-pairwise ${prune.window} ${prune.step} ${prune.r2}: ${pruned} of ${done.keep.length} variants left out (one allele only, or the rarer of a pair with r² above ${prune.r2}).`,
    );
  }
  const chromosomes = genotypeChromosomes(t);
  if (!chromosomes)
    notes.push(
      'This file does not say the chromosome of each variant: every variant is used (PLINK 1.9 leaves X, Y and MT out)' +
        (prune ? ', and LD windows run over the file’s order as one chromosome.' : '.'),
    );
  const options = chromosomes ? { components, seed, chromosomes } : { components, seed };
  return { t, options, notes, pruned };
}

/** The notes every set of components carries after it is computed. */
function componentsNotes(pca: TablePca, notes: string[]): string[] {
  const out = [...notes];
  if (pca.stop === 'noise') out.push(noiseNote(pca));
  else if (!pca.converged)
    out.push(
      `Not every component converged (largest residual ${pca.maxResidual.toExponential(1)} of the top eigenvalue): components with nearly equal eigenvalues may mix among themselves.`,
    );
  out.push('Missing calls count as the variant’s cohort mean (as plink2 --pca).');
  return out;
}

/** Components of the table's genotypes (LD-pruned first when asked), with the notes the user needs beside them. */
function componentsOf(
  table: RawTable,
  components: number,
  seed: number,
  prune?: LdPruneOptions,
): { pca: TablePca; notes: string[]; pruned: number } {
  const { t, options, notes, pruned } = componentsInput(table, components, seed, prune);
  const pca = pcaOfTable(t, options);
  return { pca, notes: componentsNotes(pca, notes), pruned };
}

/** A typed array in shared memory: itself when it is already there, else a copy. */
function sharedCopy<T extends Float64Array | Int32Array | Uint16Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/**
 * componentsOf with each sweep's parts done by `sweeper` (the training pool): the genotypes are packed into shared
 * memory once, the iteration runs here. The same components to the bit as componentsOf.
 */
async function componentsOnPool(
  table: RawTable,
  components: number,
  seed: number,
  prune: LdPruneOptions | undefined,
  sweeper: PcaSweeper,
): Promise<{ pca: TablePca; notes: string[]; pruned: number }> {
  const { t, options, notes, pruned } = componentsInput(table, components, seed, prune);
  const pca = await pcaOfTableOnPool(t, options, sweeper);
  return { pca, notes: componentsNotes(pca, notes), pruned };
}

/**
 * pcaOfTable with each sweep's parts done by `sweeper` (a worker pool): the genotypes are packed into shared memory
 * once, the iteration runs here. The same components to the bit as pcaOfTable, for any number of workers.
 */
export async function pcaOfTableOnPool(
  t: RawTable,
  options: TablePcaOptions,
  sweeper: PcaSweeper,
): Promise<TablePca> {
  let job: PcaSweepJob | null = null;
  return pcaOfTableWith(
    t,
    options,
    (length) => new Uint8Array(new SharedArrayBuffer(length)),
    async (data, ask) => {
      // The standardisation joins the packed codes in shared memory once, so no call copies it.
      job ??= {
        id: newDataId(),
        data: {
          ...data,
          twoP: sharedCopy(data.twoP),
          scale: sharedCopy(data.scale),
          missingStart: sharedCopy(data.missingStart),
          missingRows: sharedCopy(data.missingRows),
          ...(data.packed ? { packed: { ...data.packed, at: sharedCopy(data.packed.at) } } : {}),
        },
      };
      return combinePcaParts(data, ask.w, await sweeper(job, ask.q, ask.w, ask.withG));
    },
  );
}

/** Sample IDs of the table's rows: its ID column when the file names one, else row numbers. */
function sampleIds(table: RawTable): string[] {
  const idColumn = table.hints?.id ? table.headers.indexOf(table.hints.id) : -1;
  return idColumn >= 0
    ? columnCells(table, idColumn)
    : Array.from({ length: table.rowCount }, (_, r) => String(r + 1));
}

/**
 * The PC1–PC2 view maker of a session: components of the genotypes left after the QC filters, with a column to
 * colour samples by. The last components are kept, so colouring by another column does not compute them again.
 * With a sweeper (and memory that can be shared) each sweep is split across the training pool.
 */
export function createAncestryViewer(): AncestryViewer {
  let last: {
    source: RawTable;
    key: string;
    table: RawTable;
    view: AncestryView;
    pca: TablePca;
  } | null = null;
  const viewer = async (table: RawTable, request: AncestryRequest, sweeper?: PcaSweeper) => {
    requireGenotypes(table);
    const key = viewKey(request.qc, request.components, request.seed ?? 1, request.ldPrune);
    if (last?.source !== table || last.key !== key) {
      const filtered = request.qc ? filterCohort(table, request.qc) : null;
      const t = filtered?.table ?? table;
      const seed = request.seed ?? 1;
      const { pca, notes, pruned } =
        sweeper && canShareMemory()
          ? await componentsOnPool(t, request.components, seed, request.ldPrune, sweeper)
          : componentsOf(t, request.components, seed, request.ldPrune);
      const k = pca.components;
      const view: AncestryView = {
        samples: sampleIds(t),
        scores: Array.from({ length: t.rowCount }, (_, i) =>
          Array.from(pca.scores.subarray(i * k, (i + 1) * k)),
        ),
        eigenvalues: pca.eigenvalues,
        varianceExplained: pca.varianceExplained,
        variantsUsed: pca.variantsUsed,
        variantsSkipped: pca.variantsSkipped,
        variantsExcluded: pca.variantsExcluded,
        samplesRemoved: table.rowCount - t.rowCount,
        variantsPruned: pruned,
        colourBy: null,
        colours: null,
        notes,
      };
      last = { source: table, key, table: t, view, pca };
    }
    const t = last.table;
    const colourBy = request.colourBy ?? null;
    if (colourBy === null) return last.view;
    const c = t.headers.indexOf(colourBy);
    if (c < 0) throw new Error(`The column “${shortName(colourBy)}” is not in the loaded table.`);
    const colours = Array.from({ length: t.rowCount }, (_, r) => cellText(t, c, r));
    return { ...last.view, colourBy, colours };
  };
  viewer.componentsFor = (table: RawTable, setup: GeneticsSetup): TablePca | undefined => {
    const k = setup.ancestryComponents ?? 0;
    const key = viewKey(setup.qc, k, 1, setup.ldPrune);
    return last?.source === table && last.key === key ? last.pca : undefined;
  };
  return viewer;
}

/** The PC1–PC2 view maker, and the components it last computed when a training setup asks for the same ones. */
export interface AncestryViewer {
  (table: RawTable, request: AncestryRequest, sweeper?: PcaSweeper): Promise<AncestryView>;
  /** The view's last components when `setup` asks for the same (QC, count, seed 1, LD pruning) on `table`. */
  componentsFor(table: RawTable, setup: GeneticsSetup): TablePca | undefined;
}

/** What makes two requests for components the same. */
function viewKey(
  qc: QcFilters | undefined,
  components: number,
  seed: number,
  prune: LdPruneOptions | undefined,
): string {
  return JSON.stringify([qc ?? {}, components, seed, prune ?? null]);
}

/** The PC1–PC2 view of a table, computed afresh (see createAncestryViewer). */
export function ancestryView(
  table: RawTable,
  request: AncestryRequest,
  sweeper?: PcaSweeper,
): Promise<AncestryView> {
  return createAncestryViewer()(table, request, sweeper);
}

/** Names for n component columns that no column of the table already has (PC1…, else ancestry_PC1…). */
function componentNames(table: RawTable, n: number): string[] {
  const taken = new Set(table.headers);
  for (const prefix of ['PC', 'ancestry_PC', 'genoforest_PC']) {
    const names = Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`);
    if (names.every((name) => !taken.has(name))) return names;
  }
  throw new Error('The table already has columns named PC1, ancestry_PC1 and genoforest_PC1.');
}

/**
 * The cohort training sees: the QC filters applied, then, when asked, the ancestry components of the genotypes
 * left appended as number columns, with the projection that gives a new patient the same components.
 */
export function geneticTable(
  table: RawTable,
  setup: GeneticsSetup,
  /** The same components already computed (the ancestry view's, on the worker pool): not computed again. */
  known?: TablePca,
): { table: RawTable; qc: QcFilterReport | null; projection: AncestryProjection | null } {
  const hasQc = setup.qc !== undefined && Object.values(setup.qc).some((v) => v !== undefined);
  const k = setup.ancestryComponents ?? 0;
  if (!hasQc && k === 0) return { table, qc: null, projection: null };
  requireGenotypes(table);
  const filtered = hasQc ? filterCohort(table, setup.qc ?? {}) : null;
  let t = filtered?.table ?? table;
  let projection: AncestryProjection | null = null;
  if (k > 0) {
    const pca = known ?? componentsOf(t, k, 1, setup.ldPrune).pca;
    const features = componentNames(t, k);
    // Text cells written so that reading them back gives the float64 score exactly.
    const scoreColumns = features.map((_, c) =>
      Array.from({ length: t.rowCount }, (_, i) => String(pca.scores[i * k + c])),
    );
    t = withTextColumns(t, features, scoreColumns);
    projection = {
      features,
      variants: pca.variants.map((v) => v.name),
      counted: pca.variants.map((v) => v.coding.counted),
      other: pca.variants.map((v) => v.coding.other),
      twoP: Array.from(pca.model.twoP),
      scale: Array.from(pca.model.scale),
      weights: Array.from(pca.model.weights),
    };
  }
  return { table: t, qc: filtered?.report ?? null, projection };
}

/**
 * A new patient with the model's ancestry components filled in from the patient's own genotype fields, projected
 * onto the cohort's components; whatever was typed in the component fields is replaced. Variants the patient has
 * no call for count as the cohort mean (as in training); `unknown` counts them.
 */
export function withAncestry(
  projection: AncestryProjection | null | undefined,
  patient: PatientInput,
): { patient: PatientInput; unknown: number } {
  if (!projection) return { patient, unknown: 0 };
  const m = projection.variants.length;
  const codes = new Float64Array(m);
  let unknown = 0;
  projection.variants.forEach((name, j) => {
    const raw = fieldOf(patient, name);
    const text = raw === null || raw === undefined ? '' : String(raw).trim();
    const dose = genotypeDose(text, projection.counted[j], projection.other[j]);
    if (Number.isNaN(dose)) unknown++;
    codes[j] = Number.isNaN(dose) ? MISSING_CODE : dose;
  });
  const scores = projectDoses(
    {
      components: projection.features.length,
      columnIndex: Int32Array.from({ length: m }, (_, j) => j),
      twoP: Float64Array.from(projection.twoP),
      scale: Float64Array.from(projection.scale),
      weights: Float64Array.from(projection.weights),
    },
    codes,
  );
  const out: PatientInput = { ...patient };
  // With no genotype at all there is nothing to place the patient by: the components stay unknown.
  projection.features.forEach((name, k) => (out[name] = unknown === m ? null : scores[k]));
  return { patient: out, unknown };
}

/**
 * A table of new patients with the model's ancestry components as columns, each row projected from its own
 * genotype columns (found by name; a column already named like a component is replaced, never trusted).
 */
export function withAncestryColumns(
  projection: AncestryProjection | null | undefined,
  table: RawTable,
): RawTable {
  if (!projection) return table;
  const names = new Set(projection.features);
  const replaced = new Set(table.headers.flatMap((h, c) => (names.has(h) ? [c] : [])));
  const source = new Map(
    table.headers.flatMap((h, c) => (replaced.has(c) ? [] : [[h, c] as const])),
  );
  const variantColumns = projection.variants.map((name) => source.get(name));
  const scoreColumns: string[][] = projection.features.map(() => []);
  for (let r = 0; r < table.rowCount; r++) {
    const patient: PatientInput = {};
    projection.variants.forEach((name, j) => {
      const c = variantColumns[j];
      if (c !== undefined) patient[name] = cellText(table, c, r);
    });
    const { patient: placed } = withAncestry(projection, patient);
    projection.features.forEach((name, k) => {
      const v = placed[name];
      scoreColumns[k].push(typeof v === 'number' ? String(v) : '');
    });
  }
  return withTextColumns(withoutColumns(table, replaced), projection.features, scoreColumns);
}
