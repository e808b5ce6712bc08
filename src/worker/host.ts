/**
 * One running engine worker (data or training role) seen from the thread that started it: its Comlink proxy, a
 * promise that rejects when it dies, and a way to end it. Browser Web Workers and Node worker_threads (adapted in node.ts) both fit
 * `WorkerLike`, so the pool and the client run the same code in the app, the CLI and the tests.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';

/** The part of a Web Worker the engine uses; node.ts adapts a worker_threads Worker to it. */
export interface WorkerLike extends Endpoint {
  terminate(): void;
  /** Node only: keep the process alive while the worker has work (ref) or not (unref). */
  ref?(): void;
  unref?(): void;
}

/**
 * The kinds of engine worker: the one stateful data worker, the training workers of the pool, and the evaluation
 * worker that scores cross-validation folds beside the data worker.
 */
export type WorkerRole = 'data' | 'training' | 'evaluation' | 'effect';

/** Starts one engine worker of a role (data.worker.ts / training.worker.ts / evaluation.worker.ts in the browser, node.*.worker.ts in Node). */
export type SpawnWorker = (role: WorkerRole) => WorkerLike;

/** Spawns a browser engine worker; Vite bundles each role's entry as a module worker of its own. */
export function spawnBrowserWorker(role: WorkerRole): WorkerLike {
  // Each `new Worker(new URL(...))` must be written out for Vite to find and bundle the entry.
  if (role === 'data') {
    return new Worker(new URL('./data.worker.ts', import.meta.url), {
      type: 'module',
      name: 'genoforest-data',
    });
  }
  if (role === 'effect') {
    return new Worker(new URL('./effect.worker.ts', import.meta.url), {
      type: 'module',
      name: 'genoforest-effect',
    });
  }
  if (role === 'evaluation') {
    return new Worker(new URL('./evaluation.worker.ts', import.meta.url), {
      type: 'module',
      name: 'genoforest-evaluation',
    });
  }
  return new Worker(new URL('./training.worker.ts', import.meta.url), {
    type: 'module',
    name: 'genoforest-training',
  });
}

/** A worker of API `T` started by `spawn`, its typed Comlink proxy and a promise that rejects when it stops. */
export class WorkerHost<T> {
  readonly api: Remote<T>;
  /**
   * Never resolves; rejects when the worker stops: with an Error giving the reason when it crashed (error event,
   * exit), with an AbortError when terminate() was called. Race pending calls against it: a stopped worker never
   * answers them.
   */
  readonly stopped: Promise<never>;
  private readonly worker: WorkerLike;
  private ended = false;
  private crash: Error | null = null;
  private rejectStopped: (error: Error) => void = () => undefined;

  /** Starts the worker; throws when `start` throws. */
  constructor(start: () => WorkerLike) {
    this.worker = start();
    this.api = wrap<T>(this.worker);
    this.stopped = new Promise<never>((_, reject) => {
      this.rejectStopped = reject;
    });
    // Callers race against `stopped`; a stop nobody is waiting for must not be an unhandled rejection.
    this.stopped.catch(() => undefined);
    const onError = (event: Event): void => {
      if (this.ended || this.crash) return;
      this.crash = new Error(describeWorkerError(event));
      this.rejectStopped(this.crash);
    };
    this.worker.addEventListener('error', onError);
    this.worker.addEventListener('messageerror', onError);
  }

  /** Whether terminate() was called. */
  get terminated(): boolean {
    return this.ended;
  }

  /** The crash that stopped the worker, or null while it runs (or after a deliberate terminate). */
  get failure(): Error | null {
    return this.crash;
  }

  /** Lets a Node process exit while this worker idles (no-op in browsers). */
  setBusy(busy: boolean): void {
    if (this.ended) return;
    if (busy) this.worker.ref?.();
    else this.worker.unref?.();
  }

  /** Ends the worker at once, whatever it is doing; its pending calls reject with an AbortError. */
  terminate(): void {
    if (this.ended) return;
    this.ended = true;
    this.worker.terminate();
    if (!this.crash) this.rejectStopped(abortError());
  }
}

/** The reason a worker's error event gives, in a few words. */
export function describeWorkerError(event: Event | { message?: unknown }): string {
  const message = (event as { message?: unknown }).message;
  if (typeof message === 'string' && message.trim() !== '') return message.trim();
  const error = (event as { error?: unknown }).error;
  if (error instanceof Error) return error.message;
  return event instanceof Event && event.type === 'messageerror'
    ? 'a message could not be read'
    : 'no reason given, often a lack of memory';
}

/** The AbortError every cancelled call rejects with. */
export function abortError(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

/** True for the AbortError of a cancelled call. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}

/** A promise that rejects with an AbortError when `signal` aborts, and a function to stop listening. */
export function whenAborted(
  signal: AbortSignal | undefined,
  onAbort?: () => void,
): { promise: Promise<never>; dispose: () => void } {
  if (!signal) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let listener: (() => void) | null = null;
  const promise = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort?.();
      reject(abortError());
    };
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
  });
  promise.catch(() => undefined);
  return {
    promise,
    dispose: () => {
      if (listener) signal.removeEventListener('abort', listener);
    },
  };
}
