import type { Fact } from './facts';

/** Maps a Yjs client id to the member whose signed envelopes carried its edits (SecureWorkspace.authorOf). */
export type AuthorOf = (clientId: number) => string | null;

/**
 * Who added a fact and who last changed it, and when. The member comes from the signature of the
 * envelope that carried the edit (through its Yjs client id), never from a typed field; the time is
 * the one that member's app stamped, inside the same signed edit — so it is that member's claim,
 * bound to them, and no one else can change it without becoming the one shown.
 */
export interface Provenance {
  addedBy: string | null;
  addedAt: number | null;
  changedBy: string | null;
  changedAt: number | null;
}

export function provenanceOf(fact: Fact, authorOf: AuthorOf): Provenance {
  return {
    addedBy: fieldAuthor(fact, 'createdAt', authorOf),
    addedAt: stamp(fact, 'createdAt'),
    changedBy: fieldAuthor(fact, 'at', authorOf),
    changedAt: stamp(fact, 'at'),
  };
}

/** The member who wrote the current value of `key` of a fact. */
export function fieldAuthor(fact: Fact, key: string, authorOf: AuthorOf): string | null {
  const item = fact._map.get(key);
  return item && !item.deleted ? authorOf(item.id.client) : null;
}

function stamp(fact: Fact, key: string): number | null {
  const v = fact.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
