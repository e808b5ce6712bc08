/**
 * `genoforest train --time --event` and `explain` of the saved survival model, on the committed lung cohort
 * (testdata/README.md), run as a user runs them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSurvivalModel, predictSurvivalPatient, withModelHash } from '../app/survivalCohort.ts';
import { parseCsvText } from '../engine/data/parse.ts';
import { inferSchema } from '../engine/data/schema.ts';
import { cli, repoRoot } from './testCli.ts';

const lung = path.resolve(repoRoot, 'testdata/lung.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'genoforest-survival-'));
const model = path.join(dir, 'lung.genoforest.json');
const patients = path.join(dir, 'patients.csv');
writeFileSync(patients, 'id,age,sex,ph.ecog\nA,74,male,1\nB,50,female,0\n');

interface Band {
  time: number;
  lower: number;
  upper: number;
  monteCarloShare: number;
  method: string;
}

interface ExplainRow {
  row: number;
  label: string;
  survival: { times: number[]; probabilities: number[] };
  survivalAt?: { time: number; probability: number };
  risk?: number;
  expectedRisk?: number;
  contributions?: { feature: string; value: string; shap: number }[];
  horizonContributions?: { contributions: unknown[] };
}

describe('genoforest train and explain with a time-to-event outcome', () => {
  it('trains a survival forest, the same for a seed, and explains patients without follow-up', async () => {
    const args = ['train', lung, '--time', 'time', '--event', 'event', '--trees', '30'];
    const r = await cli(...args, '--seed', '4', '--out', model, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ outcomeKind: 'survival', rows: 228, events: 165, trees: 30 });
    expect(out.maxFollowUp).toBe(1022);
    const modelOf = (f: string): unknown =>
      (JSON.parse(readFileSync(f, 'utf8')) as { model: unknown }).model;
    // One thread in this process and two pool workers grow the same forest for a seed.
    const again = path.join(dir, 'again.json');
    await cli(...args, '--seed', '4', '--threads', '1', '--out', again);
    const pooled = path.join(dir, 'pooled.json');
    await cli(...args, '--seed', '4', '--threads', '2', '--out', pooled);
    expect(modelOf(pooled)).toEqual(modelOf(model));
    expect(modelOf(again)).toEqual(modelOf(model));

    const e = await cli('explain', model, patients, '--horizon', '365', '--json');
    expect(e.code).toBe(0);
    const report = JSON.parse(e.stdout) as {
      outcomeKind: string;
      modelHash: string;
      rows: ExplainRow[];
    };
    expect(report.outcomeKind).toBe('survival');
    // train and explain name the same model by the same hash, and the app shows it for the file opened there.
    expect(out.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.modelHash).toBe(out.modelHash);
    const opened = await withModelHash(
      openSurvivalModel(readFileSync(model, 'utf8'), 'lung.genoforest.json', null),
    );
    expect(opened.report.modelHash).toBe(out.modelHash);
    expect(report.rows.map((x) => x.label)).toEqual(['A', 'B']);
    for (const row of report.rows) {
      const { times, probabilities } = row.survival;
      expect(times[0]).toBe(0);
      expect(probabilities[0]).toBe(1);
      expect(times.length).toBe(probabilities.length);
      for (let j = 1; j < times.length; j++) {
        expect(times[j]).toBeGreaterThan(times[j - 1]);
        expect(probabilities[j]).toBeLessThanOrEqual(probabilities[j - 1]);
      }
      const j = times.findLastIndex((t) => t <= 365);
      expect(row.survivalAt).toEqual({ time: 365, probability: probabilities[j] });
      expect(probabilities[j]).toBeLessThan(1);
    }
    // Older and in worse health (ECOG 1 vs 0, male): lower survival at a year.
    expect(report.rows[0].survivalAt?.probability).toBeLessThan(
      report.rows[1].survivalAt?.probability ?? 0,
    );

    // TreeSHAP: every feature's contribution to the risk, the cohort-expected risk plus them the risk.
    const rowsOf = (o: { stdout: string }): ExplainRow[] =>
      (JSON.parse(o.stdout) as { rows: ExplainRow[] }).rows;
    const all = await cli('explain', model, patients, '--top', '100', '--json');
    for (const row of rowsOf(all)) {
      expect(row.contributions?.map((c) => c.feature).sort()).toEqual(
        ['inst', 'age', 'ph.ecog', 'ph.karno', 'pat.karno', 'meal.cal', 'sex', 'wt.loss'].sort(),
      );
      const sum =
        (row.expectedRisk ?? NaN) + (row.contributions ?? []).reduce((s, c) => s + c.shap, 0);
      expect(Math.abs(sum - (row.risk ?? NaN))).toBeLessThan(1e-9);
    }
    const top2 = rowsOf(
      await cli('explain', model, patients, '--top', '2', '--horizon', '365', '--json'),
    );
    expect(top2[0].contributions).toHaveLength(2);
    expect(top2[0].horizonContributions?.contributions).toHaveLength(2);
    expect(top2[0].contributions?.[0]).toEqual(rowsOf(all)[0].contributions?.[0]);

    const text = await cli('explain', model, patients, '--horizon', '365');
    expect(text.stdout).toMatch(
      /A \(row 1\)\n {2}at time = 365: about \d+ out of 100 patients like this one/,
    );
  });

  it('checks --cohort against the training fingerprint, follow-up included', async () => {
    const ok = await cli('explain', model, patients, '--cohort', lung, '--json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as { cohortSurvival: { probabilities: number[] } };
    expect(report.cohortSurvival.probabilities[0]).toBe(1);
    const later = path.join(dir, 'later.csv');
    writeFileSync(later, readFileSync(lung, 'utf8').replace(/^306,1,3,74/m, '400,1,3,74'));
    const bad = await cli('explain', model, patients, '--cohort', later);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/later\.csv is not the model's training cohort: 1 row of it/);
  });

  it('refuses what it cannot answer, by name', async () => {
    const far = await cli('explain', model, patients, '--horizon', '5000');
    expect(far.stderr).toMatch(/beyond the longest follow-up of the training cohort \(1022/);
    const neg = await cli('explain', model, patients, '--horizon', 'a year');
    expect(neg.stderr).toMatch(/--horizon must be a time of 0 or more/);
    const sets = await cli('explain', model, patients, '--confidence', '0.9');
    expect(sets.stderr).toMatch(/--confidence is not available for a survival model yet/);
    const both = await cli(
      'train',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--target',
      'event',
      '--out',
      model,
    );
    expect(both.stderr).toMatch(/--target is not available with --time\/--event/);
    const onnx = await cli(
      'train',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--out',
      path.join(dir, 'm.onnx'),
    );
    expect(onnx.stderr).toMatch(/cannot be written as ONNX/);
  });

  it('evaluate uses the forest settings given instead of dropping them', async () => {
    const r = await cli(
      'evaluate',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--trees',
      '10',
      '--folds',
      '2',
      '--min-samples-leaf',
      '40',
      '--json',
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { minSamplesLeaf: number }).minSamplesLeaf).toBe(40);
    const weighted = await cli(
      'evaluate',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--class-weight',
      'balanced',
    );
    expect(weighted.stderr).toMatch(/--class-weight is not available with --time\/--event/);
  });

  it('train --tune chooses the leaf on out-of-bag C, the same on one thread and the pool, and saves the table', async () => {
    const args = ['train', lung, '--time', 'time', '--event', 'event', '--trees', '30', '--tune'];
    const run = async (threads: string) => {
      const out = path.join(dir, `tuned-${threads}.json`);
      const r = await cli(...args, '--threads', threads, '--out', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as {
        settings: { minSamplesLeaf: number };
        tuning: { chosen: number; candidates: { minSamplesLeaf: number; cindex: number }[] };
      };
      return { summary, file: readFileSync(out, 'utf8') };
    };
    const one = await run('1');
    const { tuning, settings } = one.summary;
    // 228 patients: the base 15, then 3, 5, 10 and 20 (at most a tenth of them).
    expect(tuning.candidates.map((c) => c.minSamplesLeaf)).toEqual([15, 3, 5, 10, 20]);
    expect(settings.minSamplesLeaf).toBe(tuning.chosen);
    for (const c of tuning.candidates) expect(c.cindex).toBeGreaterThan(0.5);
    const two = await run('2');
    expect(two.summary.tuning).toEqual(tuning);
    const opened = openSurvivalModel(one.file, 'tuned.genoforest.json', null);
    expect(opened.report.tuning?.chosen).toBe(tuning.chosen);
    expect(opened.report.tuning?.candidates).toHaveLength(5);
    const fixed = await cli(...args, '--min-samples-leaf', '5', '--out', model);
    expect(fixed.stderr).toMatch(/--tune chooses --min-samples-leaf itself/);
  });

  it('explain --horizon gives each row the app’s 95 % band there, with its Monte Carlo words', async () => {
    const own = path.join(dir, 'band.genoforest.json');
    const t = await cli(
      ...['train', lung, '--time', 'time', '--event', 'event'],
      '--trees',
      '40',
      '--out',
      own,
    );
    expect(t.code, t.stderr).toBe(0);
    const e = await cli('explain', own, patients, '--horizon', '365', '--json');
    expect(e.code, e.stderr).toBe(0);
    const rows = (JSON.parse(e.stdout) as { rows: (ExplainRow & { band: Band | null })[] }).rows;
    // The app, with the training cohort loaded, draws the same band for the same patient.
    const table = parseCsvText(readFileSync(lung, 'utf8'));
    const held = openSurvivalModel(readFileSync(own, 'utf8'), 'band.genoforest.json', {
      table,
      schema: inferSchema(table),
    });
    const patientsOf = [
      { age: '74', sex: 'male', 'ph.ecog': '1' },
      { age: '50', sex: 'female', 'ph.ecog': '0' },
    ];
    rows.forEach((row, i) => {
      const band = row.band!;
      expect(band.time).toBe(365);
      expect(band.lower).toBeLessThan(row.survivalAt!.probability);
      expect(band.upper).toBeGreaterThan(row.survivalAt!.probability);
      const app = predictSurvivalPatient(held, patientsOf[i], 365);
      expect(app.band!.at.lower).toBeCloseTo(band.lower, 12);
      expect(app.band!.at.upper).toBeCloseTo(band.upper, 12);
      // 40 trees for 228 patients: mostly Monte Carlo error, said as the app says it.
      expect(band.monteCarloShare).toBeGreaterThan(0.5);
      expect(band.method).toContain('widened by its own Monte Carlo error');
      expect(band.method).toContain('Monte Carlo error of 40 trees for 228 patients');
    });
    const text = await cli('explain', own, patients, '--horizon', '365');
    expect(text.stdout).toMatch(
      /\(95 % band\): between about \d+ and \d+ out of 100; most of that width/,
    );
    // Without a horizon there is no band to give.
    const none = await cli('explain', own, patients, '--json');
    const plain = (JSON.parse(none.stdout) as { rows: Record<string, unknown>[] }).rows;
    expect(plain[0].band).toBeUndefined();
  });
});
