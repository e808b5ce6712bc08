/**
 * The entered patient under every arm of a joint multi-arm estimate (issue 18, more than two arms), from the "Which
 * treatment" step's kept multi-arm forest: one icon array per arm side by side (wrapping on narrow screens), a table of
 * each arm's chance, its difference from the comparison arm with the 95 % interval and its plain reading, this
 * patient's overlap warning per arm, and the assumptions.
 */
import { useCallback } from 'react';
import type { MultiArmReport, PatientArmEffects as ArmsData, PatientInput } from '../../worker/api';
import { useEngine } from '../app/engineContext';
import { DataTable } from '../app/DataTable';
import { percent, signedPoints, signedPointsNumber } from '../app/format';
import { shortName } from '../load/shortName';
import { EffectAssumptions } from '../effect/EffectResult';
import { driversSentence } from '../effect/effectWords';
import { IconArray } from './IconArray';
import { EffectFootnotes } from './EffectFootnotes';
import { usePatientAnswer } from './usePatientAnswer';
import { PatientAnswerStatus } from './PatientAnswerStatus';

type Arm = ArmsData['arms'][number];

export function PatientArmEffects({
  report,
  input,
  answerKey,
}: {
  report: MultiArmReport;
  input: PatientInput;
  /** Names the question (the estimate's run and the patient): a new key asks again. */
  answerKey: string;
}) {
  const engine = useEngine();
  const ask = useCallback(() => engine.patientArmEffects(input), [engine, input]);
  const answer = usePatientAnswer(answerKey, ask);
  const result = answer?.result;
  return (
    <section className="patient-effect" aria-labelledby="patient-arm-effects-title">
      <h3 id="patient-arm-effects-title" className="sub-title">
        Each arm of {shortName(report.treatment)} for this patient
      </h3>
      <PatientAnswerStatus
        answer={answer}
        waiting="Estimating this patient's chance under each arm…"
        failed="This patient's effects could not be estimated"
      />
      {result && <ArmsView effects={result} />}
      {result && driversSentence(report.drivers) && (
        <p className="muted">{driversSentence(report.drivers)}</p>
      )}
      {result && <EffectAssumptions assumptions={report.assumptions} />}
    </section>
  );
}

function ArmsView({ effects }: { effects: ArmsData }) {
  const { comparison, positive, treatment } = effects;
  const chance = (a: Arm) => percent(Math.min(1, Math.max(0, a.probability)));
  return (
    <>
      <p>
        The chance of “{positive}” for patients like this one under each arm of{' '}
        {shortName(treatment)}, and each arm's difference from {comparison} (one joint causal
        forest).
      </p>
      <div className="effect-arms">
        {effects.arms.map((a) => (
          <div key={a.arm}>
            <p className="effect-arm-sentence">{a.sentence}</p>
            <IconArray
              words={{ ...a.icons, vsCohort: [] }}
              classes={effects.outcomes}
              caption={a.isComparison ? `With ${a.arm} (the comparison)` : `With ${a.arm}`}
            />
          </div>
        ))}
      </div>
      <DataTable
        caption={`This patient's chance of “${positive}” under each arm of ${shortName(treatment)}, and each arm's difference from ${comparison} in percentage points`}
        showCaption
        className="compact"
        columns={[
          { key: 'arm', header: 'Arm', rowHeader: true, cell: (a: Arm) => a.arm },
          { key: 'chance', header: `Chance of “${positive}”`, numeric: true, cell: chance },
          {
            key: 'difference',
            header: `Difference vs ${comparison}`,
            numeric: true,
            cell: (a) => (a.difference ? signedPoints(a.difference.effect) : '–'),
          },
          {
            key: 'interval',
            // Bare numbers (the caption gives the unit), so each interval keeps to one line.
            header: '95 % interval',
            cell: (a) =>
              a.difference
                ? `${signedPointsNumber(a.difference.lower)} to ${signedPointsNumber(a.difference.upper)}`
                : '–',
          },
          {
            key: 'reading',
            header: 'Reading',
            cell: (a) => (a.difference ? a.difference.reading : 'The comparison arm.'),
          },
        ]}
        rows={effects.arms}
        rowKey={(a) => a.arm}
      />
      {effects.arms
        .filter((a) => a.overlapWarning)
        .map((a) => (
          <div
            key={a.arm}
            className="alert alert-warn"
            role="note"
            aria-label={`Overlap warning for ${a.arm}`}
          >
            <strong className="alert-title">Few comparable patients for {a.arm}</strong>
            <div>{overlapWords(a, comparison)}</div>
          </div>
        ))}
      <EffectFootnotes
        clipped={effects.clipped}
        unknown={effects.unknown}
        treatment={treatment}
        shown="every arm is shown"
      />
    </>
  );
}

/** Why this patient's figures for an arm rest on extrapolation. */
function overlapWords(a: Arm, comparison: string): string {
  const lead = `This patient's estimated chance of getting ${a.arm} is ${percent(a.propensity)}:`;
  if (a.propensity >= 0.5)
    return `${lead} almost every patient like this one got ${a.arm}, so the other arms' chances and differences for this patient rest on extrapolation.`;
  return a.isComparison
    ? `${lead} almost no patient like this one got ${comparison}, so every arm's difference from it rests on extrapolation.`
    : `${lead} almost no patient like this one got ${a.arm}, so its chance and its difference from ${comparison} rest on extrapolation.`;
}
