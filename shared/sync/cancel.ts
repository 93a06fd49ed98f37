/** What an AbortSignal offers (shared/ has no DOM or Node types): the browser's and Node's both fit. */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** A cancelled open or join: whatever it had started is closed, nothing is left half-open. */
export class OpenCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/** Throws OpenCancelled if `signal` says so. */
export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new OpenCancelled();
}

/**
 * `work`'s outcome, unless `signal` aborts first: then OpenCancelled at once, and whatever `work`
 * still says later is dropped (the caller closes what it started).
 */
export function unlessCancelled<T>(work: Promise<T>, signal: CancelSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new OpenCancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const cancel = () => {
      work.catch(() => undefined);
      reject(new OpenCancelled());
    };
    signal.addEventListener('abort', cancel, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', cancel);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', cancel);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
