import type * as Y from 'yjs';

import { KEY_LIST, ROSTER_LIST } from './transportLayout';

/**
 * The roster and the key log are append-only by meaning, but a Yjs array accepts deletions from
 * anyone who can send an update. Whoever holds a copy — every client, and the relay — puts back
 * any entry that is deleted: the entries are signed, so putting one back restores exactly what
 * was there, and a duplicate changes nothing. Returns a function that stops guarding.
 */
export function guardAppendOnly(transport: Y.Doc, schedule: (fn: () => void, ms: number) => () => void): () => void {
  const lists = [ROSTER_LIST, KEY_LIST].map((name) => transport.getArray<unknown>(name));
  const unobserve = lists.map((list) => {
    const observer = (event: Y.YArrayEvent<unknown>) => {
      // Observers run before Yjs discards deleted content: take the entries while they exist.
      const lost = [...event.changes.deleted].flatMap((item) => item.content.getContent());
      if (lost.length === 0) return;
      schedule(() => {
        // Only what is still missing: another guard (or a copy elsewhere in the list) may have
        // restored it already, and duplicates must not multiply with every deletion.
        const present = new Set(list.toArray().map(fingerprintOf));
        const missing = lost.filter((entry) => {
          const f = fingerprintOf(entry);
          if (present.has(f)) return false;
          present.add(f); // several deleted copies of one entry come back as one
          return true;
        });
        if (missing.length > 0) transport.transact(() => list.push(missing), guardOrigin);
      }, 0);
    };
    list.observe(observer);
    return () => list.unobserve(observer);
  });
  return () => unobserve.forEach((u) => u());
}

/** Equal entries have equal fingerprints (the bytes themselves; these entries are small). */
const fingerprintOf = (entry: unknown): string =>
  entry instanceof Uint8Array
    ? Array.from(entry, (b) => b.toString(16).padStart(2, '0')).join('')
    : JSON.stringify(entry);

/** The origin of transactions that put entries back. */
export const guardOrigin = Symbol('unity-table/append-only-guard');
