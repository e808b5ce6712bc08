import { describe, expect, it } from 'vitest';
import { cindexWords } from './verdict.ts';
import { chanceVerdict } from '../evaluate/clinical.ts';

const facts = {
  cindex: 0.63,
  cindexInterval: [0.58, 0.68] as [number, number],
  source: 'cv' as const,
  eventValue: 'dead',
  patients: 400,
  events: 120,
  nFeatures: 8,
};

describe('Harrell’s C in the class mode’s words', () => {
  it('reads 0.63 as weak, with the interval, and beats chance', () => {
    const w = cindexWords(facts);
    expect(w.summary).toBe(
      'On patients it had not seen, of two patients whose order of events is known the model gave the higher risk to the one with the event first 63 % of the time (Harrell’s C 0.630, 95 % interval 0.580–0.680; 50 % would be guessing, 100 % perfect) — weak.',
    );
    expect(w.chance).toEqual({ beatsChance: true, message: null });
    expect(w.cautions).toEqual([]);
  });

  it('warns below 0.55 exactly as the class mode does for its AUC', () => {
    const w = cindexWords({ ...facts, cindex: 0.53, cindexInterval: [0.47, 0.6] });
    expect(w.chance.message).toBe(
      'In cross-validation this model ranked patients no better than chance (Harrell’s C 0.53): do not rely on this prediction.',
    );
    expect(w.summary).toMatch(/— no better than tossing a coin\.$/);
    const classes = chanceVerdict({
      auc: 0.53,
      accuracy: 0.9,
      balancedAccuracy: 0.9,
      confusion: [
        [45, 5],
        [5, 45],
      ],
    } as Parameters<typeof chanceVerdict>[0]);
    expect(classes.message).toBe(w.chance.message!.replace('Harrell’s C', 'ROC AUC'));
  });

  it('says where the interval reaches, out of bag, and cautions on few events', () => {
    const w = cindexWords({ ...facts, source: 'oob', cindexInterval: [0.52, 0.7], events: 30 });
    expect(w.summary).toMatch(
      /^On patients left out of each tree’s training sample \(out-of-bag\)/,
    );
    expect(w.summary).toMatch(
      /though its interval reaches down to 0\.52 \(no better than tossing a coin\)\.$/,
    );
    expect(w.cautions).toHaveLength(1);
    expect(w.cautions[0]).toMatch(/^Only 30 patients had “dead”/);
  });
});
