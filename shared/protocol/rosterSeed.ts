import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

import { docIdOfList, KEY_LIST, ROSTER_LIST } from './transportLayout';

/**
 * Bringing a workspace to a relay that has never seen it (ADR 0014, the field relay): a member
 * opens a WebSocket to `/<workspace id>/roster` with relay credentials signed over
 * `rosterSeedRoom(id)`, sends ONE binary frame, its directory as a Yjs update (`encodeRosterSeed`),
 * and the relay answers by closing: `SEEDED_CLOSE` with a sentence, or 4000 + an HTTP-like status
 * with the reason. A WebSocket and not an HTTP POST: the renderer's CSP allows `ws:`/`wss:` only
 * (ADR 0002), and a close reason is what a browser can read of a refusal (ADR 0009).
 */
export const ROSTER_SEED_PATH = 'roster';

/** The string the seed's credentials sign in place of a room: never valid as a room's own credentials. */
export const rosterSeedRoom = (workspaceId: string): string => `${workspaceId}/${ROSTER_SEED_PATH}`;

/** The largest frame a seed may be (a roster of many thousands of entries fits); larger closes with 1009. */
export const ROSTER_SEED_MAX_BYTES = 8 * 1024 * 1024;

/** The most roster entries one seed may hold. */
export const ROSTER_SEED_MAX_ENTRIES = 100_000;

/** The close code of a seed the relay accepted, or found needless (it already holds the workspace). */
export const SEEDED_CLOSE = 4200;

/** The relay's refusal of a directory (or a content room) whose workspace it has never seen. */
export const NO_SUCH_WORKSPACE_ON_RELAY = 'no such workspace on this relay';

/**
 * The seed frame: the member's directory transport as one Yjs update. Its items are the member's
 * own, so the relay that applies it holds the very items the member's later sync would send, and
 * that sync adds none: re-encoding the entries into another document would make new items, and
 * the relay's list would hold every entry twice.
 */
export const encodeRosterSeed = (directory: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(directory);

/**
 * What a seed frame holds: its roster entries (the relay checks them as from its own store), or
 * why it is refused — not a whole update of roster and key lists (`malformed`: garbage, a
 * truncation, trailing bytes, items missing their predecessors, too many entries), a `doc:*` list with content in
 * it (`content`: ADR 0012 §4, a directory holds none), or any other root type (`foreign`).
 */
export type RosterSeed =
  { ok: true; entries: unknown[]; update: Uint8Array } | { ok: false; why: 'malformed' | 'content' | 'foreign' };

/**
 * Reads a seed frame into a scratch document, never the relay's own: whatever it is, nothing of
 * it is stored unless this says `ok`, and then the relay applies the same bytes to the directory.
 * A `doc:*` list whose items are all deleted is the trace a directory keeps after moving its
 * content to the core room (`migrateLegacyContent`): lengths, no content, and allowed.
 */
export function decodeRosterSeed(frame: Uint8Array): RosterSeed {
  // lib0 reads a view without a bound check: a frame that is a slice of a larger buffer (a pooled
  // socket buffer) must not lend its neighbours' bytes. A copy is its own buffer, and is what is stored.
  const update = frame.slice();
  const scratch = new Y.Doc();
  try {
    const decoder = decoding.createDecoder(update);
    Y.readUpdate(decoder, scratch, null);
    if (decoder.pos !== update.length) return { ok: false, why: 'malformed' };
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if (scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null) return { ok: false, why: 'malformed' };
  for (const [name, type] of scratch.share) {
    if (name === ROSTER_LIST || name === KEY_LIST) {
      if (type._map.size > 0) return { ok: false, why: 'foreign' };
    } else if (docIdOfList(name) === null) return { ok: false, why: 'foreign' };
    else if (type._length > 0 || [...type._map.values()].some((item) => !item.deleted))
      return { ok: false, why: 'content' };
  }
  const entries = scratch.getArray<unknown>(ROSTER_LIST).toArray();
  return entries.length > ROSTER_SEED_MAX_ENTRIES ? { ok: false, why: 'malformed' } : { ok: true, entries, update };
}
