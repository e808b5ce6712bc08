import type { ReactNode } from 'react';
import { Header } from './Header';
import { StepNav, type StepLink } from './StepNav';
import { StepSection } from './StepSection';
import { LiveStatus } from './LiveStatus';
import { DataWorkerNotice } from './DataWorkerNotice';
import { LeaveGuard } from './LeaveGuard';
import { useAppState } from './storeContext';
import { LoadStep } from '../load/LoadStep';
import { TrainStep } from '../train/TrainStep';
import { EvaluateStep } from '../evaluate/EvaluateStep';
import { PredictStep } from '../predict/PredictStep';
import { EffectStep } from '../effect/EffectStep';
import { SurvivalTrain } from '../survival/SurvivalTrain';
import { SurvivalEvaluate } from '../survival/SurvivalEvaluate';
import { SurvivalPredict } from '../survival/SurvivalPredict';
import './app.css';

interface StepDef extends StepLink {
  intro: string;
  content: ReactNode;
}

/**
 * Each step's content, made once: the same element at every render lets React skip a step when only App's
 * flags change (a trained model would otherwise re-render the Load step's 20,000-option outcome list).
 */
const LOAD_STEP = <LoadStep />;
const TRAIN_STEP = <TrainStep />;
const EVALUATE_STEP = <EvaluateStep />;
const PREDICT_STEP = <PredictStep />;
const EFFECT_STEP = <EffectStep />;
/** The same steps for a time-to-event outcome. */
const SURVIVAL_TRAIN = <SurvivalTrain />;
const SURVIVAL_EVALUATE = <SurvivalEvaluate />;
const SURVIVAL_PREDICT = <SurvivalPredict />;

/** The one page: header, then the steps in the order a person takes them. */
export function App() {
  const loaded = useAppState((s) => s.load.table !== null);
  const trained = useAppState((s) => s.train.model !== null);
  const predicted = useAppState((s) => s.predict.patients.length > 0);
  const effectDone = useAppState((s) => s.effect.report !== null);
  const survival = useAppState((s) => s.survival.kind === 'survival');
  const survivalTrained = useAppState((s) => s.survival.report !== null);
  const survivalPredicted = useAppState((s) => s.survival.prediction !== null);
  const evaluated = useAppState(
    (s) => s.evaluate.report !== null && s.evaluate.modelTrainedAt === s.train.model?.trainedAt,
  );

  const steps: StepDef[] = [
    {
      id: 'load',
      title: 'Load data',
      done: loaded,
      intro:
        'A table of patients, one row each: genomic, lifestyle and clinical columns, and the outcome you want to predict.',
      content: LOAD_STEP,
    },
    {
      id: 'train',
      title: 'Train the model',
      done: survival ? survivalTrained : trained,
      intro: survival
        ? 'A random survival forest learns from the loaded patients’ follow-up. It runs in the background on this device; you can keep working.'
        : 'A random forest learns from the loaded patients. It runs in the background on this device; you can keep working or cancel.',
      content: survival ? SURVIVAL_TRAIN : TRAIN_STEP,
    },
    {
      id: 'evaluate',
      title: 'Evaluate the model',
      done: survival ? survivalTrained : evaluated,
      intro: survival
        ? 'How well the model ranks and predicts patients it has not seen, checked right after training.'
        : 'How good the model is on patients it has not seen: it starts by itself after training. Move the threshold to see the trade-off between missed cases and false alarms.',
      content: survival ? SURVIVAL_EVALUATE : EVALUATE_STEP,
    },
    {
      id: 'predict',
      title: 'Predict for a new patient',
      done: survival ? survivalPredicted : predicted,
      intro: survival
        ? 'Enter what you know about a new patient; leave anything unknown blank. You get the patient’s survival curve beside the cohort’s and, at the horizon you choose, how many out of 100 patients like this one would be event-free.'
        : 'Enter what you know about a new patient; leave anything unknown blank. You get the probability of each outcome, how sure the forest is, and warnings when the patient is unlike the cohort.',
      content: survival ? SURVIVAL_PREDICT : PREDICT_STEP,
    },
    {
      id: 'effect',
      title: 'Which treatment',
      done: effectDone,
      intro: survival
        ? 'Does a treatment change the chance of being event-free at a horizon, and for whom? Name the treatment column and the horizon; a causal forest with censoring weights estimates the effect with its interval, checks that comparable patients got either arm, and shows each patient entered in Predict with and without it.'
        : 'Does a treatment change the outcome, and for whom? Name the treatment column; a causal forest estimates the effect with its interval, checks that comparable patients got either arm, and shows each entered patient with and without it.',
      content: EFFECT_STEP,
    },
  ];

  return (
    <>
      <a className="skip-link" href="#steps">
        Skip to the steps
      </a>
      <Header />
      <main id="steps" className="page" tabIndex={-1}>
        <DataWorkerNotice />
        <LeaveGuard />
        <StepNav steps={steps} />
        {steps.map((step, i) => (
          <StepSection
            key={step.id}
            id={step.id}
            number={i + 1}
            title={step.title}
            intro={step.intro}
          >
            {step.content}
          </StepSection>
        ))}
      </main>
      <footer className="page-footer">
        <p>
          GenoForest runs entirely in this browser. Nothing you load, train or enter is sent
          anywhere. Predictions are decision support for a clinician, not a diagnosis.
        </p>
      </footer>
      <LiveStatus />
    </>
  );
}
