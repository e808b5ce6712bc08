import { useId } from 'react';
import type { ClassCurves, Interval, ThresholdIntervals } from '../../worker/api';
import { percent, percentRange, thresholdText } from '../app/format';
import { ConfusionMatrix } from './ConfusionMatrix';
import { pointAtThreshold, readPoint } from './threshold';

interface Props {
  classes: string[];
  /** The positive class's curves (binary outcomes). */
  curves: ClassCurves;
  threshold: number;
  onThreshold: (t: number) => void;
  /** 95 % intervals of the figures at this threshold (engine/evaluate/intervals.ts); null when not computed. */
  intervals?: ThresholdIntervals | null;
}

/** A rate with its 95 % interval underneath, when known. */
function Rate({ value, ci }: { value: number; ci: Interval | undefined }) {
  const range = percentRange(ci);
  return (
    <>
      {percent(value)}
      {range && <span className="fact-interval"> (95 % CI {range})</span>}
    </>
  );
}

/** Binary outcomes: a threshold slider and what it gives, read from the engine's curve points. */
export function ThresholdPanel({ classes, curves, threshold, onThreshold, intervals }: Props) {
  const sliderId = useId();
  const helpId = useId();
  const [negative, positive] = classes;
  const point = pointAtThreshold(curves.points, threshold);
  if (!point) return null;
  const r = readPoint(point);
  const t = thresholdText(threshold);
  return (
    <div className="threshold-panel" role="group" aria-label="Results at the chosen threshold">
      <div className="field threshold-field">
        <label htmlFor={sliderId}>Decision threshold</label>
        <div className="threshold-row">
          <input
            id={sliderId}
            type="range"
            min={0.01}
            max={0.99}
            step={0.01}
            value={threshold}
            aria-valuetext={`${t}: call “${positive}” when its probability is at least ${t}`}
            aria-describedby={helpId}
            onChange={(e) => onThreshold(Number(e.target.value))}
          />
          <output htmlFor={sliderId} className="threshold-value">
            {t}
          </output>
        </div>
        <p className="help" id={helpId}>
          A patient is called “{positive}” when the probability of “{positive}” is at least {t}.
          Lower it to miss fewer “{positive}” patients at the cost of more false alarms.
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>Sensitivity</dt>
          <dd>
            <Rate value={r.sensitivity} ci={intervals?.sensitivity} />
          </dd>
        </div>
        <div>
          <dt>Specificity</dt>
          <dd>
            <Rate value={r.specificity} ci={intervals?.specificity} />
          </dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd>
            <Rate value={r.accuracy} ci={intervals?.accuracy} />
          </dd>
        </div>
        <div>
          <dt>Balanced accuracy</dt>
          <dd>
            <Rate value={r.balancedAccuracy} ci={intervals?.balancedAccuracy} />
          </dd>
        </div>
      </dl>
      <ConfusionMatrix
        classes={[negative, positive]}
        matrix={[
          [point.tn, point.fp],
          [point.fn, point.tp],
        ]}
        label={`Confusion matrix at threshold ${t}`}
      />
    </div>
  );
}
