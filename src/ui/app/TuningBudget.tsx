import type { BudgetWords } from './useTuningBudgetWords';

/**
 * The tuning plan's sentence after the mode's help. An answer awaited for changed settings keeps the old sentence's
 * place but hides it (from sight and from screen readers): its figures are not the current settings'.
 */
export function TuningBudget({ budget }: { budget: BudgetWords | null }) {
  if (!budget) return null;
  if (budget.current) return <> {budget.words}</>;
  return (
    <span className="budget-pending" aria-hidden="true">
      {' '}
      {budget.words}
    </span>
  );
}
