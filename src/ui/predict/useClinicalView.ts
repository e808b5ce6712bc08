/**
 * The prediction as shown: the stored one (90 % sets, no recalibration), or the same patient predicted
 * again at the Confidence the user picked and with the recalibration chosen in the Evaluate step. The
 * choice stays local to the result (not in the app store).
 */
import { useEffect, useState } from 'react';
import type { EvaluationReport, Prediction } from '../../worker/api';
import type { SessionPatient } from '../app/store';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState } from '../app/storeContext';
import { useRecalibrationChoice, type RecalibrationChoice } from '../evaluate/recalibrationChoice';

/** The confidence of the stored predictions (the engine's default). */
export const DEFAULT_CONFIDENCE = 0.9;

export interface ClinicalView {
  prediction: Prediction;
  confidence: number;
  setConfidence: (c: number) => void;
  recalibration: RecalibrationChoice;
  /** The cross-validation of the model that predicted this patient, when it was run. */
  evaluation: EvaluationReport | null;
  /** True while a prediction at the new settings is under way. */
  updating: boolean;
  error: string | null;
  /** False when the patient was predicted by an earlier model (settings cannot be changed then). */
  current: boolean;
}

/** The shown prediction of a session patient at the chosen confidence and recalibration. */
export function useClinicalView(patient: SessionPatient): ClinicalView {
  const engine = useEngine();
  const [confidence, setConfidence] = useState(DEFAULT_CONFIDENCE);
  const evaluation = useAppState((s) =>
    s.evaluate.modelTrainedAt === patient.modelTrainedAt ? s.evaluate.report : null,
  );
  const current = useAppState((s) => s.train.model?.trainedAt === patient.modelTrainedAt);
  const chosen = useRecalibrationChoice(patient.modelTrainedAt);
  const fit = evaluation?.recalibration?.find((f) => f.method === chosen) ?? null;
  const recalibration: RecalibrationChoice = fit ? chosen : 'none';
  // The fit's class is part of the key: changing the positive class refits the maps on the other class.
  const key = `${patient.id}|${confidence}|${recalibration}|${fit?.positive ?? 1}`;
  const isDefault = confidence === DEFAULT_CONFIDENCE && recalibration === 'none';
  const [fetched, setFetched] = useState<{ key: string; prediction: Prediction } | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);

  useEffect(() => {
    if (isDefault || !current) return;
    let live = true;
    const options = {
      confidence,
      recalibration: fit?.calibrator ?? null,
      recalibrationClass: fit?.positive ?? 1,
    };
    engine.predict(patient.input, options).then(
      (prediction) => live && setFetched({ key, prediction }),
      (e: unknown) => live && setError({ key, message: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
    // key stands for patient, confidence and recalibration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, current, engine]);

  const ready = fetched?.key === key ? fetched.prediction : null;
  return {
    prediction: isDefault || !current ? patient.prediction : (ready ?? patient.prediction),
    confidence: current ? confidence : DEFAULT_CONFIDENCE,
    setConfidence,
    recalibration,
    evaluation,
    updating: !isDefault && current && !ready && error?.key !== key,
    error: error?.key === key ? error.message : null,
    current,
  };
}
