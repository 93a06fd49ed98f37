import * as Y from 'yjs';

import { memberIdOf, toBase64Url } from '../crypto';
import type { Identity } from '../crypto';
import { envelopeSignatureValid, openEnvelopeWithAny, parseEnvelope, sealEnvelope } from './envelope';
import type { Envelope, EnvelopeKind } from './envelope';
import { WORKSPACE_SCOPE } from './keyLog';
import { WRITING_ROLES } from './roster';
import type { Roster } from './roster';
import { decodeSnapshotPayload, encodeSnapshotPayload } from './snapshotPayload';
import { StreamLedger } from './streamLedger';
import { decodeUpdateBatch, encodeUpdateBatch } from './updateBatch';
import type { SyncReport, SyncReportCode } from './SyncReport';

/** The origin of transactions that apply remote envelopes: never re-encrypted and sent back. */
export const REMOTE_ORIGIN = Symbol('unity-table/remote');
/** The origin of our own appends to the transport document. */
export const LOCAL_ORIGIN = Symbol('unity-table/local');

export interface ChannelContext {
  workspaceId: string;
  identity: Identity;
  replica: number;
  transport: Y.Doc;
  roster(): Roster;
  /** The key new envelopes of `epoch` are sealed with. */
  sealingKey(epoch: number): Uint8Array | undefined;
  /** Every key that may open an envelope of `epoch` (two after concurrent rotations). */
  openingKeys(epoch: number): Uint8Array[];
  currentEpoch(): number | null;
  report(r: SyncReport): void;
  schedule(fn: () => void, ms: number): () => void;
  batchMs: number;
  /** A list longer than this is compacted automatically (Infinity: never by itself). */
  compactAbove: number;
}

type Verdict = 'applied' | 'pending' | 'rejected' | 'skipped';

/** The Yjs client ids that created structs in `update` (its edits, not the items it deletes). */
function clientsIn(update: Uint8Array): number[] {
  const { from, to } = Y.parseUpdateMeta(update);
  return [...to].filter(([client, clock]) => clock > (from.get(client) ?? 0)).map(([client]) => client);
}

/** Anyone with relay access can put any value in a list: wrap primitives so each is handled once. */
const asEntry = (value: unknown): object => (typeof value === 'object' && value !== null ? value : { invalid: value });

/**
 * Binds one content document to its list of envelopes in the transport document: local changes,
 * batched over `batchMs`, become one signed, encrypted envelope; envelopes from others are checked
 * (workspace, document, signature, membership and role, replay), decrypted and applied. Nothing
 * that fails a check is ever applied.
 */
export class DocumentChannel {
  readonly doc = new Y.Doc();
  private readonly list: Y.Array<Uint8Array>;
  private readonly ledger = new StreamLedger();
  /** Entries already handled, by identity (Yjs hands back the same Uint8Array for an item). */
  private readonly handled = new WeakSet<object>();
  /** Entries whose fate is settled (applied or rejected for good): compaction may drop them. */
  private readonly settled = new WeakSet<object>();
  /** Held-back entries already reported once (a retry does not report them again). */
  private readonly warned = new WeakSet<object>();
  /** Yjs client id → memberId, bound by the envelopes that carried each client's edits. */
  private readonly authors = new Map<number, string>();
  private queue: object[] = [];
  private pending: object[] = [];
  private outgoing: Uint8Array[] = [];
  private seq = 0;
  private cancelFlush: (() => void) | null = null;
  private cancelCompaction: (() => void) | null = null;

  constructor(
    readonly docId: string,
    listName: string,
    private readonly ctx: ChannelContext,
  ) {
    this.list = ctx.transport.getArray<Uint8Array>(listName);
    this.authors.set(this.doc.clientID, memberIdOf(ctx.identity));
    this.queue.push(...this.list.toArray().map(asEntry));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      this.outgoing.push(update);
      this.cancelFlush ??= ctx.schedule(() => {
        this.cancelFlush = null;
        this.flush();
      }, ctx.batchMs);
    });
  }

  /** The list this channel reads: SecureWorkspace routes new entries of it here. */
  get listType(): Y.Array<Uint8Array> {
    return this.list;
  }

  /** New entries of the list, found by the workspace in each transaction's new structs. */
  enqueue(entries: unknown[]): void {
    for (const e of entries) this.queue.push(asEntry(e));
  }

  /** How many envelopes the document's list holds (what compaction shrinks). */
  get length(): number {
    return this.list.length;
  }

  get waiting(): number {
    return this.outgoing.length;
  }

  /** Seals what changed locally since the last flush into one envelope, now. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.outgoing.length === 0) return;
    const roster = this.ctx.roster();
    const myId = memberIdOf(this.ctx.identity);
    const me = roster.members.get(myId);
    if ((me && !WRITING_ROLES.has(me.role)) || (!me && roster.removed.has(myId))) {
      this.outgoing = [];
      const why = me ? 'you are an observer here' : 'you were removed from this workspace';
      this.report('error', 'read-only', null, `${why}: your edits are not sent`);
      return;
    }
    const epoch = this.ctx.currentEpoch();
    const key = epoch === null ? undefined : this.ctx.sealingKey(epoch);
    if (epoch === null || !key) return; // kept until a key arrives (e.g. right after joining)
    const batch = encodeUpdateBatch(this.outgoing);
    this.outgoing = [];
    this.append('update', epoch, key, batch);
    this.considerCompaction();
  }

  /** Replaces the envelopes this client has settled with one encrypted snapshot of the document. */
  compact(): number {
    this.flush();
    const epoch = this.ctx.currentEpoch();
    const key = epoch === null ? undefined : this.ctx.sealingKey(epoch);
    if (epoch === null || !key) return 0;
    // Runs of consecutive droppable entries, deleted a run at a time (one list walk each, not one per entry).
    const runs: Array<[start: number, length: number]> = [];
    let dropped = 0;
    this.list.forEach((entry, index) => {
      if (typeof entry === 'object' && entry !== null && !this.settled.has(entry)) return;
      dropped++;
      const last = runs[runs.length - 1];
      if (last && last[0] + last[1] === index) last[1]++;
      else runs.push([index, 1]);
    });
    if (dropped < 2) return 0;
    const payload = encodeSnapshotPayload({
      covers: this.ledger.all(),
      update: Y.encodeStateAsUpdate(this.doc),
      authors: this.authors,
    });
    this.ctx.transport.transact(() => {
      for (let i = runs.length - 1; i >= 0; i--) this.list.delete(runs[i]![0], runs[i]![1]);
      this.append('snapshot', epoch, key, payload);
    }, LOCAL_ORIGIN);
    return dropped;
  }

  /** Past `compactAbove` envelopes, a compaction soon (debounced: a burst compacts once). */
  private considerCompaction(): void {
    if (this.list.length <= this.ctx.compactAbove || this.cancelCompaction) return;
    this.cancelCompaction = this.ctx.schedule(() => {
      this.cancelCompaction = null;
      if (this.list.length > this.ctx.compactAbove) this.compact();
    }, 1000);
  }

  /** Applies what arrived; retries what waited for a key or a member. Called after each transport transaction. */
  drain(retryPending: boolean): void {
    const work = retryPending ? [...this.pending, ...this.queue] : this.queue;
    if (retryPending) this.pending = [];
    this.queue = [];
    for (const bytes of work) {
      if (this.handled.has(bytes)) continue;
      const verdict = this.receive(bytes);
      if (verdict === 'pending') this.pending.push(bytes);
      else {
        this.handled.add(bytes);
        if (verdict !== 'skipped') this.settled.add(bytes);
      }
    }
    if (work.length > 0) this.considerCompaction();
  }

  /** The member whose signed envelopes carried the edits of Yjs client `clientId` in this document. */
  authorOf(clientId: number): string | null {
    return this.authors.get(clientId) ?? null;
  }

  gaps(): Map<string, number[]> {
    return this.ledger.gaps();
  }

  destroy(): void {
    this.cancelFlush?.();
    this.cancelCompaction?.();
    this.doc.destroy();
  }

  private append(kind: EnvelopeKind, epoch: number, key: Uint8Array, plaintext: Uint8Array): void {
    const header = {
      kind,
      workspaceId: this.ctx.workspaceId,
      docId: this.docId,
      keyScope: WORKSPACE_SCOPE,
      epoch,
      author: this.ctx.identity.signPublicKey,
      replica: this.ctx.replica,
      seq: ++this.seq,
    };
    const bytes = sealEnvelope(header, plaintext, key, this.ctx.identity.signSecretKey);
    const stream = StreamLedger.key(memberIdOf(this.ctx.identity), this.ctx.replica);
    // Snapshots take a seq of the same stream, so a hole is a hole whatever kind went missing.
    if (kind === 'update') this.ledger.markApplied(stream, header.seq);
    else this.ledger.markCovered(stream, [header.seq]);
    const { transport } = this.ctx;
    transport.transact(() => {
      // insert at the end (search markers keep this cheap), not push (which walks the list).
      this.list.insert(this.list.length, [bytes]);
      // Yjs stores a copy: mark the stored entry, which is what the workspace and compaction see.
      // It is our client's newest struct (binary content never merges with a neighbour).
      const mine = transport.store.clients.get(transport.clientID)!;
      const stored = (mine[mine.length - 1] as Y.Item).content.getContent()[0] as Uint8Array;
      this.handled.add(stored);
      this.settled.add(stored);
    }, LOCAL_ORIGIN);
  }

  private receive(bytes: object): Verdict {
    let env: Envelope;
    try {
      env = parseEnvelope(bytes);
    } catch (e) {
      return this.reject('malformed', null, (e as Error).message);
    }
    const author = toBase64Url(env.header.author);
    const { header } = env;
    if (header.workspaceId !== this.ctx.workspaceId) {
      return this.reject('wrong-workspace', author, `envelope of workspace ${header.workspaceId} found here`);
    }
    if (header.docId !== this.docId) {
      return this.reject('wrong-document', author, `envelope of document ${header.docId} found here`);
    }
    if (header.kind === 'presence') return this.reject('wrong-document', author, 'presence in a document list');
    if (!envelopeSignatureValid(env))
      return this.reject('bad-signature', author, 'signature does not match: forged or altered');
    const roster = this.ctx.roster();
    const member = roster.members.get(author);
    // Written while the author could write (before the epoch of their removal or demotion): it stays.
    const wroteBefore = header.epoch < (roster.wroteUntilEpoch.get(author) ?? -1);
    if (!member && !wroteBefore) {
      return this.holdBack(bytes, 'unknown-author', author, 'signed by someone who is not (yet) a member');
    }
    if (member && !WRITING_ROLES.has(member.role) && !wroteBefore) {
      return this.reject('read-only-author', author, `signed by a member whose role (${member.role}) cannot edit`);
    }
    const stream = StreamLedger.key(author, header.replica);
    const seen = this.ledger.has(stream, header.seq);
    if (header.kind === 'update' && seen === 'covered') return 'skipped';
    if (header.kind === 'update' && seen === 'applied') {
      return this.reject('replayed', author, `update ${header.seq} of this author was already applied`);
    }
    // Compartment keys (a non-empty scope) come later: such an envelope waits, like any missing key.
    const keys = header.keyScope === WORKSPACE_SCOPE ? this.ctx.openingKeys(header.epoch) : [];
    if (keys.length === 0) return this.holdBack(bytes, 'missing-key', author, `no key for epoch ${header.epoch} yet`);
    const plaintext = openEnvelopeWithAny(env, keys);
    if (!plaintext) return this.reject('undecryptable', author, 'does not decrypt under any key of its epoch');
    try {
      if (header.kind === 'snapshot') {
        const payload = decodeSnapshotPayload(plaintext);
        Y.applyUpdate(this.doc, payload.update, REMOTE_ORIGIN);
        // What we already know stands; the rest is as the compacting member attests (or its own).
        for (const client of clientsIn(payload.update)) {
          if (!this.authors.has(client)) this.authors.set(client, payload.authors.get(client) ?? author);
        }
        for (const [s, seqs] of payload.covers) this.ledger.markCovered(s, seqs);
        this.ledger.markCovered(stream, [header.seq]);
      } else {
        const updates = decodeUpdateBatch(plaintext);
        // Provenance from the signature: every Yjs client id whose edits an envelope carries belongs to
        // its author, and no one may send edits under a client id that is someone else's.
        const clients = new Set(updates.flatMap((u) => clientsIn(u)));
        for (const client of clients) {
          const owner = this.authors.get(client);
          if (owner !== undefined && owner !== author) {
            return this.reject('bad-update', author, "carries edits under another member's client id");
          }
        }
        for (const client of clients) this.authors.set(client, author);
        for (const update of updates) Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
        this.ledger.markApplied(stream, header.seq);
      }
    } catch {
      return this.reject('bad-update', author, 'decrypted, but is not a valid document update');
    }
    return 'applied';
  }

  private holdBack(bytes: object, code: SyncReportCode, author: string, why: string): Verdict {
    if (!this.warned.has(bytes)) {
      this.warned.add(bytes);
      this.report('warning', code, author, `${why}: held back until that changes`);
    }
    return 'pending';
  }

  private reject(code: SyncReportCode, author: string | null, message: string): Verdict {
    this.report('error', code, author, message);
    return 'rejected';
  }

  private report(level: SyncReport['level'], code: SyncReportCode, author: string | null, message: string): void {
    this.ctx.report({ level, code, docId: this.docId, author, message });
  }
}
