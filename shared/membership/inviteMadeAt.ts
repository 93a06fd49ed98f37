import { SignatureDomain, toBase64Url } from '../crypto';
import { keyPair } from './roster';
import type { Roster } from './roster';
import { decodeSignedEntry, entryJson, signedBy } from '../protocol';

/**
 * When (by its creator's signed clock) the invite `inviteId` of `roster` was made; null if no
 * entry making it verifies. Read from the roster list itself: the roster keeps no creation time.
 */
export function inviteMadeAt(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  inviteId: string,
): number | null {
  const invite = roster.invites.get(inviteId);
  if (!invite) return null;
  const by = roster.members.get(invite.createdBy) ?? roster.removed.get(invite.createdBy);
  const creatorKey = by?.signPublicKey ?? roster.formerAdmins.get(invite.createdBy);
  if (!creatorKey) return null;
  for (const bytes of entries) {
    const entry = decodeSignedEntry(bytes);
    const body = entry && entryJson(entry);
    if (!entry || !body || body['t'] !== 'invite' || body['ws'] !== workspaceId) continue;
    const pair = keyPair(body['invite']);
    if (!pair || toBase64Url(pair.sign) !== inviteId || typeof body['at'] !== 'number') continue;
    if (signedBy(SignatureDomain.roster, entry, 0, creatorKey)) return body['at'];
  }
  return null;
}

/**
 * Whether key upkeep may confirm the one join of `inviteId` by itself (ADR 0007): not if the
 * invite was made before a removal the roster holds — the removed member may hold its token and
 * come back under a fresh key that nothing ties to the removal (red-team finding F7). A person
 * confirms those joins (Members tab, `invite confirm`), having compared fingerprints.
 */
export function autoConfirmable(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  inviteId: string,
): boolean {
  if (roster.removed.size === 0) return true;
  const lastRemoval = Math.max(...[...roster.removed.values()].map((m) => m.removedAt));
  const madeAt = inviteMadeAt(workspaceId, entries, roster, inviteId);
  return madeAt !== null && madeAt > lastRemoval;
}
