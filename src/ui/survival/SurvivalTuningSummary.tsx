import type { SurvivalReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';

type Tuning = NonNullable<SurvivalReport['tuning']>;
type Candidate = Tuning['candidates'][number];

const three = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'not scored');

/** "+0.012 (SE 0.004)" for a candidate beside the base; the base itself has no difference. */
function gainText(c: Candidate, k: number): string {
  if (k === 0) return 'the base';
  if (!Number.isFinite(c.gain)) return 'not scored';
  const sign = c.gain >= 0 ? '+' : '−';
  const se = Number.isFinite(c.gainStandardError) ? ` (SE ${c.gainStandardError.toFixed(3)})` : '';
  return `${sign}${Math.abs(c.gain).toFixed(3)}${se}`;
}

/**
 * What the survival leaf-size tuning tried and chose: a sentence, then every leaf size tried with its out-of-bag
 * Harrell's C and its difference from the base (the chosen row said in words, not only by colour).
 */
export function SurvivalTuningSummary({ tuning, trees }: { tuning: Tuning; trees: number }) {
  const { chosen, candidates } = tuning;
  return (
    <div className="tuning-summary" role="group" aria-label="Settings tuned on out-of-bag patients">
      <h4 className="sub-title sub-title-small">Settings tuned on out-of-bag patients</h4>
      <p>
        Chosen: at least {formatCount(chosen)} patient{chosen === 1 ? '' : 's'} per leaf.{' '}
        {candidates.length} leaf sizes were tried on {formatCount(tuning.treesGrown)} trees (
        {formatCount(candidates[0]?.trees ?? 0)} each), scored on the{' '}
        {formatCount(tuning.rowsScored)} patients every candidate left out at least once, before the{' '}
        {formatCount(trees)} trees of the forest were grown.
      </p>
      <DataTable
        caption="Leaf sizes tried while tuning, with their out-of-bag Harrell’s C"
        className="compact"
        rows={candidates}
        rowKey={(c) => String(c.minSamplesLeaf)}
        rowClassName={(c) => (c.minSamplesLeaf === chosen ? 'is-best' : undefined)}
        columns={[
          {
            key: 'leaf',
            header: 'Minimum patients per leaf',
            rowHeader: true,
            cell: (c: Candidate) => formatCount(c.minSamplesLeaf),
          },
          { key: 'trees', header: 'Trees', numeric: true, cell: (c) => formatCount(c.trees) },
          {
            key: 'c',
            header: 'Out-of-bag Harrell’s C',
            numeric: true,
            cell: (c) => three(c.cindex),
          },
          {
            key: 'gain',
            header: 'Difference from the base',
            numeric: true,
            cell: (c) => gainText(c, candidates.indexOf(c)),
          },
          {
            key: 'chosen',
            header: 'Chosen',
            cell: (c) => (c.minSamplesLeaf === chosen ? 'chosen' : ''),
          },
        ]}
      />
      <p className="help">
        Each leaf size grew a small forest with the same seed (the same bootstrap samples) and was
        scored by Harrell’s C on the patients its trees did not see (higher is better). The base
        (the first row) is left only for a C higher by more than two standard errors of the
        difference (a bootstrap over those patients): with several candidates, one beats the base by
        chance more often than not. The small forests’ C reads lower than the final forest’s.
        Patients of one group (family, site) are not kept together here.
      </p>
    </div>
  );
}
