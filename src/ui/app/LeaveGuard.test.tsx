// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TableSummary } from '../../worker/api';
import { LeaveGuard } from './LeaveGuard';
import { createAppStore, initialState } from './store';
import { StoreContext } from './storeContext';

afterEach(cleanup);

/** Whether leaving the page now would be stopped for a prompt. */
function leavingAsks(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

function renderWith(table: TableSummary | null) {
  const store = createAppStore({ ...initialState, load: { ...initialState.load, table } });
  return render(
    <StoreContext.Provider value={store}>
      <LeaveGuard />
    </StoreContext.Provider>,
  );
}

describe('leaving the page with a cohort loaded', () => {
  it('asks while a cohort is loaded (no device memory: nothing is remembered)', () => {
    const view = renderWith({ fileName: 'c.csv' } as TableSummary);
    expect(leavingAsks()).toBe(true);
    view.unmount();
    expect(leavingAsks()).toBe(false);
  });

  it('does not ask when no cohort is loaded', () => {
    renderWith(null);
    expect(leavingAsks()).toBe(false);
  });
});
