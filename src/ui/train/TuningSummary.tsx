import type { TuningCandidateSummary, TuningSummary } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';

const four = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'not scored');

/** A depth limit in words (absent in files before depth was tuned: no limit). */
const depthWords = (d: number | null | undefined): string =>
  d === null || d === undefined ? 'no depth limit' : `depth ${d}`;

/** How a setting drew each split's features, in words (absent in files before screened candidates: uniform). */
const drawWords = (d: TuningCandidateSummary['draws']): string =>
  d === 'screened' ? 'weighted by the screen' : 'uniform';

/** A candidate's name in words: its leaf size, features per split and depth limit. */
function settingName(c: TuningCandidateSummary): string {
  return `${c.minSamplesLeaf} per leaf, ${c.featuresPerSplit} per split, ${depthWords(c.maxDepth)}`;
}

/**
 * What tuning tried and chose: the chosen settings in a sentence, then a small table of every setting tried with its
 * out-of-bag figures (the chosen row marked in words, not only by colour).
 */
export function TuningSummaryView({ tuning }: { tuning: TuningSummary }) {
  const { chosen, candidates } = tuning;
  return (
    <div className="tuning-summary" role="group" aria-label="Settings tuned on out-of-bag patients">
      <h4 className="sub-title sub-title-small">Settings tuned on out-of-bag patients</h4>
      <p>
        Chosen: at least {formatCount(chosen.minSamplesLeaf)} patient
        {chosen.minSamplesLeaf === 1 ? '' : 's'} per leaf and {formatCount(chosen.featuresPerSplit)}{' '}
        feature{chosen.featuresPerSplit === 1 ? '' : 's'} tried per split,{' '}
        {chosen.maxDepth === null || chosen.maxDepth === undefined
          ? 'with no depth limit'
          : `at most ${chosen.maxDepth} levels deep`}
        {chosen.draws === 'screened'
          ? ', each split’s features drawn with weights from the screen'
          : ''}
        . {candidates.length} settings were tried on {formatCount(tuning.treesGrown)} trees (
        {formatCount(tuning.treesPerCandidate)} each, more for the leading ones: see the table)
        before the {formatCount(tuning.finalTrees)} trees of the forest were grown
        {tuning.treesReused
          ? ` (its first ${formatCount(tuning.treesReused)} are the chosen setting’s own from the search, the same trees a fresh forest would grow, so only ${formatCount(tuning.finalTrees - tuning.treesReused)} more were grown)`
          : ''}
        .
      </p>
      <DataTable
        caption="Settings tried while tuning, with their out-of-bag figures"
        className="compact"
        rows={candidates}
        rowKey={(c) =>
          `${c.minSamplesLeaf}-${c.featuresPerSplit}-${String(c.maxDepth ?? null)}-${c.draws ?? 'uniform'}`
        }
        rowClassName={(c) => (c.chosen ? 'is-best' : undefined)}
        columns={[
          { key: 'setting', header: 'Setting', rowHeader: true, cell: settingName },
          { key: 'draws', header: 'Feature draws', cell: (c) => drawWords(c.draws) },
          { key: 'trees', header: 'Trees', numeric: true, cell: (c) => formatCount(c.trees) },
          {
            key: 'score',
            header: 'Expected Brier score',
            numeric: true,
            cell: (c) => four(c.brier),
          },
          {
            key: 'oobBrier',
            header: 'Out-of-bag Brier',
            numeric: true,
            cell: (c) => four(c.oobBrier),
          },
          {
            key: 'oobLogLoss',
            header: 'Out-of-bag log loss',
            numeric: true,
            cell: (c) => four(c.oobLogLoss),
          },
          { key: 'chosen', header: 'Chosen', cell: (c) => (c.chosen ? 'chosen' : '') },
        ]}
      />
      {tuning.groups && <p>{tuning.groups}</p>}
      {tuning.screen && <p>{tuning.screen}</p>}
      <p className="help">
        Each setting was scored on the patients its trees did not see (out of bag). The expected
        Brier score estimates that of the full forest (lower is better); a setting had to beat
        scikit-learn’s defaults (the first row) by more than two standard errors to be chosen. The
        out-of-bag Brier score and log loss are those of the setting’s own few trees, so they read
        worse than the final forest’s. The cross-validated evaluation tunes again inside each fold.
      </p>
    </div>
  );
}
