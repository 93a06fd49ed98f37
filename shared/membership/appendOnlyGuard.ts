import type * as Y from 'yjs';

import { fromBase64Url } from '../crypto';
import { computeRoster } from './computeRoster';
import { parseKeyEntry, wrapEntitled } from './keyLog';
import { genesisCreator, keyPair, workspaceIdOf } from './roster';
import type { Roster } from './roster';
import { decodeSignedEntry, entryJson, signedBy } from '../protocol';
import { KEY_LIST, ROSTER_LIST } from '../protocol';
import { SignatureDomain } from '../crypto';

/**
 * The roster and the key log are append-only by meaning, but a Yjs array accepts deletions from
 * anyone who can send an update. Whoever holds a copy — every client, and the relay — puts back
 * any entry that is deleted: the entries are signed, so putting one back restores exactly what
 * was there, and a duplicate changes nothing. Only entries someone entitled signed come back
 * (hardening item 13): a roster entry that counts or could count (signed by the key it names, an
 * admin's, a former admin's, or an invite's and its joiner's), a wrap by a current or former admin
 * or by its recipient. Junk that was deleted stays deleted. Returns a function that stops guarding.
 */
export function guardAppendOnly(transport: Y.Doc, schedule: (fn: () => void, ms: number) => () => void): () => void {
  const lists = [ROSTER_LIST, KEY_LIST].map((name) => transport.getArray<unknown>(name));
  const unobserve = lists.map((list) => {
    const observer = (event: Y.YArrayEvent<unknown>) => {
      // Observers run before Yjs discards deleted content: take the entries while they exist.
      const lost: unknown[] = [...event.changes.deleted].flatMap((item): unknown[] => item.content.getContent());
      if (lost.length === 0) return;
      schedule(() => {
        // Only what is still missing: another guard (or a copy elsewhere in the list) may have
        // restored it already, and duplicates must not multiply with every deletion.
        const present = new Set(list.toArray().map(fingerprintOf));
        const entitled = entitlement(transport, lost);
        const missing = lost.filter(entitled).filter((entry) => {
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

/** Which lost entries someone entitled signed, judged by the roster that the lists and the lost entries prove. */
function entitlement(transport: Y.Doc, lost: unknown[]): (entry: unknown) => boolean {
  const rosterEntries = [...transport.getArray<unknown>(ROSTER_LIST).toArray(), ...lost];
  let workspaceId: string | null = null;
  for (const bytes of rosterEntries) {
    const entry = decodeSignedEntry(bytes);
    if (entry && entryJson(entry)?.['t'] === 'genesis') {
      const id = workspaceIdOf(entry.body);
      if (genesisCreator(bytes as Uint8Array, id)) workspaceId = id;
      if (workspaceId) break;
    }
  }
  if (workspaceId === null) return () => false;
  const ws = workspaceId;
  const roster = computeRoster(ws, rosterEntries);
  return (bytes) => {
    const key = parseKeyEntry(bytes);
    if (key) return key.ws === ws && wrapEntitled(roster, key, true);
    return rosterEntryEntitled(roster, bytes);
  };
}

function rosterEntryEntitled(roster: Roster, bytes: unknown): boolean {
  if (bytes instanceof Uint8Array && genesisCreator(bytes, roster.workspaceId)) return true;
  const entry = decodeSignedEntry(bytes);
  const body = entry && entryJson(entry);
  if (!entry || !body || body['ws'] !== roster.workspaceId) return false;
  if (body['t'] === 'join') {
    const inviteId = body['invite'];
    const invite =
      typeof inviteId === 'string' ? (roster.invites.get(inviteId) ?? roster.revokedInvites.get(inviteId)) : undefined;
    const member = keyPair(body['member']);
    return (
      !!invite &&
      !!member &&
      signedBy(SignatureDomain.roster, entry, 0, invite.signPublicKey) &&
      signedBy(SignatureDomain.roster, entry, 1, member.sign)
    );
  }
  const by = body['by'];
  if (typeof by !== 'string') return false;
  const admin = roster.members.get(by);
  const entitledSigner = (admin?.role === 'admin' && !roster.provisional.has(by)) || roster.formerAdmins.has(by);
  if (!entitledSigner) return false;
  try {
    return signedBy(SignatureDomain.roster, entry, 0, fromBase64Url(by));
  } catch {
    return false;
  }
}

/** Equal entries have equal fingerprints (the bytes themselves; these entries are small). */
const fingerprintOf = (entry: unknown): string =>
  entry instanceof Uint8Array
    ? Array.from(entry, (b) => b.toString(16).padStart(2, '0')).join('')
    : JSON.stringify(entry);

/** The origin of transactions that put entries back. */
export const guardOrigin = Symbol('unity-table/append-only-guard');
