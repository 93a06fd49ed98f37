import { expect } from 'vitest';

import { BundleRefused } from '../workspace';

/** The message `promise` is refused with, after checking it is a bundle refusal (for tests: it asserts). */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const e: unknown = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BundleRefused);
  return (e as Error).message;
}
