/**
 * The notes under a patient's effect, two-arm or multi-arm: an arm's estimate shown at a bound, the fields taken as
 * unknown, and that the patient's own treatment value is not used (every arm is shown).
 */
import { shortName } from '../load/shortName';

export function EffectFootnotes({
  clipped,
  unknown,
  treatment,
  shown,
}: {
  clipped: boolean;
  unknown: string[];
  treatment: string;
  /** What is shown instead: "both arms are shown", "every arm is shown". */
  shown: string;
}) {
  return (
    <>
      {clipped && (
        <p className="muted">An arm's estimate ran past 0 % or 100 % and is shown at that bound.</p>
      )}
      {unknown.length > 0 && (
        <p className="muted">
          Taken as unknown for this estimate: {unknown.map((name) => shortName(name)).join(', ')}.
        </p>
      )}
      <p className="muted">
        This patient's own value of “{shortName(treatment)}”, if entered, is not used: {shown}.
      </p>
    </>
  );
}
