/** `genoforest predict` on a file with outcomes: an external validation that leaves the training patients out. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../app/testData';
import { cli } from './testCli';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-extval-'));
  const training = syntheticCsv(300, 11);
  writeFileSync(file('train.csv'), training);
  const [header, ...rows] = training.trim().split('\n');
  const fresh = syntheticCsv(150, 77)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/^P/, 'N'));
  writeFileSync(file('batch.csv'), [header, ...rows.slice(0, 40), ...fresh].join('\n') + '\n');
  const trained = await cli(
    'train',
    file('train.csv'),
    '--target',
    'response',
    '--out',
    file('model.json'),
    '--trees',
    '60',
    '--threads',
    '1',
  );
  expect(trained.code, trained.stderr).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('predict on a file with the outcome column', () => {
  it('--json: training patients flagged and left out, figures with intervals', async () => {
    const r = await cli('predict', file('model.json'), file('batch.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const e = out.externalValidation;
    expect(e.label).toBe('external validation');
    expect(e.fingerprintKnown).toBe(true);
    for (let row = 1; row <= 40; row++) expect(e.trainingRows).toContain(row);
    expect(e.trainingPatientsExcluded).toBe(e.trainingRows.length);
    expect(e.patients).toBe(190 - e.trainingPatientsExcluded);
    expect(
      out.rows.slice(0, 40).every((row: { trainingPatient: boolean }) => row.trainingPatient),
    ).toBe(true);
    expect(e.positiveClass).toBe('responder');
    expect(e.auc).toBeGreaterThan(0.7);
    expect(e.aucInterval[0]).toBeLessThan(e.auc);
    expect(e.aucInterval[1]).toBeGreaterThan(e.auc);
    expect(typeof e.calibrationSlope).toBe('number');
    expect(e.calibrationSlopeInterval).toHaveLength(2);
    expect(typeof e.calibrationInTheLarge).toBe('number');
    expect(e.brierInterval).toHaveLength(2);
    expect(e.calibration.length).toBeGreaterThan(0);
    expect(out.warnings.some((w: string) => /training patients .* left out/.test(w))).toBe(true);
  });

  it('--positive: the validation is about the class asked for; an unknown class is refused', async () => {
    const dflt = JSON.parse(
      (await cli('predict', file('model.json'), file('batch.csv'), '--json')).stdout,
    ).externalValidation;
    const r = await cli(
      'predict',
      file('model.json'),
      file('batch.csv'),
      '--json',
      '--positive',
      'non_responder',
    );
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout).externalValidation;
    expect(e.positiveClass).toBe('non_responder');
    // Ranking by the other class's probability: the same AUC (forest probabilities need not add to exactly 1: near).
    expect(e.auc).toBeCloseTo(dflt.auc, 2);
    expect(e.patients).toBe(dflt.patients);
    const text = await cli(
      'predict',
      file('model.json'),
      file('batch.csv'),
      '--positive',
      'non_responder',
    );
    expect(text.stderr).toMatch(/external validation of the probability of "non_responder"/);
    const bad = await cli('predict', file('model.json'), file('batch.csv'), '--positive', 'cured');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/cured/);
  });

  it('without --json: the CSV marks training patients and stderr has the summary line', async () => {
    const r = await cli('predict', file('model.json'), file('batch.csv'));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split(/\r?\n/);
    expect(lines[0].endsWith(',training patient')).toBe(true);
    expect(lines[1].endsWith(',yes')).toBe(true);
    expect(r.stderr).toMatch(
      /external validation of the probability of "responder" on \d+ new patients \(\d+ training patients left out\): AUC 0\.\d{3} \(95 % CI /,
    );
    expect(r.stderr).toMatch(/calibration slope -?\d+\.\d\d/);
  });
});
