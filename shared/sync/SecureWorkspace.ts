import type * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import type { Awareness } from 'y-protocols/awareness';

import { compartmentsOf, coreCompartmentId, guardAppendOnly, scopeOf, WORKSPACE_SCOPE } from '../membership';
import type { EncryptedPresence } from '../presence';
import { openKeyring, requiredEpoch } from '../membership';
import { maintainKeys } from '../membership';
import { computeRoster } from '../membership';
import { newReplica } from '../protocol';
import { isForged } from '../membership';
import type { Roster, Keyring } from '../membership';
import { Room } from './Room';
import type { RoomContext } from './Room';
import type { SyncReport } from './SyncReport';
import { KEY_LIST, LOCAL_ORIGIN, ROSTER_LIST } from '../protocol';

export interface SecureWorkspaceOptions {
  workspaceId: string;
  identity: Identity;
  /**
   * The directory's transport document: roster and wrapped keys of every scope (ADR 0012 §1). With
   * no `openRoom`, it is the core room's transport too (the single-document layout before
   * compartments: test kits, and how a pre-compartment local copy is read).
   */
  transport: Y.Doc;
  /**
   * The transport document of compartment `compartmentId`'s room, called when the roster puts this
   * member in it (the host gives it a local store and a relay connection). Without it, only the core
   * room opens, on the directory.
   */
  openRoom?: (compartmentId: string) => Y.Doc;
  /** The roster took this member out of a compartment: drop its transport and its local copy. */
  closeRoom?: (compartmentId: string) => void;
  /** The set of open rooms changed (after openRoom or closeRoom). */
  onRoomsChanged?: () => void;
  /** Local edits within this window become one envelope. */
  batchMs?: number;
  /** Timer seam: the host's setTimeout, or a manual clock in tests. Returns a cancel function. */
  schedule: (fn: () => void, ms: number) => () => void;
  /** A document list longer than this is compacted automatically (default 512; Infinity: never). */
  compactAbove?: number;
  /** From the CSPRNG per session unless given (tests give one to replay exactly); see ADR 0008. */
  replica?: number;
  onReport?: (report: SyncReport) => void;
  /** Clock seam for judging invites (unconfirmed joins lapse at expiry); Date.now by default. */
  now?: () => number;
}

const REPORTS_PER_SOURCE = 100;

/** A scope's keys as this member holds them, and the epoch the roster requires for sealing. */
interface ScopeKeys {
  keyring: Keyring;
  /** The epoch the roster and the admins' rotations require for sealing (hardening item 6). */
  required: number;
}

/**
 * One workspace as a member sees it: the roster and the keys of every scope proven by the
 * directory, and a room per compartment this member is in (ADR 0012 §5), each holding the
 * decrypted content documents of its compartment. `document`, `authorOf` and the rest without a
 * room are the core room's.
 */
export class SecureWorkspace {
  readonly workspaceId: string;
  /** What went wrong, at most REPORTS_PER_SOURCE per (code, author); reportTotals counts them all. */
  readonly reports: SyncReport[] = [];
  /** `${code} ${author}` → how many reports were made, kept or not. */
  readonly reportTotals = new Map<string, number>();
  private rosterCache: Roster;
  private readonly scopes = new Map<string, ScopeKeys>();
  private readonly openRooms = new Map<string, Room>();
  private readonly rosterList: Y.Array<Uint8Array>;
  private readonly keyList: Y.Array<Uint8Array>;
  private readonly onAfterTransaction: (tr: Y.Transaction) => void;
  private readonly replicaId: number;
  private cancelUpkeep: (() => void) | null = null;
  private cancelCleanup: (() => void) | null = null;
  /** Signatures of envelopes deleted without cover that the guard put back (or saw put back). */
  private readonly putBack = new Set<string>();
  private readonly stopGuard: () => void;

  constructor(private readonly options: SecureWorkspaceOptions) {
    this.workspaceId = options.workspaceId;
    const { transport } = options;
    this.rosterList = transport.getArray<Uint8Array>(ROSTER_LIST);
    this.keyList = transport.getArray<Uint8Array>(KEY_LIST);
    this.rosterCache = computeRoster(this.workspaceId, []);
    this.replicaId = options.replica ?? newReplica();
    this.refreshMembership();
    this.onAfterTransaction = (tr) => {
      if (!tr.changed.has(this.rosterList as never) && !tr.changed.has(this.keyList as never)) return;
      const before = new Map([...this.openRooms.values()].map((r) => [r, this.currentEpoch(r.scope)]));
      this.refreshMembership();
      this.scheduleKeyUpkeep();
      // A first key (just joined), a new epoch, or the current key at last: each room re-seals its
      // presence under it and sends the edits kept while it had no key of the required epoch.
      for (const [room, epoch] of before) room.membershipChanged(this.currentEpoch(room.scope) !== epoch);
      this.updateRooms();
    };
    // Registered before any room's: on the directory, the roster is fresh when a room routes entries.
    transport.on('afterTransaction', this.onAfterTransaction);
    this.stopGuard = guardAppendOnly(transport, options.schedule);
    if (!options.openRoom) this.open(coreCompartmentId(this.workspaceId), transport);
    this.updateRooms();
    this.scheduleKeyUpkeep();
  }

  /** This session's replica: its envelopes' stream, and the seed of its Yjs client ids. */
  get replica(): number {
    return this.replicaId;
  }

  get roster(): Roster {
    return this.rosterCache;
  }

  /** The directory's transport document: roster and wrapped keys (and, without rooms of their own, the core's lists). */
  get transport(): Y.Doc {
    return this.options.transport;
  }

  get me(): string {
    return memberIdOf(this.options.identity);
  }

  /** The rooms open now, by compartment id: one per compartment this member is in. */
  rooms(): ReadonlyMap<string, Room> {
    return this.openRooms;
  }

  /** The room of compartment `compartmentId`, if this member is in it (and it is open). */
  room(compartmentId: string): Room | undefined {
    return this.openRooms.get(compartmentId);
  }

  /**
   * The epoch this member seals under in `scope` (the core's by default): its newest key's, but null
   * while that is older than the epoch the roster (or an admin's later rotation) requires — then
   * edits and presence are kept on this machine until an admin wraps the current key for it, so
   * nothing new is ever readable by a member removed in between (S4). Null before it holds any key.
   */
  currentEpoch(scope: string = WORKSPACE_SCOPE): number | null {
    const keys = this.scopeKeys(scope);
    const held = keys.keyring.current();
    return held !== null && held >= keys.required ? held : null;
  }

  /** What sealing in `scope` waits for: the epoch required and the newest held (null: none); null if nothing. */
  waitingForKey(scope: string = WORKSPACE_SCOPE): { required: number; held: number | null } | null {
    const { keyring, required } = this.scopeKeys(scope);
    const held = keyring.current();
    return held !== null && held >= required ? null : { required, held };
  }

  /** The core's keys this member holds (for admin actions: inviting, key upkeep). */
  get keys(): Keyring {
    return this.scopeKeys(WORKSPACE_SCOPE).keyring;
  }

  /** The keys of `scope` this member holds. */
  keysOf(scope: string): Keyring {
    return this.scopeKeys(scope).keyring;
  }

  /** The decrypted content document `docId` of the core room, opened (and kept in sync) on first use. */
  document(docId: string): Y.Doc {
    return this.coreRoom().document(docId);
  }

  /**
   * Provenance: the member whose signed envelopes carried the edits of Yjs client `clientId` in the
   * core room's document `docId` (every Yjs item names its client). Null if unknown (not yet seen).
   */
  authorOf(docId: string, clientId: number): string | null {
    return this.coreRoom().authorOf(docId, clientId);
  }

  /** The Yjs client id an editor mirror (DocMirror) of the core's `docId` writes under: one this member owns. */
  mirrorClientId(docId: string): number {
    return this.coreRoom().mirrorClientId(docId);
  }

  /** Ids of every content document the core room holds a list for. */
  documentIds(): string[] {
    return this.coreRoom().documentIds();
  }

  /** Encrypted presence of the core room over a provider's awareness (one per connection). */
  attachPresence(awareness: Awareness): EncryptedPresence {
    return this.coreRoom().attachPresence(awareness);
  }

  /** Local edits still waiting for their batching window (or for a key), in every room. */
  waiting(): number {
    let n = 0;
    for (const r of this.openRooms.values()) n += r.waiting();
    return n;
  }

  flush(): void {
    for (const r of this.openRooms.values()) r.flush();
  }

  /** Compacts every open document, in every room, whose list holds more than `threshold` envelopes. */
  compact(threshold = 64): number {
    let dropped = 0;
    for (const r of this.openRooms.values()) dropped += r.compact(threshold);
    return dropped;
  }

  /** Holes in authors' sequences, per document of every room: updates someone withheld (or not yet arrived). */
  gaps(): SyncReport[] {
    return [...this.openRooms.values()].flatMap((r) => r.gaps());
  }

  destroy(): void {
    this.options.transport.off('afterTransaction', this.onAfterTransaction);
    this.stopGuard();
    this.cancelUpkeep?.();
    this.cancelCleanup?.();
    for (const r of this.openRooms.values()) r.destroy();
    this.openRooms.clear();
    for (const { keyring } of this.scopes.values()) keyring.wipe();
  }

  private coreRoom(): Room {
    const core = this.openRooms.get(coreCompartmentId(this.workspaceId));
    if (!core) throw new Error('this member is not in the core compartment: its documents are not open here');
    return core;
  }

  /** With rooms of their own: opens a room per compartment this member is in, closes the others. */
  private updateRooms(): void {
    const { openRoom, closeRoom } = this.options;
    if (!openRoom) return;
    const wanted = new Set(compartmentsOf(this.rosterCache, this.me));
    let changed = false;
    for (const [id, room] of this.openRooms) {
      if (wanted.has(id)) continue;
      room.destroy();
      this.openRooms.delete(id);
      closeRoom?.(id);
      changed = true;
    }
    for (const id of wanted) {
      if (this.openRooms.has(id)) continue;
      this.open(id, openRoom(id));
      changed = true;
    }
    if (changed) this.options.onRoomsChanged?.();
  }

  private open(compartmentId: string, transport: Y.Doc): Room {
    const scope = scopeOf(this.workspaceId, compartmentId);
    const room = new Room(transport, this.roomContext(compartmentId, scope, transport));
    this.openRooms.set(compartmentId, room);
    this.refreshScope(scope);
    return room;
  }

  private roomContext(compartmentId: string, keyScope: string, transport: Y.Doc): RoomContext {
    const { options } = this;
    return {
      workspaceId: this.workspaceId,
      compartmentId,
      keyScope,
      identity: options.identity,
      replica: this.replicaId,
      transport,
      batchMs: options.batchMs ?? 10,
      compactAbove: options.compactAbove ?? 512,
      schedule: options.schedule,
      roster: () => this.rosterCache,
      sealingKey: (epoch: number) => this.scopeKeys(keyScope).keyring.sealing(epoch),
      openingKeys: (epoch: number) => this.scopeKeys(keyScope).keyring.opening(epoch),
      currentEpoch: () => this.currentEpoch(keyScope),
      waitingForKey: () => this.waitingForKey(keyScope),
      report: (r: SyncReport) => this.report(r),
      wasRestored: (signature: string) => this.putBack.has(signature),
      putBack: (signature: string) => void this.putBack.add(signature),
    };
  }

  private report(r: SyncReport): void {
    // Bounded per (code, author): whatever one member makes us say, the rest stays readable.
    const source = `${r.code} ${r.author ?? ''}`;
    const total = (this.reportTotals.get(source) ?? 0) + 1;
    this.reportTotals.set(source, total);
    if (total > REPORTS_PER_SOURCE) return;
    this.reports.push(r);
    this.options.onReport?.(r);
  }

  /** An admin's client keeps every member served with keys, and rotates if a removed member holds the current one. */
  private scheduleKeyUpkeep(): void {
    const me = this.me;
    if (this.cancelUpkeep || this.rosterCache.members.get(me)?.role !== 'admin' || this.rosterCache.provisional.has(me))
      return;
    this.cancelUpkeep = this.options.schedule(() => {
      this.cancelUpkeep = null;
      maintainKeys(this.options.transport, this.workspaceId, this.options.identity, this.now());
    }, 0);
  }

  private scopeKeys(scope: string): ScopeKeys {
    return this.scopes.get(scope) ?? this.refreshScope(scope);
  }

  /** Opens `scope`'s keyring from the key log as the roster stands. */
  private refreshScope(scope: string): ScopeKeys {
    const entries = this.keyList.toArray();
    const keyring = openKeyring(this.workspaceId, entries, this.rosterCache, this.options.identity, scope);
    const required = requiredEpoch(this.workspaceId, entries, this.rosterCache, keyring.current(), scope);
    const keys = { keyring, required };
    this.scopes.set(scope, keys);
    return keys;
  }

  private refreshMembership(): void {
    const entries = this.rosterList.toArray();
    this.rosterCache = computeRoster(this.workspaceId, entries, this.now());
    if (entries.some(isForged)) this.scheduleForgedCleanup();
    // The core's keys always (admin actions need them); every other scope a room or a caller asked for.
    for (const scope of new Set([WORKSPACE_SCOPE, ...this.scopes.keys()])) this.refreshScope(scope);
  }

  /**
   * Deletes roster entries whose signature was found not to verify under the key they name: forged
   * for good, so no guard puts them back, and every client that opens later, or joins, is spared
   * checking them (10,000 such entries cost about 2 s of signature checks; hardening item 13).
   */
  private scheduleForgedCleanup(): void {
    if (this.cancelCleanup) return;
    this.cancelCleanup = this.options.schedule(() => {
      this.cancelCleanup = null;
      const runs: Array<[start: number, length: number]> = [];
      this.rosterList.forEach((entry, index) => {
        if (!isForged(entry)) return;
        const last = runs[runs.length - 1];
        if (last && last[0] + last[1] === index) last[1]++;
        else runs.push([index, 1]);
      });
      if (runs.length === 0) return;
      this.options.transport.transact(() => {
        for (let i = runs.length - 1; i >= 0; i--) this.rosterList.delete(runs[i]![0], runs[i]![1]);
      }, LOCAL_ORIGIN);
    }, 0);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
