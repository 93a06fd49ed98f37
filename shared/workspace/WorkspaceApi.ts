import type * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import {
  addInvite,
  addToCompartment,
  changeRole,
  compartmentList,
  createCompartment,
  removeFromCompartment,
  confirmJoin,
  coreCompartmentId,
  inviteStatus,
  openInvites,
  removeMember,
  revokeInvite,
} from '../membership';
import type {
  CompartmentView,
  InviteStatus,
  NewCompartment,
  Role,
  Roster,
  RosterInvite,
  RosterMember,
} from '../membership';
import { memberProfiles, setProfile, setWorkspaceTitle, workspaceTitle } from '../model';
import type { MemberProfile } from '../model';
import { KEY_LIST, WORKSPACE_DOC_ID } from '../protocol';
import type { SecureWorkspace } from '../sync';
import { BoardApi } from './BoardApi';
import { HistoryApi } from './HistoryApi';
import { NotesApi } from './NotesApi';
import { ReportsApi } from './ReportsApi';
import { VotesApi } from './VotesApi';

/** A profile's name and agency are at most this long (see profiles.ts). */
const PROFILE_FIELD_MAX = 80;

/**
 * What a member does in an open workspace, as methods: invites, roles and removals, profiles, the
 * board, notes and votes. Screens and commands call these rather than reach into the transport or
 * the workspace document; each wraps the shared function that does the work, signing as this
 * member at the clock's time.
 */
export class WorkspaceApi {
  readonly notes: NotesApi;
  readonly votes: VotesApi;
  private readonly doc: Y.Doc;
  /** Built on first use: its index reads the whole board, which a command that only votes never needs. */
  private boardApi: BoardApi | null = null;
  /** Built on first use, like the board: its match index reads every entry and report. */
  private reportsApi: ReportsApi | null = null;
  /** Built on first use: it reads every room's change log. */
  private historyApi: HistoryApi | null = null;

  constructor(
    private readonly workspace: SecureWorkspace,
    private readonly identity: Identity,
    /** Clock seam: when edits are stamped and invites judged; Date.now by default. */
    private readonly now: () => number = Date.now,
  ) {
    if (memberIdOf(identity) !== workspace.me) throw new Error('the identity is not the workspace’s own');
    // The core room's document; a partner, in no core, keeps its profile and notes in its first room.
    const core = workspace.room(coreCompartmentId(workspace.workspaceId));
    const first = core ?? workspace.rooms().values().next().value;
    this.doc = first ? first.document(WORKSPACE_DOC_ID) : workspace.document(WORKSPACE_DOC_ID);
    this.notes = new NotesApi(this.doc, workspace, now);
    // Rounds stay in the core document: a candidate must be one every core member sees (not restricted).
    this.votes = new VotesApi(this.doc, workspace, identity, now, (orgId) => {
      const card = this.board.card(orgId);
      return card !== undefined && workspace.roster.compartments.get(card.compartmentId)?.kind !== 'restricted';
    });
  }

  get board(): BoardApi {
    return (this.boardApi ??= new BoardApi(this.workspace, this.identity, this.now, () => this.compartments()));
  }

  /** Field reports, their triage and matches (issue 15). */
  get reports(): ReportsApi {
    return (this.reportsApi ??= new ReportsApi(this.workspace, this.identity, this.now, this.board, () =>
      this.compartments(),
    ));
  }

  /** Each card's signed change log and the board's "what changed since" (issue 16, ADR 0016). */
  get history(): HistoryApi {
    return (this.historyApi ??= new HistoryApi(this.workspace, this.board));
  }

  get workspaceId(): string {
    return this.workspace.workspaceId;
  }

  get roster(): Roster {
    return this.workspace.roster;
  }

  /** My roster entry; undefined before my join counts, or after my removal. */
  get me(): RosterMember | undefined {
    return this.workspace.roster.members.get(this.workspace.me);
  }

  /**
   * An admin invites: returns the invite key's seed, the secret its token carries. `compartments`
   * are those its use enters (ADR 0012): a partner reads only those, so it needs one at least.
   */
  invite(role: Role, validForMs: number, compartments: readonly string[] = []): Uint8Array {
    if (role === 'partner' && compartments.length === 0)
      throw new Error('a partner reads only the compartments it is in: name at least one releasable compartment');
    const now = this.now();
    const { transport } = this.workspace;
    return addInvite(transport, this.workspaceId, this.identity, role, now + validForMs, now, undefined, compartments);
  }

  /** An admin makes a compartment (its key drawn and wrapped for its members); returns its id. */
  createCompartment(spec: NewCompartment): string {
    return createCompartment(this.workspace.transport, this.workspaceId, this.identity, spec, this.now());
  }

  addToCompartment(compartmentId: string, memberId: string): void {
    addToCompartment(this.workspace.transport, this.workspaceId, this.identity, compartmentId, memberId, this.now());
  }

  /** Takes a member out of a compartment and rotates its key; returns the compartment's new epoch. */
  removeFromCompartment(compartmentId: string, memberId: string): number {
    const { transport } = this.workspace;
    const room = this.roomTransport(compartmentId);
    return removeFromCompartment(transport, this.workspaceId, this.identity, compartmentId, memberId, this.now(), room);
  }

  /** The compartments I am in, the core first among them, with their labels opened. */
  compartments(): CompartmentView[] {
    return compartmentList(this.roster, this.workspace.transport.getArray(KEY_LIST).toArray(), this.identity);
  }

  /** Every invite with its state (open, pending, used, contested, expired, revoked) judged at `at`. */
  invites(at = this.now()): InviteStatus[] {
    return inviteStatus(this.roster, at);
  }

  /** Invites nobody has used yet. */
  openInvites(): RosterInvite[] {
    return openInvites(this.roster);
  }

  revokeInvite(inviteId: string): void {
    revokeInvite(this.workspace.transport, this.workspaceId, this.identity, inviteId, this.now());
  }

  /** Chooses which join is an invite's one use (a contested or pending invite). */
  confirmJoin(inviteId: string, memberId: string): void {
    confirmJoin(this.workspace.transport, this.workspaceId, this.identity, inviteId, memberId, this.now());
  }

  /** Changes a member's role and rotates the key. */
  changeRole(memberId: string, role: Role): void {
    const rooms = (c: string) => this.roomTransport(c);
    changeRole(this.workspace.transport, this.workspaceId, this.identity, memberId, role, this.now(), rooms);
  }

  /**
   * Removes a member and rotates the key; every open invite is revoked too unless
   * `revokeOpenInvites` is false. Returns the new epoch.
   */
  removeMember(memberId: string, options: { revokeOpenInvites?: boolean } = {}): number {
    const rooms = (c: string) => this.roomTransport(c);
    return removeMember(this.workspace.transport, this.workspaceId, this.identity, memberId, this.now(), {
      ...options,
      rooms,
    });
  }

  /**
   * Every member's name and agency, each only as that member signed it: the core room's first, then
   * each other room's (a partner signs only into the rooms it holds).
   */
  profiles(): ReadonlyMap<string, MemberProfile> {
    const out = new Map(memberProfiles(this.doc, this.roster));
    for (const doc of this.roomDocs())
      for (const [id, p] of memberProfiles(doc, this.roster)) if (!out.has(id)) out.set(id, p);
    return out;
  }

  profile(memberId: string): MemberProfile | null {
    return this.profiles().get(memberId) ?? null;
  }

  /**
   * Signs my profile, clipped to a profile's limits (so an old long name cannot block a join);
   * nothing is written if the one I signed last says the same.
   */
  signProfile(profile: MemberProfile): void {
    const clipped = {
      name: profile.name.slice(0, PROFILE_FIELD_MAX),
      agency: profile.agency.slice(0, PROFILE_FIELD_MAX),
    };
    for (const doc of new Set([this.doc, ...this.roomDocs()]))
      setProfile(doc, this.roster, this.identity, clipped, this.now());
  }

  /** The `workspace` document of every room this member holds. */
  private roomDocs(): Y.Doc[] {
    return [...this.workspace.rooms().values()].map((r) => r.document(WORKSPACE_DOC_ID));
  }

  /** A compartment's room transport where a member's streams are cut (the directory itself without rooms). */
  private roomTransport(compartmentId: string): Y.Doc {
    return this.workspace.room(compartmentId)?.transport ?? this.workspace.transport;
  }

  title(): string {
    return workspaceTitle(this.doc);
  }

  /** A new workspace's first edit: its title and my signed profile, in one envelope. */
  name(title: string, profile: MemberProfile): void {
    this.doc.transact(() => {
      setWorkspaceTitle(this.doc, title);
      this.signProfile(profile);
    });
  }

  destroy(): void {
    this.historyApi?.destroy();
    this.historyApi = null;
    this.reportsApi?.destroy();
    this.reportsApi = null;
    this.boardApi?.destroy();
  }
}
