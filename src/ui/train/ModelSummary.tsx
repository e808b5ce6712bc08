import type { ModelInfo } from '../../worker/api';
import type { ModelSource } from '../app/store';
import { useAppState } from '../app/storeContext';
import { SettingSuggestion } from './SettingSuggestion';
import { formatCount, percent } from '../app/format';
import { lazy, useMemo } from 'react';
import { Deferred } from '../app/Deferred';
import { useFocusRequest } from '../app/focusRequest';
import { DataTable } from '../app/DataTable';
import { suggestTrees } from './treeSuggestion';
import { TuningSummaryView } from './TuningSummary';

const TOP = 15;
const percentTick = (v: number) => `${v.toFixed(0)} %`;

const ImportanceChart = lazy(() =>
  import('../app/ImportanceChart').then((m) => ({ default: m.ImportanceChart })),
);

/** What was trained: size, time, out-of-bag accuracy and the features the trees relied on most. */
export function ModelSummary({ model, source }: { model: ModelInfo; source: ModelSource | null }) {
  const loadedFile = useAppState((s) => s.load.table?.fileName ?? null);
  const heading = useFocusRequest<HTMLHeadingElement>('train-result');
  const { top, total, bars } = useMemo(() => {
    const total = model.importances.reduce((a, b) => a + b.importance, 0) || 1;
    const top = model.importances.slice(0, TOP);
    return {
      top,
      total,
      bars: top.map((f) => ({ feature: f.feature, value: (f.importance / total) * 100 })),
    };
  }, [model]);
  const suggestion = suggestTrees(model);
  const imported = model.provenance?.origin === 'imported';
  const reference = model.provenance?.referenceCohort ?? null;
  // An ONNX file carries its trees but no counts of the patients they were grown on.
  const noImportances = model.importances.every((f) => !(f.importance > 0));
  return (
    <div className="model-summary" role="group" aria-label="Trained model">
      <h3 className="sub-title" tabIndex={-1} ref={heading}>
        The trained model
      </h3>
      {source && loadedFile && source.fileName !== loadedFile && (
        <p className="status-box">
          This model was trained on {source.fileName}. Train again to use {loadedFile}.
        </p>
      )}
      <dl className="facts facts-wide">
        <div>
          <dt>Trees</dt>
          <dd>{formatCount(model.nTrees)}</dd>
        </div>
        <div>
          <dt>Patients</dt>
          <dd>
            {!imported
              ? formatCount(model.nRows)
              : reference
                ? `not in the file; reference cohort ${formatCount(reference.rows)}`
                : 'not in the file'}
          </dd>
        </div>
        <div>
          <dt>Features</dt>
          <dd>{formatCount(model.encoding.features.length)}</dd>
        </div>
        <div>
          <dt>Fit time</dt>
          <dd>
            {imported
              ? 'trained elsewhere'
              : `${model.fitSeconds < 10 ? model.fitSeconds.toFixed(2) : model.fitSeconds.toFixed(1)} s${model.tuning ? ', tuning included' : ''}`}
          </dd>
        </div>
        <div>
          <dt>Out-of-bag accuracy</dt>
          <dd>{model.oobScore === null ? 'not available' : percent(model.oobScore)}</dd>
        </div>
        <div className="fact-wide">
          <dt>Outcome</dt>
          <dd className="break">
            {model.encoding.target}: {model.encoding.classes.join(' / ')}
          </dd>
        </div>
      </dl>
      {model.tuning && <TuningSummaryView tuning={model.tuning} />}
      {model.tuningSkipped && (
        <p className="status-box" role="note" aria-label="Tuning skipped">
          {model.tuningSkipped}
        </p>
      )}
      {suggestion && <TreeSuggestionNote trees={suggestion.trees} text={suggestion.text} />}
      {!imported && (
        <p className="help">
          Out-of-bag accuracy: how often the forest was right about each training patient using only
          the trees that did not see that patient. It is a first, rough check; a full evaluation
          follows.
        </p>
      )}

      {noImportances ? (
        <p className="help">
          {imported
            ? 'The model file carries its trees but not how many patients reached each branch, so the trees’ impurity importance is unknown here. Each prediction is still explained, against the reference cohort when one is loaded.'
            : 'No feature importances: the trees made no splits.'}
        </p>
      ) : (
        <>
          <h4 className="sub-title sub-title-small">
            Top {top.length} features the trees relied on (impurity importance)
          </h4>
          <Deferred minHeight={400} className="chart-and-table">
            <ImportanceChart
              bars={bars}
              tick={percentTick}
              label={
                top.length > 0
                  ? `Bar chart of the ${top.length} most important features. Highest: ${top
                      .slice(0, 3)
                      .map((f) => `${f.feature} ${percent(f.importance / total)}`)
                      .join(', ')}. The same numbers are in the table.`
                  : 'No feature importances.'
              }
            />
            <DataTable
              caption="Top features table"
              className="compact"
              rows={top}
              rowKey={(f) => f.feature}
              columns={[
                { key: 'rank', header: '#', cell: (_, i) => i + 1 },
                {
                  key: 'feature',
                  header: 'Feature',
                  rowHeader: true,
                  className: 'break',
                  cell: (f) => f.feature,
                },
                {
                  key: 'importance',
                  header: 'Importance',
                  numeric: true,
                  cell: (f) => percent(f.importance / total),
                },
              ]}
            />
          </Deferred>
          <p className="help">
            Impurity importance is the share of the trees’ splitting gain due to each feature. It
            favours columns with many distinct values and says nothing about the direction of an
            effect.
          </p>
        </>
      )}
    </div>
  );
}

/** The measured speed and a larger tree count that would still be quick, with a button that sets it. */
function TreeSuggestionNote({ trees, text }: { trees: number; text: string }) {
  return (
    <SettingSuggestion
      label="More trees"
      text={text}
      field="nEstimators"
      value={String(trees)}
      button={`Use ${trees} trees`}
      announce={`Number of trees set to ${trees}. Press Train model to grow them.`}
      done={`Number of trees is ${trees}: press Train model to grow them.`}
    />
  );
}
