import type { Prediction } from '../../worker/api';
import { setGuarantee, setSentence } from './uncertaintyWords';
import { confidenceText } from '../app/format';

/** The outcomes that cannot be ruled out at the prediction's confidence, in words. */
export function PredictionSet({ prediction }: { prediction: Prediction }) {
  const set = prediction.predictionSet;
  const confidence = prediction.setConfidence ?? 0.9;
  if (set === undefined) return null;
  if (set === null && prediction.predictionSetNote) {
    return <p className="prediction-set muted">{prediction.predictionSetNote}</p>;
  }
  if (set === null) {
    return (
      <p className="prediction-set muted">
        Prediction set: not available (it is calibrated on the patients the model was trained on;
        load its training file, with bootstrap on, to see it).
      </p>
    );
  }
  return (
    <div className="prediction-set" role="group" aria-label="Prediction set">
      <p>
        <strong>
          Prediction set ({confidenceText(confidence)}): {'{'}
          {set.join(', ')}
          {'}'}
        </strong>
      </p>
      <p>
        {setSentence(set, confidence, prediction.classes, {
          reading: prediction.setReading,
          cutoffs: prediction.setCutoffs,
          probabilities: prediction.rawProbabilities ?? prediction.probabilities,
        })}
      </p>
      <p className="help">{setGuarantee(confidence)}</p>
      {(prediction.setWarnings ?? []).length > 0 && (
        <ul className="help">
          {prediction.setWarnings?.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
