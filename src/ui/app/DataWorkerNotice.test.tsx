// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataWorkerRestart, EngineClient, ModelInfo } from '../../worker/api';
import { DataWorkerNotice } from './DataWorkerNotice';
import { EngineContext } from './engineContext';
import { createAppStore, initialState } from './store';
import { StoreContext } from './storeContext';

afterEach(cleanup);

describe('the notice of a data worker restart', () => {
  it('tells what was lost at once (role="alert"), stops showing the model, and can be dismissed', () => {
    let listener: ((restart: DataWorkerRestart) => void) | null = null;
    const engine = {
      onDataWorkerRestart(l: (restart: DataWorkerRestart) => void) {
        listener = l;
        return () => {
          listener = null;
        };
      },
    } as unknown as EngineClient;
    const model = { trainedAt: 't1', encoding: { target: 'y' } } as unknown as ModelInfo;
    const store = createAppStore({
      ...initialState,
      train: { ...initialState.train, status: 'done', model },
    });
    const view = render(
      <EngineContext.Provider value={engine}>
        <StoreContext.Provider value={store}>
          <DataWorkerNotice />
        </StoreContext.Provider>
      </EngineContext.Provider>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    act(() =>
      listener?.({
        cause: 'The model file “m.json” took longer than 60 s to open and was stopped',
        lostTable: false,
        lostModel: true,
      }),
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'The model file “m.json” took longer than 60 s to open and was stopped. The app restarted its data worker, so the model is no longer loaded.',
    );
    expect(store.getState().train.model).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    view.unmount();
    expect(listener).toBeNull();
  });
});
