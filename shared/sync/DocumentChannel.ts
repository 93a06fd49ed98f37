import * as Y from 'yjs';

import { memberIdOf, toBase64Url } from '../crypto';
import type { Identity } from '../crypto';
import { openEnvelopeWithAny, parseEnvelope, sealEnvelope, signatureOfSealed } from '../protocol';
import type { Envelope, EnvelopeKind } from '../protocol';
import { isCompartmentMember, WRITING_ROLES } from '../membership';
import type { Roster } from '../membership';
import { CLIENT_ID_SLOTS, ownedClientIds } from '../protocol';
import { decodeEnvelopeContent, ownPartOf, settledCovers } from './envelopeContent';
import type { EnvelopeContent } from './envelopeContent';
import { carriesForeign, standingOf } from './envelopeStanding';
import { encodeSnapshotPayload } from '../protocol';
import { ListTail } from './listTail';
import { StreamLedger } from './streamLedger';
import { DecodedArrayTrimmer } from './decodedArrayTrimmer';
import { entrySignatureValid, markSignedBySelf } from './verifiedEntries';
import { encodeUpdateBatch } from '../protocol';
import type { SyncReport, SyncReportCode } from './SyncReport';
import { LOCAL_ORIGIN, REMOTE_ORIGIN } from '../protocol';

export interface ChannelContext {
  workspaceId: string;
  /** The compartment whose room this channel's list lives in (ADR 0012 §5), and its key scope. */
  compartmentId: string;
  keyScope: string;
  identity: Identity;
  /** This session's replica (newReplica(): CSPRNG); a document's Yjs client ids derive from it. */
  replica: number;
  transport: Y.Doc;
  roster(): Roster;
  /** The key new envelopes of `epoch` are sealed with. */
  sealingKey(epoch: number): Uint8Array | undefined;
  /** Every key that may open an envelope of `epoch` (two after concurrent rotations). */
  openingKeys(epoch: number): Uint8Array[];
  currentEpoch(): number | null;
  report(r: SyncReport): void;
  /** Whether an envelope (by signature) was deleted without cover and put back (its copies are no replay). */
  wasRestored(signature: string): boolean;
  schedule(fn: () => void, ms: number): () => void;
  batchMs: number;
  /** A list longer than this is compacted automatically (Infinity: never by itself). */
  compactAbove: number;
}

type Verdict = 'applied' | 'pending' | 'rejected' | 'skipped';

/** What a remote transaction decoded is trimmed this long after it (an open's first paint comes first). */
const TRIM_DELAY_MS = 1000;

/** Anyone with relay access can put any value in a list: wrap primitives so each is handled once. */
const asEntry = (value: unknown): object => (typeof value === 'object' && value !== null ? value : { invalid: value });

/**
 * Binds one content document to its list of envelopes in the transport document: local changes,
 * batched over `batchMs`, become one signed, encrypted envelope; envelopes from others are checked
 * (workspace, document, signature, key scope, compartment membership and role, replay), decrypted and applied. Nothing
 * that fails a check is ever applied.
 */
export class DocumentChannel {
  readonly doc = new Y.Doc();
  private readonly list: Y.Array<Uint8Array>;
  private readonly ledger = new StreamLedger();
  private readonly tail: ListTail;
  /** This member's id and its stream in this document (fixed per channel). */
  private readonly me: string;
  private readonly ownStream: string;
  /** Entries already handled, by identity (Yjs hands back the same Uint8Array for an item). */
  private readonly handled = new WeakSet<object>();
  /** Entries whose fate is settled (applied or rejected for good): compaction may drop them. */
  private readonly settled = new WeakSet<object>();
  /** Held-back entries already reported once (a retry does not report them again). */
  private readonly warned = new WeakSet<object>();
  /** Yjs client id → memberId, for ids proven to derive from the signed header that carried them. */
  private readonly authors = new Map<number, string>();
  /** Signatures of envelopes applied: the same envelope again (a replay, a restored copy) is skipped. */
  private readonly appliedSignatures = new Set<string>();
  /** `author/replica#seq` → the signature of the envelope applied there (a cut names seqs, not signatures). */
  private readonly signatureAt = new Map<string, string>();
  /** Signatures whose copies were reported once as replays. */
  private readonly replaysReported = new Set<string>();
  /** Entries refused for good by what every reader checks (standingOf, own ids): compaction may drop them. */
  private readonly refused = new WeakSet<object>();
  /** Copies of an envelope already applied: compaction may drop them while the original stays. */
  private readonly copies = new WeakSet<object>();
  /**
   * Deletions of items this document does not hold yet (Yjs's pendingDs, taken out of its store after
   * each remote update), each applied once the document holds every item it names.
   */
  private deferred: Uint8Array[] = [];
  /** (author, replica) → the client ids that stream may write under (hashes, so cached). */
  private readonly owned = new Map<string, number[]>();
  private nextMirrorSlot = 1;
  private warnedForeign = false;
  private queue: object[] = [];
  private pending: object[] = [];
  private outgoing: Uint8Array[] = [];
  private seq = 0;
  private cancelFlush: (() => void) | null = null;
  private cancelCompaction: (() => void) | null = null;
  private readonly trimmer: DecodedArrayTrimmer;

  constructor(
    readonly docId: string,
    listName: string,
    private readonly ctx: ChannelContext,
  ) {
    this.list = ctx.transport.getArray<Uint8Array>(listName);
    this.tail = new ListTail(this.list);
    this.me = memberIdOf(ctx.identity);
    this.ownStream = StreamLedger.key(this.me, ctx.replica);
    this.doc.clientID = this.ownIds()[0]!;
    for (const id of this.ownIds()) this.authors.set(id, this.me);
    this.queue.push(...this.list.toArray().map(asEntry));
    this.doc.on('update', this.onLocalUpdate);
    this.trimmer = new DecodedArrayTrimmer(this.doc, (fn, ms) => ctx.schedule(fn, ms), TRIM_DELAY_MS);
    // Yjs encodes a transaction's update only while someone listens for 'update', and we want only
    // local ones: encoding a remote 13.7 MiB snapshot again costs about a second of a cold open
    // (issue 17). This event comes right before that check, once per transaction (nested ones too).
    this.doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
      const local = tr.origin !== REMOTE_ORIGIN;
      if (local === this.listening) return;
      this.listening = local;
      if (local) this.doc.on('update', this.onLocalUpdate);
      else this.doc.off('update', this.onLocalUpdate);
    });
  }

  /** Whether onLocalUpdate is registered now (off for the length of a remote transaction's cleanup). */
  private listening = true;

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE_ORIGIN) return;
    this.outgoing.push(update);
    this.cancelFlush ??= this.ctx.schedule(() => {
      this.cancelFlush = null;
      this.flush();
    }, this.ctx.batchMs);
  };

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
    const why = this.readOnly();
    if (why) {
      this.outgoing = [];
      this.report('error', 'read-only', null, `${why}: your edits are not sent`);
      return;
    }
    const epoch = this.ctx.currentEpoch();
    const key = epoch === null ? undefined : this.ctx.sealingKey(epoch);
    if (epoch === null || !key) return; // kept until a key arrives (e.g. right after joining)
    if (!this.warnedForeign && this.holdsUnprovenClient()) {
      this.warnedForeign = true;
      const why = 'an edit here was made under a Yjs client id this session does not own (a mirror without one?)';
      this.report('error', 'bad-update', this.me, `${why}: every reader will refuse it`);
    }
    const batch = encodeUpdateBatch(this.outgoing);
    this.outgoing = [];
    this.append('update', epoch, key, batch);
    this.considerCompaction();
  }

  /**
   * Replaces this member's own settled envelopes with one snapshot of its own part of the document
   * (its structs, and the delete set: deletions carry no author in Yjs). Others' envelopes stay:
   * nobody attests content or seqs for someone else, and their deletion would be put back.
   */
  compact(): number {
    this.flush();
    // Every reader would refuse our snapshot (read-only-author) and put back what it replaced.
    if (this.readOnly()) return 0;
    const epoch = this.ctx.currentEpoch();
    const key = epoch === null ? undefined : this.ctx.sealingKey(epoch);
    if (epoch === null || !key) return 0;
    const me = this.ctx.identity.signPublicKey;
    // Runs of consecutive droppable entries, deleted a run at a time (one list walk each, not one per entry).
    const runs: Array<[start: number, length: number]> = [];
    let dropped = 0;
    const kept = new Set<string>();
    this.list.forEach((entry, index) => {
      if (!this.droppable(entry, me, kept)) return;
      dropped++;
      const last = runs[runs.length - 1];
      if (last && last[0] + last[1] === index) last[1]++;
      else runs.push([index, 1]);
    });
    if (dropped < 2) return 0;
    const myId = this.me;
    const covers = new Map<number, Array<[number, number]>>();
    for (const stream of this.ledger.streams()) {
      const slash = stream.lastIndexOf('/');
      if (stream.slice(0, slash) === myId) covers.set(Number(stream.slice(slash + 1)), this.ledger.runs(stream));
    }
    const mine = new Set([...covers.keys(), this.ctx.replica].flatMap((r) => this.idsOf(me, r)));
    let update: Uint8Array;
    try {
      update = ownPartOf(this.doc, mine);
    } catch {
      return 0; // never drop our envelopes for a snapshot readers would refuse
    }
    const payload = encodeSnapshotPayload({ covers, update });
    this.ctx.transport.transact(() => {
      for (let i = runs.length - 1; i >= 0; i--) this.list.delete(runs[i]![0], runs[i]![1]);
      this.append('snapshot', epoch, key, payload);
    }, LOCAL_ORIGIN);
    return dropped;
  }

  /** The Yjs client id of this session's next editor mirror of the document (DocMirror). */
  mirrorClientId(): number {
    const slot = this.nextMirrorSlot;
    this.nextMirrorSlot = (slot % (CLIENT_ID_SLOTS - 1)) + 1;
    return this.ownIds()[slot]!;
  }

  /** Why this member may not write here now (the roster as it stands), or null if it may. */
  private readOnly(): string | null {
    const roster = this.ctx.roster();
    const myId = this.me;
    const me = roster.members.get(myId);
    const c = roster.compartments.get(this.ctx.compartmentId);
    if (me && c && c.kind !== 'core' && !isCompartmentMember(roster, c.compartmentId, myId))
      return 'you are not in this compartment';
    if (me) return WRITING_ROLES.has(me.role) ? null : 'you are an observer here';
    return roster.removed.has(myId) ? 'you were removed from this workspace' : null;
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
        this.settled.add(bytes); // a skipped copy too: its original settled it
      }
    }
    if (this.deferred.length > 0) this.applyDeferredDeletions();
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
    this.trimmer.destroy();
    this.doc.destroy();
  }

  private append(kind: EnvelopeKind, epoch: number, key: Uint8Array, plaintext: Uint8Array): void {
    const header = {
      kind,
      workspaceId: this.ctx.workspaceId,
      docId: this.docId,
      keyScope: this.ctx.keyScope,
      epoch,
      author: this.ctx.identity.signPublicKey,
      replica: this.ctx.replica,
      seq: ++this.seq,
    };
    const bytes = sealEnvelope(header, plaintext, key, this.ctx.identity.signSecretKey);
    const stream = this.ownStream;
    // Snapshots take a seq of the same stream, so a hole is a hole whatever kind went missing.
    if (kind === 'update') this.ledger.markApplied(stream, header.seq);
    else this.ledger.markCovered(stream, header.seq, header.seq);
    const { transport } = this.ctx;
    transport.transact((tr) => {
      // Mark the stored entry, which is what the workspace and compaction see.
      const stored = this.tail.append(tr, bytes);
      this.handled.add(stored);
      markSignedBySelf(stored);
      this.appliedSignatures.add(toBase64Url(signatureOfSealed(stored)));
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
    if (!entrySignatureValid(bytes, env))
      return this.reject('bad-signature', author, 'signature does not match: forged or altered');
    // Sealed for another compartment's room: applying it here would release it to this room's members.
    if (header.keyScope !== this.ctx.keyScope) {
      this.refused.add(bytes);
      const why = `sealed under key scope "${header.keyScope}", not this room's "${this.ctx.keyScope}"`;
      return this.reject('wrong-scope', author, why);
    }
    const signature = toBase64Url(env.signature);
    // The exact envelope again: nothing new in it. A copy put back after a deletion passes quietly;
    // any other copy is a replay, and said so (S2), though applying it again would change nothing.
    if (this.appliedSignatures.has(signature)) {
      this.copies.add(bytes);
      if (this.ctx.wasRestored(signature) || this.replaysReported.has(signature)) return 'skipped';
      // Once per envelope: 2,000 copies are one fact, not 2,000 warnings to bury the real ones under.
      this.replaysReported.add(signature);
      const why = `a copy of update ${header.seq} of this author, already applied: skipped (further copies are not reported)`;
      this.report('warning', 'replayed', author, why);
      return 'skipped';
    }
    const standing = standingOf(this.ctx.roster(), this.docId, header, env.signature, this.ctx.compartmentId);
    if (!standing.ok) {
      if (!standing.final) return this.holdBack(bytes, standing.code, author, standing.message);
      this.refused.add(bytes);
      return this.reject(standing.code, author, standing.message);
    }
    // One who cannot write now signs nothing new: within the cut, a seq already applied under
    // another signature is a second envelope for the same place in the stream (ADR 0008).
    const at = `${author}/${header.replica}#${header.seq}`;
    const first = this.signatureAt.get(at);
    if (!standing.writes && first !== undefined && first !== signature) {
      return this.reject(
        'equivocation',
        author,
        `a second, different envelope for seq ${header.seq} of replica ${header.replica}, signed after its author lost the right to write: refused`,
      );
    }
    const stream = StreamLedger.key(author, header.replica);
    const keys = this.ctx.openingKeys(header.epoch);
    if (keys.length === 0) return this.holdBack(bytes, 'missing-key', author, `no key for epoch ${header.epoch} yet`);
    const plaintext = openEnvelopeWithAny(env, keys);
    if (!plaintext) return this.reject('undecryptable', author, 'does not decrypt under any key of its epoch');
    let content: EnvelopeContent;
    try {
      content = decodeEnvelopeContent(header.kind, plaintext);
    } catch {
      this.refused.add(bytes);
      return this.reject('bad-update', author, 'decrypted, but is not a valid document update');
    }
    const { updates, covers, clients } = content;
    // Provenance from the signature: an envelope carries structs only of client ids derived from its
    // own author (and, for an update, its own replica), whatever came first in the list.
    if (carriesForeign(content, header, (a, r) => this.idsOf(a, r))) {
      this.refused.add(bytes);
      return this.reject('bad-update', author, "carries edits under a client id that is not its author's");
    }
    // A covered update is applied anyway: covers only quiet gap reports, they never skip anything.
    const claimed = header.kind === 'update' && this.ledger.isCovered(stream, header.seq);
    const falselyClaimed = claimed && clients.some((c) => this.addsTo(updates, c));
    // Every check is above: Yjs has no rollback.
    try {
      for (const update of updates) {
        Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
        this.deferUnseenDeletions();
      }
    } catch {
      // Past every check above, and Yjs has no rollback: never let a half-applied document pass quietly.
      const why =
        'passed every check, but Yjs failed applying it: this copy of the document may be half-changed; reopen the workspace to rebuild it from the list';
      return this.reject('bad-update', author, why);
    }
    this.keepOwnClientId();
    for (const client of clients) this.authors.set(client, author);
    this.appliedSignatures.add(signature);
    if (first === undefined) this.signatureAt.set(at, signature);
    if (header.kind === 'update') this.ledger.markApplied(stream, header.seq);
    else {
      const { runs, beyond } = settledCovers(header, covers);
      for (const [replica, start, end] of runs) this.ledger.markCovered(StreamLedger.key(author, replica), start, end);
      if (beyond)
        this.report('warning', 'false-cover', author, `snapshot ${header.seq} claims seqs it had not written`);
    }
    if (falselyClaimed) {
      this.report('warning', 'false-cover', author, `update ${header.seq} was claimed by a snapshot that lacked it`);
    }
    return 'applied';
  }

  /**
   * Yjs keeps the part of a delete set naming items it does not hold (pendingDs) and deletes them
   * as they arrive, so one range over clocks another member has not written yet would delete all its
   * future edits. A deleter can only delete what it could have seen: such a part waits here, out of
   * the store (Yjs would also re-send it in every snapshot), until the document holds all it names.
   */
  private deferUnseenDeletions(): void {
    const rest = this.doc.store.pendingDs;
    if (!rest) return;
    this.doc.store.pendingDs = null;
    this.deferred.push(rest);
  }

  private applyDeferredDeletions(): void {
    const waiting = this.deferred;
    this.deferred = [];
    for (const rest of waiting) {
      const { ds } = Y.decodeUpdateV2(rest);
      const held = [...ds.clients].every(([client, items]) =>
        items.every(({ clock, len }) => clock + len <= Y.getState(this.doc.store, client)),
      );
      if (!held) {
        this.deferred.push(rest);
        continue;
      }
      Y.applyUpdateV2(this.doc, rest, REMOTE_ORIGIN);
      this.deferUnseenDeletions();
    }
  }

  /**
   * Whether the document holds structs of a Yjs client id that is neither this session's nor proven
   * by a signed envelope: a local edit under an id we do not own, which every reader refuses. Asked
   * of the store's client list (a handful), where decoding every outgoing update cost a tenth of the
   * encrypted path's overhead in bench P2 (10 ms batching).
   */
  private holdsUnprovenClient(): boolean {
    for (const client of this.doc.store.clients.keys()) if (!this.authors.has(client)) return true;
    return false;
  }

  /** Own ids of this session in this document: slot 0 is the document, the rest its mirrors. */
  private ownIds(): number[] {
    return this.idsOf(this.ctx.identity.signPublicKey, this.ctx.replica);
  }

  private idsOf(author: Uint8Array, replica: number): number[] {
    const k = `${toBase64Url(author)}/${replica}`;
    let ids = this.owned.get(k);
    if (!ids) this.owned.set(k, (ids = ownedClientIds(author, this.docId, replica)));
    return ids;
  }

  /**
   * Our own settled envelopes; what every reader refuses for good (the list guard does not put it
   * back); a copy of an envelope whose first instance stays (`kept`: signatures kept so far in this
   * walk); and junk that is no signed envelope at all.
   */
  private droppable(entry: unknown, me: Uint8Array, kept: Set<string>): boolean {
    if (typeof entry !== 'object' || entry === null) return true;
    try {
      const env = parseEnvelope(entry);
      if (!entrySignatureValid(entry, env)) return true;
      if (this.refused.has(entry)) return true;
      const signature = toBase64Url(env.signature);
      if (this.copies.has(entry) && kept.has(signature)) return true;
      if (this.settled.has(entry) && toBase64Url(env.header.author) === toBase64Url(me)) return true;
      kept.add(signature);
      return false;
    } catch {
      return true;
    }
  }

  /** Whether `updates` hold structs of `client` past what the document has. */
  private addsTo(updates: Uint8Array[], client: number): boolean {
    const have = Y.getState(this.doc.store, client);
    return updates.some((u) => (Y.parseUpdateMeta(u).to.get(client) ?? 0) > have);
  }

  /**
   * Yjs gives a document a random client id when a remote update carries structs of its own id
   * (our replica's envelopes from an earlier session, or a session that drew the same replica). We
   * hold those structs, so continuing after them under our own id is safe; a random id would make
   * every later edit of ours refused as someone else's.
   */
  private keepOwnClientId(): void {
    const own = this.ownIds()[0]!;
    if (this.doc.clientID !== own) this.doc.clientID = own;
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
