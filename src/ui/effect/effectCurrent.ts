/** Whether the kept treatment-effect estimate belongs to the table loaded now. */
import type { TableSummary } from '../../worker/api';
import type { EffectState } from './effectSlice';

/** True when the estimate was made on the loaded table (same file and rows): only then is it shown or used. */
export function effectIsCurrent(
  effect: Pick<EffectState, 'report' | 'source'>,
  table: Pick<TableSummary, 'fileName' | 'rowCount'> | null,
): boolean {
  return (
    effect.report !== null &&
    effect.source !== null &&
    table !== null &&
    effect.source.fileName === table.fileName &&
    effect.source.rowCount === table.rowCount
  );
}
