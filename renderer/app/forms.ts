/** A text field of a submitted form: '' when it is missing or a file rather than text. */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * An async event handler for React, which wants a function returning nothing. The handler shows its own
 * errors; one that escapes it is a bug and is reported as an uncaught error, never dropped.
 */
export function handler<A extends unknown[]>(run: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    run(...args).catch((err: unknown) => reportError(err));
  };
}

/** Lets a promise run on its own; a rejection that escapes it is reported as an uncaught error, never dropped. */
export function detach(promise: Promise<unknown>): void {
  promise.catch((err: unknown) => reportError(err));
}
