import { envelopeSignatureValid } from '../protocol';
import type { Envelope } from '../protocol';

/**
 * List entries whose signature was found valid, by identity: Yjs hands back the same Uint8Array
 * for an item every time, and nothing writes into it, so a channel's receive, its compaction and
 * the list guard check an entry's signature once, not once each (a compaction by another member
 * made every reader's guard verify its whole list again: ~200 µs an entry). Entries are Yjs's own
 * copies: bytes someone built and still holds are never inserted as they are.
 */
const valid = new WeakSet<object>();

/** Whether `entry` (parsed as `env`) carries a valid signature of the author its header names. */
export function entrySignatureValid(entry: object, env: Envelope): boolean {
  if (valid.has(entry)) return true;
  if (!envelopeSignatureValid(env)) return false;
  valid.add(entry);
  return true;
}

/** An entry this client just sealed and Yjs stored: signed by us, nothing to check. */
export function markSignedBySelf(entry: object): void {
  valid.add(entry);
}
