/**
 * What "Remember on this device" keeps, in one IndexedDB database (library: idb). The database exists only
 * while remembering is on: ticking creates it, unticking or "Forget everything" deletes it, so its presence is
 * the "remember" flag and nothing else (no localStorage) is needed.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ColumnChoice } from '../../worker/api';
import type { ModelSource, SessionPatient, SettingsDraft } from '../app/store';

export const DEVICE_DB_NAME = 'genoforest-device';
const DB_VERSION = 1;
/** Version of the records' shape; a stored session of another version is ignored, not misread. */
export const SESSION_VERSION = 1;

/** The loaded file, byte for byte, re-read through the engine on restore. */
export interface StoredDataset {
  blob: Blob;
  fileName: string;
  savedAt: string;
}

/** The trained (or opened) model as .genoforest.json text, re-opened through the engine on restore. */
export interface StoredModel {
  text: string;
  trainedAt: string;
  savedAt: string;
}

/** The user's choices and the session's patients (plain, structured-cloneable data). */
export interface StoredSession {
  version: number;
  /** The file the choices belong to (choices are dropped when another file is restored). */
  fileName: string | null;
  target: string | null;
  choices: Record<string, ColumnChoice>;
  settings: SettingsDraft;
  modelSource: ModelSource | null;
  form: Record<string, string>;
  patients: SessionPatient[];
  nextId: number;
  shownId: number | null;
  savedAt: string;
}

export interface RememberedRecords {
  dataset: StoredDataset | null;
  model: StoredModel | null;
  session: StoredSession | null;
}

interface DeviceSchema extends DBSchema {
  dataset: { key: 'current'; value: StoredDataset };
  model: { key: 'current'; value: StoredModel };
  session: { key: 'current'; value: StoredSession };
}

export type DeviceDb = IDBPDatabase<DeviceSchema>;

/** Opens (creating when needed) the database. */
export function openDeviceDb(): Promise<DeviceDb> {
  return openDB<DeviceSchema>(DEVICE_DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('dataset');
      db.createObjectStore('model');
      db.createObjectStore('session');
    },
  });
}

/** True when the database exists, found without creating it (indexedDB.databases), else by opening it. */
export async function deviceDbExists(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases === 'function') {
    const all = await indexedDB.databases();
    return all.some((d) => d.name === DEVICE_DB_NAME);
  }
  return true;
}

/** Reads what is remembered, or null when remembering is off. */
export async function readRemembered(): Promise<RememberedRecords | null> {
  if (!(await deviceDbExists())) return null;
  const db = await openDeviceDb();
  try {
    const [dataset, model, session] = await Promise.all([
      db.get('dataset', 'current'),
      db.get('model', 'current'),
      db.get('session', 'current'),
    ]);
    if (!session) {
      // Remembering always writes a session record first: an empty database was only created by this probe.
      db.close();
      await deleteDB(DEVICE_DB_NAME);
      return null;
    }
    return {
      dataset: dataset ?? null,
      model: model ?? null,
      session: session.version === SESSION_VERSION ? session : null,
    };
  } finally {
    db.close();
  }
}

/** Deletes the database; `db` (an open connection of this page) is closed first so nothing blocks. */
export async function deleteDeviceDb(db: DeviceDb | null): Promise<void> {
  db?.close();
  await deleteDB(DEVICE_DB_NAME);
}

/** UTF-8 size of a text (what a saved file of it would weigh). */
export function textBytes(text: string): number {
  return new Blob([text]).size;
}

/** Bytes of each record, for "Stored on this device". */
export function recordBytes(records: RememberedRecords): number {
  let total = 0;
  if (records.dataset) total += records.dataset.blob.size;
  if (records.model) total += textBytes(records.model.text);
  if (records.session) total += textBytes(JSON.stringify(records.session));
  return total;
}
