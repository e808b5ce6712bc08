/**
 * The entered patient with and without treatment (issue 18), from the "Which treatment" step's kept causal forest: two
 * icon arrays side by side, the difference with its 95 % interval, a plain statement when the interval includes zero,
 * this patient's overlap warning, and the assumptions; after a joint multi-arm estimate, the patient under every arm
 * (PatientArmEffects). Shown only while that estimate is of the loaded table and the model's outcome.
 */
import { useCallback } from 'react';
import type {
  EffectReport,
  PatientEffect as PatientEffectData,
  PatientInput,
} from '../../worker/api';
import { useEngine } from '../app/engineContext';
import { useAppState } from '../app/storeContext';
import { percent } from '../app/format';
import { shortName } from '../load/shortName';
import { effectIsCurrent } from '../effect/effectCurrent';
import { EffectAssumptions } from '../effect/EffectResult';
import { driversSentence } from '../effect/effectWords';
import { IconArray } from './IconArray';
import { EffectFootnotes } from './EffectFootnotes';
import { PatientArmEffects } from './PatientArmEffects';
import { usePatientAnswer } from './usePatientAnswer';
import { PatientAnswerStatus } from './PatientAnswerStatus';
import type { SessionPatient } from './predictSlice';

export function PatientEffect({ patient }: { patient: Pick<SessionPatient, 'id' | 'input'> }) {
  const effect = useAppState((s) => s.effect);
  const table = useAppState((s) => s.load.table);
  // In time-to-event mode the effect is about the event column (survival at a horizon), as the survival model is.
  const target = useAppState((s) =>
    s.survival.kind === 'survival'
      ? (s.survival.report?.choice.event ?? null)
      : (s.train.model?.encoding.target ?? null),
  );
  const report = effect.report;
  if (!report || !effectIsCurrent(effect, table) || report.target !== target) return null;
  // The run and the patient name the question: a new estimate or another patient asks again.
  const key = `${effect.runId}:${patient.id}`;
  return 'method' in report ? (
    <PatientArmEffects report={report} input={patient.input} answerKey={key} />
  ) : (
    <PatientTwoArmEffect report={report} input={patient.input} answerKey={key} />
  );
}

function PatientTwoArmEffect({
  report,
  input,
  answerKey,
}: {
  report: EffectReport;
  input: PatientInput;
  answerKey: string;
}) {
  const engine = useEngine();
  const ask = useCallback(() => engine.patientEffect(input), [engine, input]);
  const answer = usePatientAnswer(answerKey, ask);
  const result = answer?.result;
  return (
    <section className="patient-effect" aria-labelledby="patient-effect-title">
      <h3 id="patient-effect-title" className="sub-title">
        With and without {shortName(report.treatment)} = {report.treated}
      </h3>
      <PatientAnswerStatus
        answer={answer}
        waiting="Estimating this patient's effect…"
        failed="This patient's effect could not be estimated"
      />
      {result && <PatientEffectView effect={result} treatment={report.treatment} />}
      {result && driversSentence(report.drivers) && (
        <p className="muted">{driversSentence(report.drivers)}</p>
      )}
      {result && <EffectAssumptions assumptions={report.assumptions} />}
    </section>
  );
}

function PatientEffectView({
  effect,
  treatment,
}: {
  effect: PatientEffectData;
  treatment: string;
}) {
  const words = (icons: PatientEffectData['icons']['treated']) => ({ ...icons, vsCohort: [] });
  return (
    <>
      <div className="effect-arms">
        <div>
          <p className="effect-arm-sentence">{effect.sentences.treated}</p>
          <IconArray
            words={words(effect.icons.treated)}
            classes={effect.outcomes}
            caption={`If treated (${effect.treated})`}
          />
        </div>
        <div>
          <p className="effect-arm-sentence">{effect.sentences.untreated}</p>
          <IconArray
            words={words(effect.icons.untreated)}
            classes={effect.outcomes}
            caption={`Without it (${effect.comparison})`}
          />
        </div>
      </div>
      <p className="effect-difference">
        <strong>{effect.sentences.difference}</strong> {effect.sentences.reading}
      </p>
      {effect.overlapWarning && (
        <div className="alert alert-warn" role="note" aria-label="Overlap warning for this patient">
          <strong className="alert-title">Few comparable patients</strong>
          <div>
            This patient's estimated chance of treatment is {percent(effect.propensity)}: almost no
            patient like this one got the{' '}
            {effect.propensity >= 0.5 ? 'comparison arm' : 'treatment'}, so this effect rests on
            extrapolation.
          </div>
        </div>
      )}
      <EffectFootnotes
        clipped={effect.clipped}
        unknown={effect.unknown}
        treatment={treatment}
        shown="both arms are shown"
      />
    </>
  );
}
