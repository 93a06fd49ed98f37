import * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import type { Awareness } from 'y-protocols/awareness';

import { guardAppendOnly } from '../membership';
import { DocumentChannel } from './DocumentChannel';
import { LOCAL_ORIGIN } from '../protocol';
import { guardDocumentLists } from './documentListGuard';
import { EncryptedPresence } from '../presence';
import { Keyring, openKeyring, requiredEpoch } from '../membership';
import { maintainKeys } from '../membership';
import { computeRoster } from '../membership';
import { newReplica } from '../protocol';
import { isForged } from '../membership';
import type { Roster } from '../membership';
import type { SyncReport } from './SyncReport';
import { docIdOfList, docListName, isValidDocId, KEY_LIST, ROSTER_LIST } from '../protocol';

export interface SecureWorkspaceOptions {
  workspaceId: string;
  identity: Identity;
  /** The transport document: envelopes, roster and wrapped keys; what the relay and the disk hold. */
  transport: Y.Doc;
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

/**
 * One workspace as a member sees it: the roster and epoch keys proven by the transport document,
 * and the decrypted content documents, each bound to its envelope list by a DocumentChannel.
 */
export class SecureWorkspace {
  readonly workspaceId: string;
  /** What went wrong, at most REPORTS_PER_SOURCE per (code, author); reportTotals counts them all. */
  readonly reports: SyncReport[] = [];
  /** `${code} ${author}` → how many reports were made, kept or not. */
  readonly reportTotals = new Map<string, number>();
  private rosterCache: Roster;
  private keyring = new Keyring(new Map(), new Map());
  /** The epoch the roster and the admins' rotations require for sealing (hardening item 6). */
  private required = 0;
  private readonly channels = new Map<string, DocumentChannel>();
  private readonly rosterList: Y.Array<Uint8Array>;
  private readonly keyList: Y.Array<Uint8Array>;
  private readonly onAfterTransaction: (tr: Y.Transaction) => void;
  private readonly channelContext: ConstructorParameters<typeof DocumentChannel>[2];
  private readonly presences = new Set<EncryptedPresence>();
  private readonly channelsByList = new Map<unknown, DocumentChannel>();
  private cancelUpkeep: (() => void) | null = null;
  private cancelCleanup: (() => void) | null = null;
  /** Signatures of envelopes deleted without cover that the guard put back (or saw put back). */
  private readonly putBack = new Set<string>();

  constructor(private readonly options: SecureWorkspaceOptions) {
    this.workspaceId = options.workspaceId;
    const { transport } = options;
    this.rosterList = transport.getArray<Uint8Array>(ROSTER_LIST);
    this.keyList = transport.getArray<Uint8Array>(KEY_LIST);
    this.rosterCache = computeRoster(this.workspaceId, []);
    this.refreshMembership();
    const replica = options.replica ?? newReplica();
    const channelContext = {
      workspaceId: this.workspaceId,
      identity: options.identity,
      replica,
      transport,
      batchMs: options.batchMs ?? 10,
      compactAbove: options.compactAbove ?? 512,
      schedule: options.schedule,
      roster: () => this.rosterCache,
      sealingKey: (epoch: number) => this.keyring.sealing(epoch),
      openingKeys: (epoch: number) => this.keyring.opening(epoch),
      currentEpoch: () => this.currentEpoch(),
      report: (r: SyncReport) => {
        // Bounded per (code, author): whatever one member makes us say, the rest stays readable.
        const source = `${r.code} ${r.author ?? ''}`;
        const total = (this.reportTotals.get(source) ?? 0) + 1;
        this.reportTotals.set(source, total);
        if (total > REPORTS_PER_SOURCE) return;
        this.reports.push(r);
        options.onReport?.(r);
      },
      wasRestored: (signature: string) => this.putBack.has(signature),
      putBack: (signature: string) => void this.putBack.add(signature),
    };
    this.channelContext = channelContext;
    this.onAfterTransaction = (tr) => {
      const membershipChanged = tr.changed.has(this.rosterList as never) || tr.changed.has(this.keyList as never);
      if (membershipChanged) {
        const epoch = this.currentEpoch();
        this.refreshMembership();
        this.scheduleKeyUpkeep();
        // A first key (just joined), a new epoch, or the current key at last: re-seal our presence
        // under it, and send the edits kept while we had no key of the required epoch.
        if (this.currentEpoch() !== epoch) {
          for (const p of this.presences) p.publish();
          if (this.currentEpoch() !== null) options.schedule(() => this.flush(), 0);
        }
      }
      this.routeNewEntries(tr);
      for (const channel of this.channels.values()) channel.drain(membershipChanged);
    };
    transport.on('afterTransaction', this.onAfterTransaction);
    this.stopGuard = guardAppendOnly(transport, options.schedule);
    this.stopListGuard = guardDocumentLists(transport, channelContext);
    this.scheduleKeyUpkeep();
  }

  private readonly stopGuard: () => void;
  private readonly stopListGuard: () => void;

  /** This session's replica: its envelopes' stream, and the seed of its Yjs client ids. */
  get replica(): number {
    return this.channelContext.replica;
  }

  get roster(): Roster {
    return this.rosterCache;
  }

  /** The transport document: envelopes, roster and wrapped keys (what the relay and the disk hold). */
  get transport(): Y.Doc {
    return this.options.transport;
  }

  get me(): string {
    return memberIdOf(this.options.identity);
  }

  /**
   * The epoch this member seals under: its newest key's, but null while that is older than the
   * epoch the roster (or an admin's later rotation) requires — then edits and presence are kept
   * on this machine until an admin wraps the current key for it, so nothing new is ever readable
   * by a member removed in between (S4). Null before it holds any key (not yet joined).
   */
  currentEpoch(): number | null {
    const held = this.keyring.current();
    return held !== null && held >= this.required ? held : null;
  }

  /** What sealing waits for: the epoch required and the newest held (null: none); null if nothing. */
  waitingForKey(): { required: number; held: number | null } | null {
    const held = this.keyring.current();
    return held !== null && held >= this.required ? null : { required: this.required, held };
  }

  /** The keys this member holds (for admin actions: inviting, key upkeep). */
  get keys(): Keyring {
    return this.keyring;
  }

  /** The decrypted content document `docId`, opened (and kept in sync) on first use. */
  document(docId: string): Y.Doc {
    let channel = this.channels.get(docId);
    if (!channel) {
      if (!isValidDocId(docId)) throw new Error(`"${docId}" is not a valid document id`);
      channel = new DocumentChannel(docId, docListName(docId), this.channelContext);
      this.channels.set(docId, channel);
      this.channelsByList.set(channel.listType, channel);
      channel.drain(true);
    }
    return channel.doc;
  }

  /**
   * Provenance: the member whose signed envelopes carried the edits of Yjs client `clientId` in
   * document `docId` (every Yjs item names its client). Null if unknown (not yet seen).
   */
  authorOf(docId: string, clientId: number): string | null {
    return this.channels.get(docId)?.authorOf(clientId) ?? null;
  }

  /** The Yjs client id an editor mirror (DocMirror) of `docId` writes under: one this member owns. */
  mirrorClientId(docId: string): number {
    this.document(docId);
    return this.channels.get(docId)!.mirrorClientId();
  }

  /** Ids of every content document the transport document holds a list for. */
  documentIds(): string[] {
    const ids = new Set(this.channels.keys());
    for (const name of this.options.transport.share.keys()) {
      const id = docIdOfList(name);
      if (id !== null && isValidDocId(id)) ids.add(id);
    }
    return [...ids].sort();
  }

  /** Encrypted presence over a provider's awareness (one per connection). */
  attachPresence(awareness: Awareness): EncryptedPresence {
    const presence = new EncryptedPresence(awareness, this.channelContext);
    this.presences.add(presence);
    return presence;
  }

  /** Local edits still waiting for their batching window (or for a key). */
  waiting(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.waiting;
    return n;
  }

  flush(): void {
    for (const c of this.channels.values()) c.flush();
  }

  /** Compacts every open document whose list holds more than `threshold` envelopes. */
  compact(threshold = 64): number {
    let dropped = 0;
    for (const c of this.channels.values()) if (c.length > threshold) dropped += c.compact();
    return dropped;
  }

  /** Holes in authors' sequences, per document: updates someone withheld (or not yet arrived). */
  gaps(): SyncReport[] {
    const out: SyncReport[] = [];
    for (const c of this.channels.values()) {
      for (const [stream, missing] of c.gaps()) {
        out.push({
          level: 'warning',
          code: 'gap',
          docId: c.docId,
          author: stream.split('/')[0] ?? null,
          message: `updates ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''} of this author are missing`,
        });
      }
    }
    return out;
  }

  destroy(): void {
    this.options.transport.off('afterTransaction', this.onAfterTransaction);
    this.stopGuard();
    this.stopListGuard();
    this.cancelUpkeep?.();
    this.cancelCleanup?.();
    for (const c of this.channels.values()) c.destroy();
    this.channels.clear();
    this.channelsByList.clear();
    for (const p of this.presences) p.destroy();
    this.presences.clear();
    this.keyring.wipe();
  }

  /**
   * Hands each open document's channel the entries this transaction added to its list. They are
   * found among the transaction's new structs (O(new), where Yjs's event.changes walks the whole
   * list every time: quadratic over a long history, bench P4).
   */
  private routeNewEntries(tr: Y.Transaction): void {
    if (this.channels.size === 0) return;
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.options.transport.store.clients.get(client);
      if (!structs) continue;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i];
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const channel = this.channelsByList.get(struct.parent);
        if (!channel) continue;
        const content = struct.content.getContent();
        // A struct may have merged new content onto older: only what is new is routed.
        channel.enqueue(struct.id.clock < before ? content.slice(before - struct.id.clock) : content);
      }
    }
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

  private refreshMembership(): void {
    const entries = this.rosterList.toArray();
    this.rosterCache = computeRoster(this.workspaceId, entries, this.now());
    if (entries.some(isForged)) this.scheduleForgedCleanup();
    const keys = this.keyList.toArray();
    this.keyring = openKeyring(this.workspaceId, keys, this.rosterCache, this.options.identity);
    this.required = requiredEpoch(this.workspaceId, keys, this.rosterCache, this.keyring.current());
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
