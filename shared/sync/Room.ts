import * as Y from 'yjs';

import type { Awareness } from 'y-protocols/awareness';

import { EncryptedPresence } from '../presence';
import { docIdOfList, docListName, isValidDocId } from '../protocol';
import { DocumentChannel } from './DocumentChannel';
import type { ChannelContext } from './DocumentChannel';
import { guardDocumentLists } from './documentListGuard';
import type { SyncReport } from './SyncReport';

/** What a room needs from its workspace: the channel context of its compartment, and the guard's hooks. */
export type RoomContext = ChannelContext & {
  putBack(signature: string): void;
  /** What sealing in this room waits for (the scope's required epoch and the newest held), or null. */
  waitingForKey(): { required: number; held: number | null } | null;
};

/**
 * One compartment's content room (ADR 0012 §1, §5): its transport document holds the envelope
 * lists of the compartment's documents, sealed under its key scope; each is bound to its decrypted
 * document by a DocumentChannel. The room's list guard, compaction and presence are its own.
 */
export class Room {
  readonly compartmentId: string;
  readonly scope: string;
  private readonly channels = new Map<string, DocumentChannel>();
  private readonly channelsByList = new Map<unknown, DocumentChannel>();
  private readonly presences = new Set<EncryptedPresence>();
  private readonly onAfterTransaction = (tr: Y.Transaction): void => {
    this.routeNewEntries(tr);
    for (const channel of this.channels.values()) channel.drain(false);
  };
  private readonly stopListGuard: () => void;

  constructor(
    /** The room's transport document: what its relay room and its local store hold. */
    readonly transport: Y.Doc,
    private readonly ctx: RoomContext,
  ) {
    this.compartmentId = ctx.compartmentId;
    this.scope = ctx.keyScope;
    transport.on('afterTransaction', this.onAfterTransaction);
    this.stopListGuard = guardDocumentLists(transport, ctx);
  }

  /** The decrypted content document `docId`, opened (and kept in sync) on first use. */
  document(docId: string): Y.Doc {
    let channel = this.channels.get(docId);
    if (!channel) {
      if (!isValidDocId(docId)) throw new Error(`"${docId}" is not a valid document id`);
      channel = new DocumentChannel(docId, docListName(docId), this.ctx);
      this.channels.set(docId, channel);
      this.channelsByList.set(channel.listType, channel);
      channel.drain(true);
    }
    return channel.doc;
  }

  /** Ids of every content document this room's transport holds a list for, and those opened. */
  documentIds(): string[] {
    const ids = new Set(this.channels.keys());
    for (const name of this.transport.share.keys()) {
      const id = docIdOfList(name);
      if (id !== null && isValidDocId(id)) ids.add(id);
    }
    return [...ids].sort();
  }

  /** Provenance: the member whose signed envelopes carried Yjs client `clientId`'s edits in `docId`. */
  authorOf(docId: string, clientId: number): string | null {
    return this.channels.get(docId)?.authorOf(clientId) ?? null;
  }

  /** The Yjs client id an editor mirror (DocMirror) of `docId` writes under: one this member owns. */
  mirrorClientId(docId: string): number {
    this.document(docId);
    return this.channels.get(docId)!.mirrorClientId();
  }

  /** What sealing in this room waits for: the scope's required epoch and the newest held; null if nothing. */
  waitingForKey(): { required: number; held: number | null } | null {
    return this.ctx.waitingForKey();
  }

  /** Encrypted presence over this room's connection's awareness, sealed under the room's scope. */
  attachPresence(awareness: Awareness): EncryptedPresence {
    const presence = new EncryptedPresence(awareness, this.ctx);
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
  compact(threshold: number): number {
    let dropped = 0;
    for (const c of this.channels.values()) if (c.length > threshold) dropped += c.compact();
    return dropped;
  }

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

  /**
   * The roster or the key log changed: retry what waited for a member or a key; after a new
   * sealing epoch (or the first), re-seal presence and send the edits kept meanwhile.
   */
  membershipChanged(epochChanged: boolean): void {
    if (epochChanged) {
      for (const p of this.presences) p.publish();
      if (this.ctx.currentEpoch() !== null) this.ctx.schedule(() => this.flush(), 0);
    }
    for (const channel of this.channels.values()) channel.drain(true);
  }

  destroy(): void {
    this.transport.off('afterTransaction', this.onAfterTransaction);
    this.stopListGuard();
    for (const c of this.channels.values()) c.destroy();
    this.channels.clear();
    this.channelsByList.clear();
    for (const p of this.presences) p.destroy();
    this.presences.clear();
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
      const structs = this.transport.store.clients.get(client);
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
}
