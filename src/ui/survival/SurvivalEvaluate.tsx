import { useEffect, useId, useRef, useState } from 'react';
import type {
  EvaluationProgress,
  SurvivalFigures,
  SurvivalFoldRow,
  SurvivalReport,
} from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { errorMessage, useEngine } from '../app/engineContext';
import { formatCount } from '../app/format';
import { setJobProgress } from '../app/progressStore';
import { throttleLatest } from '../app/throttle';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { SurvivalCurves } from './SurvivalCurves';
import { SurvivalModelCardButton } from './SurvivalModelCardButton';
import { EvaluationCautions } from '../evaluate/EvaluationCautions';
import { EvaluationProgressView } from '../evaluate/EvaluationProgressView';
import { BrierOverTime, SurvivalHorizonFigures } from './SurvivalHorizonFigures';
import { GroupColumnField } from '../evaluate/GroupColumnField';
import { useGroupCandidates } from '../evaluate/groupCandidates';
import { getEvaluationOptions } from '../evaluate/evaluationOptions';
import './survival.css';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'not available');

/** "0.612 (95 % interval 0.560 to 0.668)". */
function cText(f: SurvivalFigures): string {
  const [lo, hi] = f.cindexInterval;
  return Number.isFinite(lo)
    ? `${f3(f.cindex)} (95 % interval ${f3(lo)} to ${f3(hi)})`
    : `${f3(f.cindex)} (no interval: too few comparable pairs)`;
}

/** Folds in the Evaluate step's cross-validation. */
const FOLDS = 5;

/**
 * Runs the k-fold cross-validation of every newly trained survival model on the worker pool, as the class mode
 * evaluates every new model at once; a new training cancels a running one.
 */
function useSurvivalCv(groupCandidates: string[]) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const report = useAppState((s) => s.survival.report);
  const training = useAppState((s) => s.survival.training);
  const [status, setStatus] = useState<'idle' | 'running' | 'cancelled' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const started = useRef<SurvivalReport | null>(null);

  async function start() {
    const from = store.getState().survival.report;
    if (!from || from.openedFrom) return;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    started.current = from;
    setStatus('running');
    setError(null);
    setJobProgress('evaluate', null);
    // A tick per tree re-renders the bar at most every 100 ms, as the class evaluation's.
    const progress = throttleLatest((p: EvaluationProgress) => {
      if (!abort.signal.aborted) setJobProgress('evaluate', p);
    }, 100);
    try {
      const chosen = getEvaluationOptions().groupColumn;
      const r = await engine.evaluateSurvival(FOLDS, {
        signal: abort.signal,
        onProgress: progress.push,
        groupColumn: groupCandidates.includes(chosen) ? chosen : null,
      });
      if (abort.signal.aborted) return;
      // A model trained meanwhile is not the one these figures are of.
      if (store.getState().survival.report === from)
        dispatch({ type: 'survival/evaluated', report: r });
      setStatus('idle');
    } catch (e) {
      if (abort.signal.aborted) return;
      setStatus('error');
      setError(errorMessage(e));
    } finally {
      progress.cancel();
      if (controller.current === abort) {
        controller.current = null;
        setJobProgress('evaluate', null);
      }
    }
  }

  function cancel() {
    if (!controller.current) return;
    controller.current.abort();
    controller.current = null;
    setJobProgress('evaluate', null);
    setStatus('cancelled');
  }

  useEffect(() => {
    if (training) {
      cancel();
      return;
    }
    if (report && !report.openedFrom && !report.crossValidation && started.current !== report)
      void start();
    // start/cancel read what they need from the store and refs when called.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [report, training]);

  return { status, error, start, cancel };
}

/** Evaluate step in time-to-event mode: Harrell's C, integrated Brier score, Kaplan–Meier curves. */
export function SurvivalEvaluate() {
  const r = useAppState((s) => s.survival.report);
  // The outcome's own columns are never groups.
  const candidates = useGroupCandidates(r ? [r.choice.time, r.choice.event] : []);
  const cv = useSurvivalCv(candidates);
  const groupHelp = useId();
  if (!r) return <p className="muted">Train a survival model first: it is checked right after.</p>;
  const unit = r.choice.unit;
  const rows = [
    ...(r.crossValidation
      ? [{ how: `${r.crossValidation.folds}-fold cross-validation`, f: r.crossValidation }]
      : []),
    ...(r.outOfBag ? [{ how: 'Out-of-bag (patients each tree did not see)', f: r.outOfBag }] : []),
  ];
  const main = r.crossValidation ?? r.outOfBag;
  // The engine's verdict, worded as the class mode's (engine/survival/verdict), shown once in the summary.
  const weak = r.crossValidation?.chance.message ?? null;
  const warnings = r.warnings.filter((w) => w !== weak);
  return (
    <div className="evaluate-step">
      {!main && r.openedFrom && (
        <p className="lead-figure">
          Opened from {r.openedFrom}
          {r.savedOobCindex !== null &&
            `: its out-of-bag Harrell’s C when trained was ${f3(r.savedOobCindex)} (no interval saved)`}
          .
        </p>
      )}
      {main && (
        <p className="lead-figure">
          Harrell’s C: {cText(main)},{' '}
          {r.crossValidation ? `${r.crossValidation.folds}-fold cross-validation` : 'out-of-bag'}.
          0.5 is chance, 1 a perfect ranking of who has the event first.
        </p>
      )}
      {!r.openedFrom && candidates.length > 0 && (
        <div className="settings-grid">
          <GroupColumnField
            candidates={candidates}
            disabled={cv.status === 'running'}
            describedBy={groupHelp}
          />
        </div>
      )}
      <div className="action-row">
        {!r.openedFrom &&
          (cv.status === 'running' ? (
            <EvaluationProgressView oobScore={null} onCancel={cv.cancel} />
          ) : (
            <button type="button" className="btn" onClick={() => void cv.start()}>
              {r.crossValidation ? 'Cross-validate again' : `Run ${FOLDS}-fold cross-validation`}
            </button>
          ))}
        <SurvivalModelCardButton />
      </div>
      {!r.openedFrom && (
        <p className="help" id={groupHelp}>
          {FOLDS}-fold cross-validation: the patients are split into {FOLDS} groups with the same
          share of events; each group is predicted by a forest grown on the others with the same
          settings, on every worker of this device. A <strong>group column</strong> (family, site, a
          patient’s repeated records) keeps every group wholly in one fold, so relatives never help
          predict each other; the shares of events then match as far as the groups allow.
        </p>
      )}
      {r.crossValidation?.tunedLeaves && (
        <p className="status-box" role="note" aria-label="Tuning in the evaluation">
          The leaf size was tuned again inside each fold, on the out-of-bag patients of that fold’s
          training patients only (chosen:{' '}
          {r.crossValidation.tunedLeaves.map((leaf, i) => `fold ${i + 1}: ${leaf}`).join(', ')}), so
          these figures cover the tuning.
          {r.crossValidation.tuningGroups && ` ${r.crossValidation.tuningGroups}`}
        </p>
      )}
      {r.crossValidation?.groups && (
        <p className="status-box" role="note" aria-label="Groups in the cross-validation">
          Each of the {formatCount(r.crossValidation.groups.count)} groups of “
          {r.crossValidation.groups.column}” stayed wholly in one fold
          {r.crossValidation.groups.unlabelled > 0
            ? ` (${formatCount(r.crossValidation.groups.unlabelled)} ${r.crossValidation.groups.unlabelled === 1 ? 'patient' : 'patients'} without a group label, each a group of their own)`
            : ''}
          .
        </p>
      )}
      {cv.status === 'cancelled' && (
        <p className="status-box" role="status">
          The cross-validation was cancelled
          {r.crossValidation ? '; the figures below are from the previous one' : ''}.
        </p>
      )}
      {cv.status === 'error' && cv.error && (
        <div className="alert alert-error" role="alert">
          <strong className="alert-title">The cross-validation failed</strong> {cv.error}
        </div>
      )}
      {r.crossValidation && (
        <div
          className={`eval-summary${weak ? ' is-weak' : ''}`}
          role="group"
          aria-label="Evaluation summary"
        >
          <p>{r.crossValidation.summary}</p>
          {weak && (
            <p>
              <strong>This model does not beat chance.</strong> {weak} More patients or more
              informative columns may help.
            </p>
          )}
        </div>
      )}
      {r.crossValidation && <EvaluationCautions cautions={r.crossValidation.cautions} />}
      {warnings.length > 0 && (
        <div className="alert alert-warn" role="group" aria-label="Evaluation warnings">
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {rows.length > 0 && (
        <DataTable
          caption="How well the survival model ranks and predicts held-out patients"
          showCaption
          className="compact survival-figures"
          columns={[
            {
              key: 'how',
              header: 'Patients held out by',
              rowHeader: true,
              cell: (x: (typeof rows)[number]) => x.how,
            },
            {
              key: 'c',
              header: 'Harrell’s C (95 % interval)',
              numeric: true,
              cell: (x) => cText(x.f),
            },
            {
              key: 'ibs',
              header: 'Integrated Brier score',
              numeric: true,
              cell: (x) => f3(x.f.integratedBrier),
            },
            { key: 'n', header: 'Patients', numeric: true, cell: (x) => formatCount(x.f.patients) },
          ]}
          rows={rows}
          rowKey={(x) => x.how}
        />
      )}
      {rows.length > 0 && (
        <p className="help">
          The integrated Brier score is the squared error of the predicted survival (censoring
          weighted), averaged from {r.brierRange[0]} to {r.brierRange[1]} {unit}: lower is better;
          0.25 is what a constant 50 % would score.
          {r.crossValidationNote && ` ${r.crossValidationNote}`}
        </p>
      )}
      {r.crossValidation && (
        <DataTable
          caption={`Harrell’s C of each fold’s held-out patients (${r.crossValidation.folds}-fold cross-validation)`}
          showCaption
          className="compact survival-figures"
          columns={[
            {
              key: 'fold',
              header: 'Fold',
              rowHeader: true,
              cell: (x: SurvivalFoldRow) => String(x.fold),
            },
            {
              key: 'n',
              header: 'Patients',
              numeric: true,
              cell: (x) => formatCount(x.patients),
            },
            { key: 'e', header: 'Events', numeric: true, cell: (x) => formatCount(x.events) },
            { key: 'c', header: 'Harrell’s C', numeric: true, cell: (x) => f3(x.cindex) },
          ]}
          rows={r.crossValidation.foldRows}
          rowKey={(x) => String(x.fold)}
        />
      )}
      {r.crossValidation && <BrierOverTime cv={r.crossValidation} unit={unit} />}
      {r.crossValidation && (
        <SurvivalHorizonFigures
          key={`${r.fitSeconds}:${r.crossValidation.fitSeconds}:${r.crossValidation.cindex}`}
          cv={r.crossValidation}
          unit={unit}
          maxFollowUp={r.maxFollowUp}
        />
      )}
      {r.cohortCurve && (
        <>
          <h3 className="sub-title">Kaplan–Meier curves</h3>
          <SurvivalCurves
            label="Kaplan–Meier curve of the cohort"
            curves={[{ key: 'cohort', name: 'All patients', curve: r.cohortCurve }]}
            maxTime={r.maxFollowUp}
            unit={unit}
          />
        </>
      )}
      {r.tertileCurves.length > 0 && (
        <>
          <p className="help">
            The patients split by out-of-bag predicted risk into thirds: well-separated curves mean
            the model tells higher- from lower-risk patients apart.
          </p>
          <SurvivalCurves
            label="Kaplan–Meier curves by third of predicted risk"
            curves={r.tertileCurves.map((c, i) => ({
              key: `t${i}`,
              name: `${c.label} (${c.patients} patients, ${c.events} events)`,
              short: ['Lowest third', 'Middle third', 'Highest third'][i],
              curve: c,
            }))}
            maxTime={r.maxFollowUp}
            unit={unit}
          />
        </>
      )}
    </div>
  );
}
