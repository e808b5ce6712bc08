import type { PredictionWords } from '../../worker/api';

/** "About N out of 100 patients like this one in your cohort would have the outcome …", one per outcome. */
export function RiskSentence({ words }: { words: PredictionWords }) {
  return (
    <ul className="risk-sentences">
      {words.sentences.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}

/** The cohort overall vs this patient (or this patient vs a what-if), as differences in icons. */
export function IconDifferenceList({
  items,
  label,
}: {
  items: PredictionWords['vsCohort'];
  label: string;
}) {
  return (
    <ul className="icon-difference" aria-label={label}>
      {items.map((d) => (
        <li key={d.outcome}>{d.sentence}</li>
      ))}
    </ul>
  );
}
