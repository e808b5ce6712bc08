import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calibrationAt, cumulativeDynamicAuc, kaplanMeierAt, unoC } from './horizon.ts';
import { harrellC } from './concordance.ts';

describe('cumulative/dynamic AUC', () => {
  // Five patients (train = test): 1e 2c 3e 4e 5c.
  // Censoring Kaplan–Meier (right-continuous): G(1) = 1, G(2) = 3/4 (4 at risk, 1 censored), G(3) = G(4) = 3/4.
  // At t = 3.5 the cases are patients 1 (T=1, weight 1/G(1) = 1) and 3 (T=3, weight 1/G(3) = 4/3); patient 2 was
  // censored before 3.5 and counts nowhere; the controls are patients 4 and 5 (risks 0.2, 0.1).
  const y = { time: [1, 2, 3, 4, 5], event: [1, 0, 1, 1, 0] };

  it('matches the hand-worked example', () => {
    // Case 1 (0.9) outranks both controls, case 3 (0.15) only patient 5:
    //   (1·2 + 4/3·1) / ((1 + 4/3)·2) = (10/3) / (14/3) = 5/7.
    expect(cumulativeDynamicAuc(y, y, [0.9, 0.5, 0.15, 0.2, 0.1], 3.5)).toBeCloseTo(5 / 7, 12);
    // Case 3's risk tied with control 4 counts one half: (2 + 4/3·1.5) / (14/3) = 6/7.
    expect(cumulativeDynamicAuc(y, y, [0.9, 0.5, 0.2, 0.2, 0.1], 3.5)).toBeCloseTo(6 / 7, 12);
  });

  it('refuses a horizon without cases or outside the follow-up', () => {
    expect(() => cumulativeDynamicAuc(y, y, [1, 2, 3, 4, 5], 0.5)).toThrow(/outside the follow-up/);
    expect(() => cumulativeDynamicAuc(y, y, [1, 2, 3, 4, 5], 5)).toThrow(/outside the follow-up/);
    const noEvent = { time: [1, 2, 3], event: [0, 1, 0] };
    expect(() => cumulativeDynamicAuc(noEvent, noEvent, [1, 2, 3], 1.5)).toThrow(
      /No patient had the event by 1.5/,
    );
  });
});

describe("Uno's C truncated at a horizon", () => {
  // Eight patients: times 1 2 2 3 4 5 6 7, events 1 1 0 1 0 1 0 1, risks 5 3 4 1 2 3.5 0.5 0.
  // Censoring Kaplan–Meier, a time's events leaving before its censorings: G(2) = 1 − 1/6 = 5/6, G(4) = 5/8.
  // Just before each event time: G(1−) = G(2−) = 1, G(3−) = 5/6. With tau = 4, the events at 1, 2, 3 count:
  //   T=1 (risk 5): 7 comparable, 7 concordant, weight 1;
  //   T=2 (risk 3): 6 comparable (the one censored at 2 too), concordant vs 1, 2, 0.5, 0 → 4, weight 1;
  //   T=3 (risk 1): 4 comparable, concordant vs 0.5, 0 → 2, weight 1/(5/6)² = 1.44.
  //   C = (7 + 4 + 2.88) / (7 + 6 + 5.76) = 13.88 / 18.76.
  // R survival 3.5.3 agrees:
  //   d <- data.frame(time=c(1,2,2,3,4,5,6,7), status=c(1,1,0,1,0,1,0,1), r=c(5,3,4,1,2,3.5,0.5,0))
  //   concordance(Surv(time,status) ~ r, data=d, timewt="n/G2", reverse=TRUE, ymax=4)$concordance  # 0.7398721
  //   concordance(Surv(time,status) ~ r, data=d, timewt="n/G2", reverse=TRUE)$concordance          # 0.7956449
  const y = { time: [1, 2, 2, 3, 4, 5, 6, 7], event: [1, 1, 0, 1, 0, 1, 0, 1] };
  const risk = [5, 3, 4, 1, 2, 3.5, 0.5, 0];

  it('matches the hand-worked example and R', () => {
    const c = unoC(y, y, risk, 4);
    expect(c.cindex).toBeCloseTo(13.88 / 18.76, 12);
    expect(c.cindex).toBeCloseTo(0.7398721, 7);
    expect(c.comparable).toBeCloseTo(18.76, 12);
    expect(unoC(y, y, risk, 7).cindex).toBeCloseTo(0.7956449, 7);
  });

  it('is Harrell’s C when nobody is censored', () => {
    const all = { time: [1, 2, 3, 4, 5], event: [1, 1, 1, 1, 1] };
    const r = [3, 5, 1, 2, 0];
    expect(unoC(all, all, r, 10).cindex).toBeCloseTo(harrellC(all, r).cindex, 12);
  });

  // NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md), expected values made by
  //   lung <- read.csv("testdata/lung.csv"); male <- as.numeric(lung$sex == "male")
  //   concordance(Surv(time, event) ~ age, data=lung, timewt="n/G2", reverse=TRUE, ymax=365)$concordance
  //   concordance(Surv(time, event) ~ I(age + 5 * male), data=lung, timewt="n/G2", reverse=TRUE, ymax=365)
  //   concordance(Surv(time, event) ~ I(age + 5 * male), data=lung, timewt="n/G2", reverse=TRUE)
  // with R survival 3.5.3: 0.548623648683302, 0.56738914478374, 0.568324453575725.
  it('agrees with R survival on the lung cohort (ties in risk and in time)', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../../../testdata/lung.csv', import.meta.url)),
      'utf8',
    );
    const lines = text.trim().split('\n').slice(1);
    const cells = lines.map((l) => l.split(','));
    const o = { time: cells.map((c) => Number(c[0])), event: cells.map((c) => Number(c[1])) };
    const age = cells.map((c) => Number(c[3]));
    const male = cells.map((c): number => (c[4] === '"male"' ? 1 : 0));
    expect(male.reduce((a, b) => a + b, 0)).toBe(138);
    const r2 = age.map((a, i) => a + 5 * male[i]);
    expect(unoC(o, o, age, 365).cindex).toBeCloseTo(0.548623648683302, 10);
    expect(unoC(o, o, r2, 365).cindex).toBeCloseTo(0.56738914478374, 10);
    expect(unoC(o, o, r2, 5000).cindex).toBeCloseTo(0.568324453575725, 10);
  });
});

describe('Kaplan–Meier at a horizon and calibration groups', () => {
  it('gives R survfit’s log-scale interval', () => {
    // S(3) = 3/4 · 1/2 = 0.375; Greenwood 1/(4·3) + 1/(2·1) = 7/12.
    // R: summary(survfit(Surv(c(1,2,3,4), c(1,0,1,1)) ~ 1), times=3) → 0.375, 0.0839296381045798, 1.
    const km = kaplanMeierAt({ time: [1, 2, 3, 4], event: [1, 0, 1, 1] }, 3);
    expect(km.survival).toBe(0.375);
    expect(km.lower).toBeCloseTo(0.0839296381045798, 12);
    expect(km.upper).toBe(1);
    expect(kaplanMeierAt({ time: [1, 2], event: [1, 0] }, 3).survival).toBeNaN();
  });

  it('groups patients by predicted risk, lowest first', () => {
    const o = { time: [1, 2, 3, 4, 5, 6], event: [1, 1, 0, 1, 0, 0] };
    const s = [0.2, 0.3, 0.9, 0.4, 0.95, 0.8];
    const g = calibrationAt(o, s, 2.5, 2);
    // Lowest risk: patients 5, 3, 6 (0.95, 0.9, 0.8), none with an event by 2.5; highest: 4, 2, 1.
    expect(g[0]).toMatchObject({ group: 1, patients: 3, events: 0, observed: 1 });
    expect(g[0].predicted).toBeCloseTo((0.95 + 0.9 + 0.8) / 3, 12);
    expect(g[1]).toMatchObject({ group: 2, patients: 3, events: 2 });
    expect(g[1].observed).toBeCloseTo(1 / 3, 12);
    expect(() => calibrationAt(o, s, 2.5, 7)).toThrow(/into 7 groups/);
  });
});
