import type * as Y from 'yjs';

import {
  checkRelayAuth,
  docIdOfList,
  NO_SUCH_WORKSPACE_ON_RELAY,
  RELAY_AUTH_MAX_SKEW_MS,
  ROSTER_LIST,
  rosterSeedRoom,
} from '../shared/protocol';
import { compartmentMembers, genesisCreator } from '../shared/membership';
import type { Roster } from '../shared/membership';
import { memberIdOf } from '../shared/crypto';

/** An admitted socket: its member (or invite) key, and the workspace whose directory admitted it. */
export type AccessDecision = { ok: true; memberId: string; workspaceId: string } | AccessRefusal;

export interface AccessRefusal {
  ok: false;
  status: 400 | 401 | 403 | 404;
  reason: string;
}

/** Workspace and compartment ids are 16-byte hashes in URL-safe base64: anything else is not a room of ours. */
export const isRoomName = (room: string): boolean => /^[A-Za-z0-9_-]{22}$/.test(room);

/** Why a partner is refused at a directory that still holds pre-compartment content (ADR 0012 §4). */
export const DIRECTORY_HOLDS_CONTENT =
  'this workspace still holds content in its directory: a core member must open it once with this version';

/** What the relay reads of its store to decide: a workspace's roster (cached), and whether its directory holds content. */
export interface AccessStore {
  /** The current roster of the workspace whose directory is the room `workspaceId` (cached: see RosterCache). */
  roster(workspaceId: string): Promise<Roster>;
  /** Whether the directory still holds a non-empty `doc:*` list (content not yet moved to the core room). */
  holdsContent(workspaceId: string): Promise<boolean>;
}

/**
 * Who may connect to a room (ADR 0012 §4), as proven by the signed roster the relay stores, which
 * it can check but not forge. A workspace's directory (the room named by its id, upgrade without
 * `w`) admits a current member, or the holder of an unused, unexpired invite; one the relay has
 * never seen is opened by its creator, who presents the genesis entry. A compartment's content room
 * (upgrade with `w`, the workspace id) admits the members of that compartment in the roster of
 * `w`'s directory, and nobody else: no invite key, and no one at a room that is not a compartment.
 */
export class RelayAccess {
  constructor(
    private readonly store: AccessStore,
    private readonly now: () => number,
    /** Nonces of credentials already used (on disk, so a restart does not forget them). */
    private readonly nonces: { use(nonce: string, until: number, now: number): boolean },
  ) {}

  /** Cheap checks first (room name, time window, signature, nonce), and only then the roster. */
  async decide(room: string, query: Record<string, string | undefined>): Promise<AccessDecision> {
    if (!isRoomName(room)) return { ok: false, status: 404, reason: 'no such workspace' };
    const { w } = query;
    if (w !== undefined && !isRoomName(w)) return { ok: false, status: 404, reason: 'no such workspace' };
    const now = this.now();
    const auth = this.credentials(room, query, now);
    if (!auth.ok) return auth;
    return w === undefined || w === room
      ? this.directory(room, auth.memberId, auth.genesis, now)
      : this.content(room, w, auth.memberId);
  }

  /**
   * The credentials of a seed (ADR 0014): signed over `rosterSeedRoom(workspaceId)`, so neither a
   * seed's nor a room's credentials are good for the other. Who the signer is in the workspace is
   * the seed's own question (`RosterSeeding`), asked of the roster its update brings.
   */
  seedCredentials(
    workspaceId: string,
    query: Record<string, string | undefined>,
  ): { ok: true; memberId: string } | AccessRefusal {
    if (!isRoomName(workspaceId)) return { ok: false, status: 404, reason: 'no such workspace' };
    const auth = this.credentials(rosterSeedRoom(workspaceId), query, this.now());
    return auth.ok ? { ok: true, memberId: auth.memberId } : auth;
  }

  private credentials(
    signed: string,
    query: Record<string, string | undefined>,
    now: number,
  ): { ok: true; memberId: string; genesis: Uint8Array | null } | AccessRefusal {
    const auth = checkRelayAuth(signed, query, now);
    if (!auth.ok) return auth;
    if (!this.nonces.use(auth.nonce, now + 2 * RELAY_AUTH_MAX_SKEW_MS, now)) {
      return { ok: false, status: 401, reason: 'credentials already used' };
    }
    return auth;
  }

  private async directory(
    room: string,
    memberId: string,
    genesis: Uint8Array | null,
    now: number,
  ): Promise<AccessDecision> {
    const admitted: AccessDecision = { ok: true, memberId, workspaceId: room };
    const roster = await this.store.roster(room);
    if (roster.creator === null) {
      const creator = genesis ? genesisCreator(genesis, room) : null;
      if (creator && memberIdOf(creator) === memberId) return admitted;
      return { ok: false, status: 404, reason: NO_SUCH_WORKSPACE_ON_RELAY };
    }
    const member = roster.members.get(memberId);
    const invite = roster.invites.get(memberId);
    if (!member) {
      if (!invite) return { ok: false, status: 403, reason: 'not a member of this workspace' };
      if (invite.usedBy !== null) return { ok: false, status: 403, reason: 'this invite has already been used' };
      if (invite.expiresAt < now) return { ok: false, status: 403, reason: 'this invite has expired' };
    }
    // A partner (or a partner's invite) must not be handed core ciphertext a pre-compartment client left here.
    const partner = (member ?? invite)?.role === 'partner';
    if (partner && (await this.store.holdsContent(room)))
      return { ok: false, status: 403, reason: DIRECTORY_HOLDS_CONTENT };
    return admitted;
  }

  /**
   * `w` is a lookup hint, not signed: a compartment id is bound to one workspace (a hash of an
   * entry naming it, or derived from its id), so a wrong `w` can only be refused.
   */
  private async content(room: string, w: string, memberId: string): Promise<AccessDecision> {
    const roster = await this.store.roster(w);
    if (roster.creator === null) return { ok: false, status: 404, reason: NO_SUCH_WORKSPACE_ON_RELAY };
    if (!roster.compartments.has(room)) {
      if ((await this.store.roster(room)).creator !== null)
        return { ok: false, status: 404, reason: 'this room is a workspace directory, not a compartment' };
      return { ok: false, status: 404, reason: 'no such compartment' };
    }
    // Members only: an invite's key is never admitted to content (compartmentMembers lists members).
    if (!compartmentMembers(roster, room).has(memberId))
      return { ok: false, status: 403, reason: 'not a member of this compartment' };
    return { ok: true, memberId, workspaceId: w };
  }
}

/** The roster list of a directory document. */
export const rosterOf = (doc: Y.Doc): unknown[] => doc.getArray(ROSTER_LIST).toArray();

/** Whether a directory document still holds a non-empty `doc:*` list (content from before compartments). */
export const holdsContent = (doc: Y.Doc): boolean =>
  [...doc.share.keys()].some((name) => docIdOfList(name) !== null && doc.getArray(name).length > 0);
