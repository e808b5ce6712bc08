/**
 * `genoforest effect` on a simulated trial written at test time (engine/causal/simulate.ts, heterogeneous design:
 * effect 0.2·min(max(x1, 0), 2) on P(outcome = responder), treatment confounded through x2): the JSON names of
 * issue 18, the treatment column kept out of the features, refusals in plain words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCohort } from '../engine/causal/simulate';
import { cli, repoRoot } from './testCli';

let dir = '';
const N = 800;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-effect-'));
  const c = simulateCohort('heterogeneous', N, 4, 21);
  const lines = ['x1,x2,x3,x4,drug,outcome'];
  for (let r = 0; r < N; r++) {
    const xs = [0, 1, 2, 3].map((f) => c.X[f * N + r].toFixed(4));
    lines.push([...xs, c.w[r] ? 'A' : 'placebo', c.y[r] ? 'responder' : 'non_responder'].join(','));
  }
  writeFileSync(path.join(dir, 'trial.csv'), lines.join('\n') + '\n');
  // New patients: x1 far below 0 (true effect 0) and at 2 (true effect 0.4); no outcome or treatment columns.
  writeFileSync(path.join(dir, 'new.csv'), 'x1,x2,x3,x4\n-1.5,0,0,0\n2,0,0,0\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('genoforest effect', () => {
  it('corrects the effects locally on the column named, unless --no-local-linear', async () => {
    const file = path.join(dir, 'trial.csv');
    const args = ['effect', file, '--target', 'outcome', '--treatment', 'drug'];
    const more = ['--treated-value', 'A', '--trees', '200', '--threads', '1'];
    const text = await cli(...args, ...more);
    expect(text.code).toBe(0);
    // The effect is 0.2·min(max(x1, 0), 2): the correction is on x1, and the words say so.
    expect(text.stdout).toContain(
      'Local linear correction on “x1”, the column the effect forest splits on most (ridge penalty 0.1): it reduces',
    );
    expect(text.stdout).toMatch(/Assumes: Among similar patients, the effect changes roughly/);
    const on = JSON.parse((await cli(...args, ...more, '--json')).stdout);
    expect(on.localLinear).toEqual({ column: 'x1', lambda: 0.1 });
    const off = JSON.parse((await cli(...args, ...more, '--no-local-linear', '--json')).stdout);
    expect(off.localLinear).toBeNull();
    expect(off.localLinearNote).toMatch(/^No local linear correction \(turned off\)/);
    // The same forest either way: only the per-patient effects (and what rests on them) move.
    expect(off.drivers).toEqual(on.drivers);
    expect(off.rows[0].effect).not.toBe(on.rows[0].effect);
  });

  it('reports average effect, overlap, calibration and per-patient intervals', async () => {
    const file = path.join(dir, 'trial.csv');
    const r = await cli(
      'effect',
      file,
      '--target',
      'outcome',
      '--treatment',
      'drug',
      '--treated-value',
      'A',
      '--trees',
      '400',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.positive).toBe('responder');
    expect(out.treated).toBe('A');
    expect(out.comparison).toBe('placebo');
    expect(out.patients).toBe(N);
    expect(out.rows).toHaveLength(N);
    expect(out.ate.lower).toBeLessThan(out.ate.estimate);
    expect(out.ate.upper).toBeGreaterThan(out.ate.estimate);
    expect(out.overlap.warning).toBe(false);
    expect(typeof out.calibration.differentialP).toBe('number');
    expect(out.rate.lower).toBeLessThan(out.rate.estimate);
    expect(out.rate.standardError).toBeGreaterThan(0);
    expect(out.propensity).toEqual({ model: 'forest' });
    // The effect varies with x1 only: it drives the effect forest's splits; every feature is listed, not the arm.
    expect(out.drivers.map((d: { feature: string }) => d.feature).sort()).toEqual([
      'x1',
      'x2',
      'x3',
      'x4',
    ]);
    expect(out.drivers[0].feature).toBe('x1');
    expect(
      out.drivers.reduce((s: number, d: { importance: number }) => s + d.importance, 0),
    ).toBeCloseTo(1, 10);
    const row = out.rows[0];
    expect(row.row).toBe(1);
    expect(row.lower).toBeLessThan(row.effect);
    expect(row.upper).toBeGreaterThan(row.effect);
    // The two arms' probabilities differ by the effect.
    expect(row.probabilityTreated - row.probabilityUntreated).toBeCloseTo(row.effect, 10);
    expect(out.assumptions.length).toBeGreaterThan(0);
  });

  it('gives the same figures with its trees on one thread and on a pool of two', async () => {
    const args = ['effect', path.join(dir, 'trial.csv'), '--target', 'outcome'];
    const rest = ['--treatment', 'drug', '--treated-value', 'A', '--trees', '100', '--json'];
    const [one, two] = await Promise.all([
      cli(...args, ...rest, '--threads', '1'),
      cli(...args, ...rest, '--threads', '2'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    // Only the time taken may differ.
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
    expect(a.rows).toHaveLength(N);
  });

  it('reports effects for other patients with --patients', async () => {
    const r = await cli(
      'effect',
      path.join(dir, 'trial.csv'),
      '--target',
      'outcome',
      '--treatment',
      'drug',
      '--treated-value',
      'A',
      '--trees',
      '400',
      '--patients',
      path.join(dir, 'new.csv'),
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { row: number }) => x.row)).toEqual([1, 2]);
    const [low, high] = out.rows;
    expect(high.effect - low.effect).toBeGreaterThan(0.1);
    expect(low.lower).toBeLessThan(0.05);
  });

  it('takes the treated share as the chance of treatment with --randomised, and says so', async () => {
    const args = ['effect', path.join(dir, 'trial.csv'), '--target', 'outcome'];
    const more = ['--treatment', 'drug', '--treated-value', 'A', '--trees', '40', '--randomised'];
    const r = await cli(...args, ...more, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const share = out.treatedCount / out.patients;
    expect(out.propensity).toEqual({ model: 'randomised', value: share });
    expect(new Set(out.rows.map((x: { propensity: number }) => x.propensity))).toEqual(
      new Set([share]),
    );
    const text = await cli(...args, ...more);
    expect(text.stdout).toMatch(
      /Randomised trial: chance of treatment taken as \d+\.\d % for everyone/,
    );
    expect(text.stdout).toMatch(/^RATE \(AUTOC, held-out ranking\): -?\d/m);
  });

  it('asks which value means treated when the names do not say', async () => {
    const r = await cli(
      'effect',
      path.join(dir, 'trial.csv'),
      '--target',
      'outcome',
      '--treatment',
      'drug',
      '--trees',
      '20',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/means treated .*--treated-value/);
  });

  it('refuses the outcome as treatment, and a third arm, with the reason', async () => {
    const same = await cli(
      'effect',
      path.join(dir, 'trial.csv'),
      '--target',
      'outcome',
      '--treatment',
      'outcome',
    );
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/cannot also be the outcome/);
    const three = path.join(dir, 'three.csv');
    writeFileSync(
      three,
      'x1,drug,outcome\n' +
        Array.from(
          { length: 60 },
          (_, i) => `${(i * 7) % 13}.5,${['A', 'B', 'placebo'][i % 3]},${i % 2}`,
        ).join('\n') +
        '\n',
    );
    const r = await cli('effect', three, '--target', 'outcome', '--treatment', 'drug');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /has 3 values \(A, B, placebo\): name the comparison arm with --comparison-value/,
    );
  });

  it('compares every arm with the comparison arm by one joint forest, or one named pair alone', async () => {
    // Arms A and B of the simulated trial, B given to a third of the former A patients (every third row): both have
    // the simulated effect.
    const c = simulateCohort('heterogeneous', N, 4, 21);
    const lines = ['x1,x2,x3,x4,drug,outcome'];
    const arm: string[] = [];
    for (let r = 0; r < N; r++) {
      const xs = [0, 1, 2, 3].map((f) => c.X[f * N + r].toFixed(4));
      arm.push(c.w[r] ? (r % 3 === 0 ? 'B' : 'A') : 'placebo');
      lines.push([...xs, arm[r], c.y[r] ? 'responder' : 'non_responder'].join(','));
    }
    const file = path.join(dir, 'arms.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const base = ['effect', file, '--target', 'outcome', '--treatment', 'drug', '--trees', '100'];
    const r = await cli(...base, '--comparison-value', 'placebo', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.method).toBe('multi-arm causal forest');
    expect(out.comparison).toBe('placebo');
    const count = (v: string) => arm.filter((a) => a === v).length;
    // Every patient is fitted, once, whatever the arm.
    expect(out.patients).toBe(N);
    expect(out.comparisonCount).toBe(count('placebo'));
    expect(out.arms.map((a: { arm: string; count: number }) => [a.arm, a.count])).toEqual([
      ['A', count('A')],
      ['B', count('B')],
    ]);
    const trueAte = c.tau.reduce((s, v) => s + v, 0) / N;
    for (const a of out.arms) {
      expect(a.rows.map((row: { row: number }) => row.row)).toEqual(
        Array.from({ length: N }, (_, i) => i + 1),
      );
      for (const row of a.rows) {
        expect(row.lower).toBeLessThanOrEqual(row.effect);
        expect(row.upper).toBeGreaterThanOrEqual(row.effect);
        expect(row.probabilityTreated - row.probabilityUntreated).toBeCloseTo(row.effect, 9);
      }
      expect(a.ate.standardError).toBeGreaterThan(0);
      expect(a.ate.lower).toBeLessThanOrEqual(trueAte);
      expect(a.ate.upper).toBeGreaterThanOrEqual(trueAte);
      expect(a.overlap.warning).toBe(a.overlap.min <= 0.01 || a.overlap.max >= 0.99);
      // Each arm's calibration test (its and the comparison arm's patients) and its RATE with the TOC curve.
      expect(a.calibration.patients).toBe(a.count + count('placebo'));
      expect(a.calibration.differentialSe).toBeGreaterThan(0);
      expect(a.rate.toc.q).toHaveLength(20);
      expect(a.rate.toc.estimate).toHaveLength(20);
    }
    expect(out.calibrationNote).toMatch(
      /^Calibration test of each arm: on that arm’s and placebo’s/,
    );
    expect(out.rateNote).toMatch(/^RATE and TOC of each arm: all \d+ patients ranked/);
    // B, a third of the treated, reaches an estimated chance under 1 % for 2 patients (min 0.7 %): B's warning alone.
    expect(out.arms.map((a: { overlap: { warning: boolean } }) => a.overlap.warning)).toEqual([
      false,
      true,
    ]);
    expect(out.warnings.join(' ')).toMatch(/2 patients \(0\.3 %\) have an estimated chance of “B”/);
    expect(out.warnings.join(' ')).toMatch(
      /computed for two arms: choose one arm as the treated value \(--treated-value on the command line\)/,
    );
    const words = await cli(...base, '--comparison-value', 'placebo');
    expect(words.stdout).toMatch(/by one joint multi-arm causal forest/);
    // The joint forest's effects carry the local linear correction, said in the JSON and the words.
    expect(out.localLinear.lambda).toBe(0.1);
    expect(out.localLinear.columns.map((c: { arm: string }) => c.arm)).toEqual(['A', 'B']);
    expect(words.stdout).toMatch(
      /\nLocal linear correction of each arm on a column of its own: “A” (none|on “[^”]+”), “B” (none|on “[^”]+”) \(ridge/,
    );
    expect(words.stdout).toMatch(/\nB \(\d+ patients\): average effect/);
    expect(words.stdout).toMatch(
      new RegExp(
        `\\n  Calibration \\(${count('B') + count('placebo')} patients of B and placebo\\): mean forest prediction -?\\d+\\.\\d\\d \\(SE \\d+\\.\\d\\d, p (< 0\\.001|= [01]\\.\\d{3})\\), differential`,
      ),
    );
    expect(words.stdout).toMatch(
      /\n {2}RATE \(AUTOC, held-out ranking\): -?\d\.\d{3} \(95 % interval/,
    );
    // One arm named too: that pair only, the other arm's patients left out.
    const one = await cli(
      ...base,
      '--comparison-value',
      'placebo',
      '--treated-value',
      'B',
      '--json',
    );
    expect(one.code, one.stderr).toBe(0);
    const b = JSON.parse(one.stdout);
    expect(b.treated).toBe('B');
    expect(b.patients).toBe(count('B') + count('placebo'));
    expect(b.droppedOtherArms).toBe(count('A'));
    expect(b.warnings.join(' ')).toMatch(
      /patients in the other arms of "drug" \(A\) were left out/,
    );
    expect(b.rows.map((row: { row: number }) => row.row)).toEqual(
      arm.flatMap((v, i) => (v === 'B' || v === 'placebo' ? [i + 1] : [])),
    );
    const same = await cli(...base, '--comparison-value', 'B', '--treated-value', 'B');
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/same value \("B"\)/);
  });

  it('refuses a treatment column that is not in the file', async () => {
    const r = await cli(
      'effect',
      path.join(dir, 'trial.csv'),
      '--target',
      'outcome',
      '--treatment',
      'dose',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/treatment column "dose" is not in the file/);
  });

  it('gives effects on being event-free at --horizon with a time-to-event outcome', async () => {
    const lung = path.resolve(repoRoot, 'testdata/lung.csv');
    const base = ['effect', lung, '--time', 'time', '--event', 'event', '--treatment', 'sex'];
    const more = ['--treated-value', 'female', '--trees', '100', '--threads', '1'];
    const r = await cli(...base, ...more, '--horizon', '365', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.horizon).toBe(365);
    expect(j.time).toBe('time');
    expect(j.positive).toBe('event-free at 365');
    // lung: 42 patients censored before day 365 (18 men, 24 women), 186 with a known status then.
    expect(j.censoring).toMatchObject({
      model: 'forest',
      dropped: 42,
      droppedTreated: 24,
      droppedComparison: 18,
      known: 186,
    });
    expect(j.patients).toBe(186);
    expect(j.rows).toHaveLength(228);
    for (const key of ['ate', 'overlap', 'calibration', 'rows'])
      expect(Object.keys(j)).toContain(key);
    // The RATE and the local linear correction are computed with the censoring weights too.
    expect(j.rate.lower).toBeLessThan(j.rate.upper);
    expect(j.localLinear).not.toBeNull();
    // The weights cross to the pool's workers with the forests' settings: the same figures on two threads.
    const pooled = await cli(
      ...base,
      '--treated-value',
      'female',
      '--trees',
      '100',
      '--threads',
      '2',
      '--horizon',
      '365',
      '--json',
    );
    expect({ ...JSON.parse(pooled.stdout), seconds: 0 }).toEqual({ ...j, seconds: 0 });
    const words = await cli(...base, ...more, '--horizon', '365', '--censoring', 'km');
    expect(words.stdout).toMatch(/on P\(event-free at 365\)/);
    expect(words.stdout).toMatch(/Kaplan–Meier of the censoring times within each arm/);
    const noHorizon = await cli(...base, ...more);
    expect(noHorizon.code).toBe(2);
    expect(noHorizon.stderr).toMatch(/--time needs --horizon/);
    const beyond = await cli(...base, ...more, '--horizon', '1100');
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toMatch(/beyond the longest follow-up \(1022\)/);
  });
});
