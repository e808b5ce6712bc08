import { beforeAll, describe, expect, it } from 'vitest';
import { loadCohortFiles } from '../engine/data/genomic/loadFiles';
import type { RawTable } from '../engine/data/types';
import { cellText } from '../engine/data/cells';
import { variantQc } from '../engine/genetics/qc';
import { pcaOfTable, pcaSweepParts, sweepPart } from '../engine/genetics/pca';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { trainInProcess } from '../worker/inProcess';
import { createDataSession } from './dataSession';
import { fixtureFile } from './genomicTestData';
import {
  ancestryView,
  createAncestryViewer,
  geneticTable,
  qcSummary,
  withAncestry,
  withAncestryColumns,
} from './cohortGenetics';
import type { PatientInput } from './types';

/** The two-population fixture (testdata/genomic/pca: 120 samples × 1,500 variants, FID POPA / POPB). */
const twopop = () => ['bed', 'bim', 'fam'].map((ext) => fixtureFile(`pca/twopop_missing.${ext}`));

/** Row r of a table as a new patient's fields, as the form or a batch row gives them (text). */
function rowAsPatient(table: RawTable, r: number): PatientInput {
  const out: PatientInput = {};
  table.headers.forEach((h, c) => (out[h] = cellText(table, c, r)));
  return out;
}

describe('cohort genetics (QC and ancestry components in the app)', () => {
  let table: RawTable;
  beforeAll(async () => {
    table = (await loadCohortFiles(twopop())).table;
  });

  it('reports what the filters remove in PLINK’s order, without removing anything', () => {
    const report = qcSummary(table, { maf: 0.2, geno: 0.011, mind: 0.015 });
    expect(report.steps.map((s) => s.filter)).toEqual(['mind', 'geno', 'maf']);
    const qc = variantQc(table, { maf: 0.2, geno: 0.011, mind: 0.015 });
    expect(report.steps).toEqual(qc.steps);
    expect(report.samplesKept).toBe(120 - qc.steps[0].removed);
    // Each filter removes something here, so a filter dropped or reordered changes these counts.
    expect(report.steps.every((s) => s.removed > 0)).toBe(true);
    expect(report.variantsKept).toBe(
      1500 - report.steps.slice(1).reduce((n, s) => n + s.removed, 0),
    );
  });

  it('refuses QC and components on a table without genotype calls, saying why', async () => {
    const plain: RawTable = { ...table, coded: table.coded?.map(() => null) };
    expect(() => qcSummary(plain, { maf: 0.01 })).toThrow(/no genotype calls/);
    await expect(ancestryView(plain, { components: 2 })).rejects.toThrow(/no genotype calls/);
  });

  it('separates the two populations on PC1 and colours samples by a column', async () => {
    const view = await ancestryView(table, { components: 3, colourBy: 'FID' });
    expect(view.samples).toHaveLength(120);
    expect(view.samples[0]).toBe('S1');
    const pc1 = view.scores.map((s) => s[0]);
    const a = pc1.slice(0, 60);
    const b = pc1.slice(60);
    const separated = Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a);
    expect(separated).toBe(true);
    expect(view.colours?.slice(59, 61)).toEqual(['POPA', 'POPB']);
    expect(view.varianceExplained[0]).toBeGreaterThan(view.varianceExplained[1]);
  });

  it('computes the components after the QC filters', async () => {
    const view = await ancestryView(table, { components: 2, qc: { mind: 0.015, maf: 0.2 } });
    const qc = variantQc(table, { mind: 0.015, maf: 0.2 });
    expect(view.samplesRemoved).toBe(120 - qc.samplesKept);
    expect(view.samples).toHaveLength(qc.samplesKept);
    expect(view.variantsUsed).toBe(qc.variantsKept);
  });

  it('LD-prunes before the components as plink1.9 --indep-pairwise does', async () => {
    // testdata/genomic/ld/twopop_missing_w50_s5_r0.05.prune.in: plink1.9 keeps 712 of the 1,500 variants.
    const view = await ancestryView(table, {
      components: 2,
      ldPrune: { window: 50, step: 5, r2: 0.05 },
    });
    expect(view.variantsPruned).toBe(788);
    expect(view.variantsUsed).toBe(712);
    expect(view.notes[0]).toMatch(/--indep-pairwise 50 5 0.05: 788 of 1500/);
  });

  it('gives the same view to the bit when a sweeper does each sweep’s parts elsewhere', async () => {
    const request = { components: 3, qc: { maf: 0.05 } };
    const here = await ancestryView(table, request);
    const jobs = new Set<string>();
    const view = await ancestryView(table, request, async (job, q, w, withG) => {
      jobs.add(job.id);
      // Packed once into shared memory, where pool workers read it in place; for Xᵀ Q they read the cohort's own
      // codes (shared as read), with no second copy of them.
      expect(job.data.byVariant[0].buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(job.data.bySample).toHaveLength(0);
      expect(job.data.packed?.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(job.data.packed?.at.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(job.data.missingRows.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(job.data.twoP.buffer).toBeInstanceOf(SharedArrayBuffer);
      const count = pcaSweepParts(job.data);
      return Array.from({ length: count }, (_, c) =>
        sweepPart(job.data, q, w, count - 1 - c, withG),
      );
    });
    expect(jobs.size).toBe(1);
    expect(view.scores).toEqual(here.scores);
    expect(view.eigenvalues).toEqual(here.eigenvalues);
  });

  it('reads the cohort’s codes in place when QC drops samples too: the kept ones gathered into one shared buffer', async () => {
    const request = { components: 3, qc: { mind: 0.015, maf: 0.05 } };
    const here = await ancestryView(table, request);
    expect(here.samplesRemoved).toBeGreaterThan(0);
    let sweeps = 0;
    const view = await ancestryView(table, request, async (job, q, w, withG) => {
      sweeps++;
      // No by-sample copy: Xᵀ Q reads the kept samples' codes, gathered once into shared memory.
      expect(job.data.bySample).toHaveLength(0);
      expect(job.data.packed?.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(job.data.nSamples).toBe(120 - here.samplesRemoved);
      const count = pcaSweepParts(job.data);
      return Array.from({ length: count }, (_, c) => sweepPart(job.data, q, w, c, withG));
    });
    expect(sweeps).toBeGreaterThan(0);
    expect(view.scores).toEqual(here.scores);
    expect(view.eigenvalues).toEqual(here.eigenvalues);
  });

  it('lets training reuse the components the view computed with the same settings', async () => {
    const viewer = createAncestryViewer();
    const setup = { qc: { maf: 0.05 }, ancestryComponents: 3 };
    expect(viewer.componentsFor(table, setup)).toBeUndefined();
    await viewer(table, { components: 3, qc: { maf: 0.05 } });
    const known = viewer.componentsFor(table, setup);
    expect(known?.components).toBe(3);
    expect(viewer.componentsFor(table, { ...setup, ancestryComponents: 2 })).toBeUndefined();
    expect(viewer.componentsFor(table, { ...setup, qc: { maf: 0.1 } })).toBeUndefined();
    const reused = geneticTable(table, setup, known);
    const fresh = geneticTable(table, setup);
    expect(reused.table.columns.slice(-3)).toEqual(fresh.table.columns.slice(-3));
    expect(reused.projection).toEqual(fresh.projection);
  });

  it('adds components as columns and projects a cohort sample onto its own scores', () => {
    const made = geneticTable(table, { ancestryComponents: 3 });
    const pca = pcaOfTable(table, { components: 3, seed: 1, chromosomes: Array(1500).fill('1') });
    const last = made.table.headers.slice(-3);
    expect(last).toEqual(['PC1', 'PC2', 'PC3']);
    const c = made.table.headers.indexOf('PC2');
    expect(Number(cellText(made.table, c, 7))).toBe(pca.scores[7 * 3 + 1]);
    const projection = made.projection;
    if (!projection) throw new Error('no projection');
    // A cohort sample entered as a new patient (genotypes as text) gets back its own components.
    for (const r of [0, 61, 119]) {
      const fields = rowAsPatient(table, r);
      const { patient, unknown } = withAncestry(projection, fields);
      // Missing calls (this fixture has about 1 %) are counted and stand for the cohort mean, as in training.
      expect(unknown).toBe(projection.variants.filter((v) => fields[v] === '').length);
      for (let k = 0; k < 3; k++)
        expect(patient[`PC${k + 1}`]).toBeCloseTo(pca.scores[r * 3 + k], 10);
    }
    // Component fields typed by hand are replaced, never trusted; no genotype at all leaves them unknown.
    expect(withAncestry(projection, { PC1: 5 }).patient.PC1).toBeNull();
    const batch = withAncestryColumns(projection, { ...table, rowCount: table.rowCount });
    const b = batch.headers.indexOf('PC1');
    expect(Number(cellText(batch, b, 61))).toBeCloseTo(pca.scores[61 * 3], 10);
    // A batch that already has component columns gets them recomputed, not duplicated or trusted.
    const again = withAncestryColumns(projection, made.table);
    expect(again.headers).toEqual(made.table.headers);
    expect(Number(cellText(again, again.headers.indexOf('PC3'), 5))).toBeCloseTo(
      pca.scores[5 * 3 + 2],
      10,
    );
  });

  it('trains with QC filters and components, predicts a new patient with them, and keeps them in the model file', async () => {
    const data = createDataSession();
    await data.loadFiles(twopop());
    const setup = {
      target: 'FID',
      columns: [],
      genetics: { qc: { maf: 0.2, mind: 0.015 }, ancestryComponents: 2 },
    };
    const { info } = await trainInProcess(data, setup, {
      ...DEFAULT_PARAMS,
      nEstimators: 10,
      randomState: 1,
    });
    expect(info.ancestry?.features).toEqual(['PC1', 'PC2']);
    // plink1.9 --mind 0.015 --maf 0.2 on this fileset: 6 samples and 371 variants removed (see the e2e spec).
    expect(info.qc?.steps).toEqual([
      { filter: 'mind', threshold: 0.015, removed: 6, unit: 'samples' },
      { filter: 'maf', threshold: 0.2, removed: 371, unit: 'variants' },
    ]);
    expect(info.nRows).toBe(114);
    // Groups for cross-validation are read from the rows trained on, not the loaded table's (6 samples fewer):
    // grouping by the outcome's own column must split the patients exactly as the outcome does.
    const input = await data.evaluationInput(true, { folds: 2, groupColumn: 'FID' });
    const y = input.cohort?.y ?? new Uint8Array();
    const groups = input.options.groups?.index ?? new Int32Array();
    expect(groups).toHaveLength(114);
    expect(Array.from(y, (c, r) => (groups[r] === groups[0]) === (c === y[0])).every(Boolean)).toBe(
      true,
    );
    const names = info.encoding.features.map((f) => f.name);
    expect(names).toContain('PC1');
    expect(names.filter((n) => n.startsWith('rs'))).toHaveLength(info.qc?.variantsKept ?? -1);
    // A POPB sample's genotypes alone (no components typed) are placed and predicted as POPB.
    const patient = rowAsPatient(table, 100);
    delete patient.FID;
    const prediction = await data.predict(patient);
    const popB = info.encoding.classes.indexOf('POPB');
    expect(prediction.probabilities[popB]).toBeGreaterThan(0.5);
    const saved = await data.exportModel(null);
    const reopened = await data.importModel(saved);
    expect(reopened.info.ancestry).toEqual(info.ancestry);
    const again = await data.predict(patient);
    expect(again.probabilities).toEqual(prediction.probabilities);
  });
});
