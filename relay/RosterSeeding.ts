import { computeRoster } from '../shared/membership';
import type { Roster } from '../shared/membership';
import { decodeRosterSeed } from '../shared/protocol';
import type { RosterSeed } from '../shared/protocol';
import { DIRECTORY_HOLDS_CONTENT } from './RelayAccess';

/** What the relay answers a seed: the sentence, and whether it stored anything. */
export type SeedAnswer =
  { ok: true; stored: boolean; sentence: string } | { ok: false; status: 400 | 403 | 503; reason: string };

/** What a seed reads and writes of the relay's store. */
export interface SeedStore {
  /** The roster the relay holds for the workspace (empty: never seen). */
  roster(workspaceId: string): Promise<Roster>;
  /**
   * Applies the seed's update (the member's own directory items) to the directory if its roster
   * list is still empty, and resolves once it is on disk: false if someone else's seed (or its
   * creator) got there first, and nothing was written.
   */
  store(workspaceId: string, update: Uint8Array): Promise<boolean>;
}

export const SEEDED = 'this relay now holds the workspace';
export const ALREADY_HELD = 'this relay already holds this workspace: nothing changed';
export const NOT_A_ROSTER = 'this is not a list of roster entries';
export const MORE_THAN_A_ROSTER = 'a seed holds the roster and key lists only';

/**
 * A relay that has never seen a workspace takes it from any current member (ADR 0014): the member
 * brings its directory as a Yjs update of the roster and key lists, the relay computes the roster
 * from its entries (every signature checked, as from its own store) and applies the update to the
 * directory only if they prove the signer a confirmed member: the items are the member's, so its
 * later sync adds none. The relay cannot know whether the list is whole: a
 * member may bring a prefix cut before its own removal, and is then admitted until an honest
 * member's sync brings the rest, when the roster watch closes its sockets (ADR 0014, "A prefix").
 */
export class RosterSeeding {
  constructor(
    private readonly store: SeedStore,
    private readonly now: () => number,
  ) {}

  async seed(workspaceId: string, memberId: string, frame: Uint8Array): Promise<SeedAnswer> {
    const held = await this.store.roster(workspaceId);
    if (held.creator !== null) return this.already(held, memberId);
    const seed = decodeRosterSeed(frame);
    if (!seed.ok) return refusalOf(seed.why);
    const roster = computeRoster(workspaceId, seed.entries, this.now());
    const refused = whyNot(roster, memberId);
    if (refused) return { ok: false, status: refused.status, reason: refused.reason };
    if (await this.store.store(workspaceId, seed.update)) return { ok: true, stored: true, sentence: SEEDED };
    return this.already(await this.store.roster(workspaceId), memberId);
  }

  /** A relay that holds the workspace changes nothing: the member's normal sync merges the rosters. */
  private already(held: Roster, memberId: string): SeedAnswer {
    if (held.creator === null) return { ok: false, status: 503, reason: 'the relay could not store the roster' };
    if (!held.members.has(memberId)) return { ok: false, status: 403, reason: 'not a member of this workspace' };
    return { ok: true, stored: false, sentence: ALREADY_HELD };
  }
}

/** A frame that is not the roster and key lists of a directory: `content` as a partner is refused at a directory holding it (ADR 0012 §4). */
function refusalOf(why: Exclude<RosterSeed, { ok: true }>['why']): SeedAnswer {
  if (why === 'content') return { ok: false, status: 403, reason: DIRECTORY_HOLDS_CONTENT };
  return { ok: false, status: 400, reason: why === 'foreign' ? MORE_THAN_A_ROSTER : NOT_A_ROSTER };
}

/**
 * Why the roster these entries prove does not let `memberId` bring the workspace, or null. Only a
 * confirmed member: an invite's key (or an unconfirmed join, which a stolen invite could make) brings
 * nothing the workspace's admins have not vouched for.
 */
function whyNot(roster: Roster, memberId: string): { status: 400 | 403; reason: string } | null {
  if (roster.creator === null) return { status: 400, reason: 'these entries hold no genesis of this workspace' };
  if (roster.removed.has(memberId)) return { status: 403, reason: 'this roster says you were removed' };
  if (!roster.members.has(memberId)) {
    if (roster.invites.has(memberId))
      return { status: 403, reason: 'an invite cannot bring a workspace: join where it is held first' };
    return { status: 403, reason: 'not a member of this workspace' };
  }
  if (roster.provisional.has(memberId))
    return { status: 403, reason: 'your join is not confirmed yet: an admin must confirm it first' };
  return null;
}
