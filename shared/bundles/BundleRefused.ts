/**
 * A bundle (or state file) refused whole: nothing in it was applied. The message is one line a
 * person can read, as the CLI prints it and the app shows it.
 */
export class BundleRefused extends Error {
  override readonly name = 'BundleRefused';
}

/** How far an export or import has got: envelopes checked or applied, or bytes read or sealed. */
export interface BundleProgress {
  phase: 'reading' | 'checking' | 'applying' | 'storing' | 'sealing';
  done: number;
  total: number;
}
