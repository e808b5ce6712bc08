/**
 * Loads the code of the result views (charts) while the page is idle after the first table is loaded, so parsing
 * and initialising the chart library never happens in the busy moment when a result arrives, nor while a file is
 * read.
 */
export function preloadResultViews(): void {
  const load = () => {
    void import('../evaluate/EvaluationView');
    void import('./ImportanceChart');
    void import('../predict/ProbabilityChart');
    void import('../predict/Explanation');
    void import('../predict/DependencePlot');
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}
