import { describe, expect, it } from 'vitest';
import {
  checkGenetics,
  DEFAULT_GENETICS_DRAFT,
  geneticsFromKey,
  geneticsSetupKey,
  trainingBlocked,
} from './geneticsSlice';
import { colourGroups } from './colourGroups';

describe('genetics draft', () => {
  it('is off by default: no filter, no component added', () => {
    expect(geneticsSetupKey(DEFAULT_GENETICS_DRAFT)).toBe('');
    expect(geneticsFromKey('')).toEqual({});
  });

  it('reads the filters as PLINK takes them and refuses values out of range', () => {
    const draft = { ...DEFAULT_GENETICS_DRAFT, maf: '0.05', hwe: '1e-6', geno: '' };
    expect(geneticsFromKey(geneticsSetupKey(draft))).toEqual({
      genetics: { qc: { maf: 0.05, hwe: 1e-6 } },
    });
    // PLINK's --maf stops at 0.5; a share above 1 is not a share.
    expect(checkGenetics({ ...draft, maf: '0.6' }).errors.maf).toMatch(/0 to 0.5/);
    expect(checkGenetics({ ...draft, mind: '1.5' }).errors.mind).toMatch(/0 to 1/);
    expect(checkGenetics({ ...draft, geno: 'ten' }).errors.geno).toBeDefined();
    expect(geneticsSetupKey({ ...draft, maf: '0.6' })).toBe('');
    // A wrong filter stops training rather than being left out; a wrong LD field only when components are added.
    expect(trainingBlocked({ ...draft, maf: '0.6' })).toBe(true);
    expect(trainingBlocked({ ...draft, ldWindow: '1' })).toBe(false);
    expect(geneticsSetupKey({ ...draft, ldWindow: '1' })).not.toBe('');
    expect(trainingBlocked({ ...draft, ldWindow: '1', addComponents: true })).toBe(true);
  });

  it('adds components only when asked, 1 to 20', () => {
    const draft = { ...DEFAULT_GENETICS_DRAFT, components: '4' };
    expect(geneticsSetupKey(draft)).toBe('');
    // With LD pruning as PLINK is usually run (on by default).
    expect(geneticsFromKey(geneticsSetupKey({ ...draft, addComponents: true }))).toEqual({
      genetics: { ancestryComponents: 4, ldPrune: { window: 50, step: 5, r2: 0.2 } },
    });
    expect(
      geneticsFromKey(geneticsSetupKey({ ...draft, addComponents: true, ldPrune: false })),
    ).toEqual({ genetics: { ancestryComponents: 4 } });
    const ld = checkGenetics({ ...draft, ldWindow: '1', ldStep: '0', ldR2: '1.2' }).errors;
    expect([ld.ldWindow, ld.ldStep, ld.ldR2].every(Boolean)).toBe(true);
    expect(
      checkGenetics({ ...draft, addComponents: true, components: '21' }).errors.components,
    ).toBeDefined();
  });
});

describe('scatter colour groups', () => {
  it('keeps few categories, puts missing last', () => {
    const g = colourGroups(['POPB', 'POPA', '', 'POPA']);
    expect(g.labels).toEqual(['POPA', 'POPB', 'missing']);
    expect(g.index).toEqual([1, 0, 2, 0]);
  });

  it('groups many numbers into five ranges of about equal size', () => {
    const values = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const g = colourGroups(values);
    expect(g.labels).toHaveLength(5);
    expect(g.labels[0]).toBe('1 to below 5');
    expect(g.labels[4]).toBe('17 to 20');
    expect([0, 1, 2, 3, 4].map((k) => g.index.filter((i) => i === k).length)).toEqual([
      4, 4, 4, 4, 4,
    ]);
  });
});
