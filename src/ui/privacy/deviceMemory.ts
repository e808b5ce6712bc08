/**
 * "Remember on this device": keeps the loaded file, the choices, the model and the session's patients in
 * IndexedDB while the box is ticked, and deletes them when it is unticked or everything is forgotten.
 *
 * This is device state, not session state, so it lives here rather than in the app store: the store is what
 * is remembered, this object is what remembers it. Components read its state with useDeviceMemory().
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { EngineClient, EvaluationReport } from '../../worker/api';
import type { AppState, AppStore } from '../app/store';
import {
  SESSION_VERSION,
  deleteDeviceDb,
  openDeviceDb,
  recordBytes,
  type DeviceDb,
  type StoredSession,
} from './deviceDb';
import { forgetEverything } from './forget';
import type { LoadedFile } from './lastLoadedFile';

export interface DeviceMemoryState {
  remember: boolean;
  /** Bytes of what is stored (file + model + session), null when nothing is. */
  storedBytes: number | null;
  /** navigator.storage.estimate().usage: everything this site holds, the app's offline copy included. */
  siteBytes: number | null;
  /** Plain-words result of the last restore / save / forget. */
  message: string | null;
  error: string | null;
  busy: boolean;
}

/** The evaluation to save with the model, when the app holds one (the Evaluate step's report). */
export type EvaluationOf = (state: AppState) => EvaluationReport | null;

const SAVE_DELAY_MS = 300;

export class DeviceMemory {
  private state: DeviceMemoryState;
  private readonly listeners = new Set<() => void>();
  private db: DeviceDb | null = null;
  /** Bumped by unticking and forgetting, so a save already under way writes nothing more. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private savedTable: unknown = undefined;
  private savedModel: unknown = undefined;
  private savedReport: unknown = undefined;
  private lastKey: unknown[] = [];

  constructor(
    private readonly store: AppStore,
    private readonly engine: EngineClient,
    private readonly lastLoaded: () => LoadedFile | null,
    private readonly evaluationOf: EvaluationOf,
    start: { remember: boolean; message: string | null },
  ) {
    this.state = {
      remember: start.remember,
      storedBytes: null,
      siteBytes: null,
      message: start.message,
      error: null,
      busy: false,
    };
    if (start.remember) {
      // Restored: what the store holds now is what is stored, nothing to write until it changes.
      const s = store.getState();
      this.savedTable = s.load.table;
      this.savedModel = s.train.model;
      this.savedReport = evaluationOf(s);
      this.lastKey = sessionKey(s);
      void this.refreshSizes();
    }
    store.subscribe(() => this.onStoreChange());
  }

  getState = (): DeviceMemoryState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: Partial<DeviceMemoryState>): void {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  }

  /** Ticking stores everything now; unticking deletes what was stored. */
  async setRemember(on: boolean): Promise<void> {
    if (on === this.state.remember) return;
    this.generation++;
    this.cancelTimer();
    if (on) {
      this.set({ remember: true, error: null, message: null });
      this.savedTable = undefined;
      this.savedModel = undefined;
      this.savedReport = undefined;
      // Ask the browser not to evict what the user asked to keep (it may say no; that is fine).
      void navigator.storage?.persist?.().catch(() => false);
      this.schedule(0);
    } else {
      this.set({ remember: false, busy: true, error: null });
      await this.queue;
      try {
        const db = this.db;
        this.db = null;
        await deleteDeviceDb(db);
        this.set({
          storedBytes: null,
          message: 'Stopped remembering: what was stored is deleted.',
        });
      } catch (error) {
        this.set({ error: `What was stored could not be deleted (${describe(error)}).` });
      } finally {
        this.set({ busy: false });
        void this.refreshSizes();
      }
    }
  }

  /** Deletes every database, storage entry and data cache of this site, and stops remembering. */
  async forgetEverything(): Promise<void> {
    this.generation++;
    this.cancelTimer();
    this.set({ remember: false, busy: true, error: null, message: null });
    await this.queue;
    this.db?.close();
    this.db = null;
    try {
      await forgetEverything();
      this.set({
        storedBytes: null,
        message:
          'Everything stored on this device was deleted. What is on screen stays until you reload or close the page.',
      });
    } catch (error) {
      this.set({ error: `Not everything could be deleted (${describe(error)}). Try again.` });
    } finally {
      this.set({ busy: false });
      void this.refreshSizes();
    }
  }

  private onStoreChange(): void {
    if (!this.state.remember) return;
    // After the engine restarted (the table and model on screen were lost with its worker), what is stored stays
    // as it was until a table is loaded again: reloading the page then restores the work instead of nothing.
    if (this.store.getState().engineRestart) return;
    const key = sessionKey(this.store.getState());
    if (key.length === this.lastKey.length && key.every((v, i) => v === this.lastKey[i])) return;
    this.lastKey = key;
    this.schedule(SAVE_DELAY_MS);
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    this.cancelTimer();
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.queue = this.queue.then(() => this.save(generation));
    }, delay);
  }

  private async connection(): Promise<DeviceDb> {
    if (!this.db) {
      const db = await openDeviceDb();
      // Another tab deleting the database (forget) must not wait for this connection.
      db.addEventListener('versionchange', () => {
        db.close();
        if (this.db === db) this.db = null;
      });
      this.db = db;
    }
    return this.db;
  }

  /** Writes what changed since the last save. */
  private async save(generation: number): Promise<void> {
    const current = () => generation === this.generation && this.state.remember;
    if (!current()) return;
    try {
      const s = this.store.getState();
      const db = await this.connection();
      if (!current()) return;
      const now = new Date().toISOString();
      // The session record goes first: its presence is what says "remembering" at the next start.
      await db.put('session', sessionOf(s, now), 'current');

      const table = s.load.table;
      if (table !== this.savedTable) {
        const file = this.lastLoaded();
        if (!table) await db.delete('dataset', 'current');
        else if (file && file.fileName === table.fileName) {
          await db.put(
            'dataset',
            { blob: file.blob, fileName: file.fileName, savedAt: now },
            'current',
          );
        }
        this.savedTable = table;
      }

      const model = s.train.model;
      const report = this.evaluationOf(s);
      if (model !== this.savedModel || report !== this.savedReport) {
        if (!model) await db.delete('model', 'current');
        else {
          const text = await this.engine.exportModel(report);
          if (!current()) return;
          // The engine's model could already be a newer one; write only the one the store shows.
          if (trainedAtOf(text) === model.trainedAt) {
            await db.put('model', { text, trainedAt: model.trainedAt, savedAt: now }, 'current');
          }
        }
        this.savedModel = model;
        this.savedReport = report;
      }
      if (!current()) return;
      await this.refreshSizes();
      this.set({ error: null });
    } catch (error) {
      if (!current()) return;
      this.set({ error: `Could not store your work on this device (${describe(error)}).` });
    }
  }

  private async refreshSizes(): Promise<void> {
    let storedBytes: number | null = null;
    if (this.state.remember) {
      try {
        const db = await this.connection();
        const [dataset, model, session] = await Promise.all([
          db.get('dataset', 'current'),
          db.get('model', 'current'),
          db.get('session', 'current'),
        ]);
        storedBytes = recordBytes({
          dataset: dataset ?? null,
          model: model ?? null,
          session: session ?? null,
        });
      } catch {
        storedBytes = null;
      }
    }
    const siteBytes = await siteUsage();
    this.set({ storedBytes: this.state.remember ? storedBytes : null, siteBytes });
  }
}

/** navigator.storage.estimate().usage, or null where the browser does not tell. */
async function siteUsage(): Promise<number | null> {
  try {
    return (await navigator.storage?.estimate?.())?.usage ?? null;
  } catch {
    return null;
  }
}

/** The parts of the state that are remembered; a change in any of them is saved. */
function sessionKey(s: AppState): unknown[] {
  return [
    s.load.table,
    s.load.target,
    s.load.choices,
    s.settings,
    s.train.model,
    s.train.modelSource,
    s.evaluate.report,
    s.form,
    s.predict.patients,
    s.predict.nextId,
    s.predict.shownId,
  ];
}

function sessionOf(s: AppState, savedAt: string): StoredSession {
  return {
    version: SESSION_VERSION,
    fileName: s.load.table?.fileName ?? null,
    target: s.load.target,
    choices: s.load.choices,
    settings: s.settings,
    modelSource: s.train.modelSource,
    form: s.form,
    patients: s.predict.patients,
    nextId: s.predict.nextId,
    shownId: s.predict.shownId,
    savedAt,
  };
}

function trainedAtOf(text: string): string | null {
  try {
    const file = JSON.parse(text) as { info?: { trainedAt?: unknown } };
    return typeof file.info?.trainedAt === 'string' ? file.info.trainedAt : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

export const DeviceMemoryContext = createContext<DeviceMemory | null>(null);

export function useDeviceMemoryInstance(): DeviceMemory {
  const memory = useContext(DeviceMemoryContext);
  if (!memory) throw new Error('Wrap the app in <DeviceMemoryContext.Provider>.');
  return memory;
}

export function useDeviceMemory(): DeviceMemoryState {
  const memory = useDeviceMemoryInstance();
  return useSyncExternalStore(memory.subscribe, memory.getState, memory.getState);
}
