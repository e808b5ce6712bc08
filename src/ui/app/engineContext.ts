/**
 * The engine the UI talks to. main.tsx provides the real one (createEngineClient, Web Workers);
 * a test can provide any other EngineClient. This is the only way components reach the engine.
 */
import { createContext, useContext } from 'react';
import type { EngineClient } from '../../worker/api';

export const EngineContext = createContext<EngineClient | null>(null);

export function useEngine(): EngineClient {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('The engine is missing: wrap the app in <EngineContext.Provider>.');
  return engine;
}

/** A plain message from anything thrown by the engine. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'Something went wrong in the engine. Your data and settings are still here; please try again.';
}

/** True when the error is the result of aborting a call. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return error instanceof Error && error.name === 'AbortError';
}
