import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Bringing a workspace to a relay that has never seen it (ADR 0014, the field relay): a member
 * opens a WebSocket to `/<workspace id>/roster` with relay credentials signed over
 * `rosterSeedRoom(id)`, sends ONE binary frame, the roster entries it holds in this encoding, and
 * the relay answers by closing: `SEEDED_CLOSE` with a sentence, or 4000 + an HTTP-like status with
 * the reason. A WebSocket and not an HTTP POST: the renderer's CSP allows `ws:`/`wss:` only (ADR
 * 0002), and a close reason is what a browser can read of a refusal (ADR 0009).
 */
export const ROSTER_SEED_PATH = 'roster';

/** The string the seed's credentials sign in place of a room: never valid as a room's own credentials. */
export const rosterSeedRoom = (workspaceId: string): string => `${workspaceId}/${ROSTER_SEED_PATH}`;

/** The largest frame a seed may be (a roster of many thousands of entries fits); larger closes with 1009. */
export const ROSTER_SEED_MAX_BYTES = 8 * 1024 * 1024;

/** The most entries one seed may list. */
export const ROSTER_SEED_MAX_ENTRIES = 100_000;

/** The close code of a seed the relay accepted, or found needless (it already holds the workspace). */
export const SEEDED_CLOSE = 4200;

/** The relay's refusal of a directory (or a content room) whose workspace it has never seen. */
export const NO_SUCH_WORKSPACE_ON_RELAY = 'no such workspace on this relay';

export function encodeRosterSeed(entries: readonly Uint8Array[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) encoding.writeVarUint8Array(e, entry);
  return encoding.toUint8Array(e);
}

/** The entries of a seed frame, or null for anything malformed (a wrong count, a truncation, trailing bytes). */
export function decodeRosterSeed(bytes: Uint8Array): Uint8Array[] | null {
  try {
    const d = decoding.createDecoder(bytes);
    const count = decoding.readVarUint(d);
    if (count > ROSTER_SEED_MAX_ENTRIES || count > bytes.length) return null;
    const entries: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const length = decoding.readVarUint(d);
      // lib0 reads a view without a bound check: a frame that is a slice of a larger buffer (a pooled
      // socket buffer) must not lend its neighbours' bytes. Each entry is copied out.
      if (length > bytes.length - d.pos) return null;
      entries.push(bytes.slice(d.pos, d.pos + length));
      d.pos += length;
    }
    return d.pos === bytes.length ? entries : null;
  } catch {
    return null;
  }
}
