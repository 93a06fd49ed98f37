import * as encoding from 'lib0/encoding';

import { blake2b, randomBytes } from '../crypto';

/**
 * Yjs client ids a session may write under in one document: slot 0 is the content document itself,
 * the others are editor mirrors (DocMirror) that feed it. A fixed, small set, so a receiver checks
 * an envelope's structs against a handful of hashes.
 */
export const CLIENT_ID_SLOTS = 8;

/**
 * The Yjs client id of `(author, docId, replica, slot)`: BLAKE2b of them, domain-separated, cut to
 * 53 bits (the largest integer a JavaScript number holds exactly, and Yjs encodes ids as varuints).
 * An envelope may only carry structs of its own author's ids, so provenance is a function of the
 * signed header; finding another member's id for your own key means a 2^53 preimage search.
 */
export function ownedClientId(author: Uint8Array, docId: string, replica: number, slot: number): number {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, 'unity-table/yjs-client-id/v1');
  encoding.writeVarUint8Array(e, author);
  encoding.writeVarString(e, docId);
  encoding.writeVarUint(e, replica);
  encoding.writeVarUint(e, slot);
  const h = blake2b(encoding.toUint8Array(e), 16);
  const high = ((h[0]! << 16) | (h[1]! << 8) | h[2]!) & 0x1fffff;
  const low = ((h[3]! << 24) | (h[4]! << 16) | (h[5]! << 8) | h[6]!) >>> 0;
  return high * 2 ** 32 + low;
}

/** Every id `(author, docId, replica)` may write under, slot by slot. */
export function ownedClientIds(author: Uint8Array, docId: string, replica: number): number[] {
  return Array.from({ length: CLIENT_ID_SLOTS }, (_, slot) => ownedClientId(author, docId, replica, slot));
}

/** A session's replica: 48 bits from the CSPRNG (two sessions meet by chance once in ~2^24). */
export function newReplica(): number {
  const b = randomBytes(6);
  return b.reduce((n, byte) => n * 256 + byte, 0);
}
