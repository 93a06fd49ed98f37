import type { Awareness } from 'y-protocols/awareness';

import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../crypto';
import type { Identity } from '../crypto';
import { envelopeSignatureValid, openEnvelopeWithAny, parseEnvelope, sealEnvelope } from '../protocol';
import { compartmentMembers } from '../membership';
import type { Roster } from '../membership';

/** The document id presence envelopes carry: never a content document's. */
export const PRESENCE_DOC_ID = '_presence';
/** A presence state larger than this is not sent (cursors and a location are small). */
const MAX_PRESENCE_BYTES = 16 * 1024;

export interface PresencePeer {
  memberId: string;
  /** The awareness client id (one per open app). */
  clientId: number;
  state: Record<string, unknown>;
}

export interface PresenceContext {
  workspaceId: string;
  /** The room's compartment and key scope: presence is sealed per room, read only by its members (ADR 0012 §4). */
  compartmentId: string;
  keyScope: string;
  identity: Identity;
  replica: number;
  roster(): Roster;
  sealingKey(epoch: number): Uint8Array | undefined;
  openingKeys(epoch: number): Uint8Array[];
  currentEpoch(): number | null;
}

/**
 * Presence (who is online, which card or note they are in, cursors) over y-websocket's awareness,
 * sealed like any envelope: the relay forwards `{ e: <envelope> }` and learns nothing but size and
 * timing. Peers' states are verified (signature, member of the room's compartment, workspace, scope) and replays of older states
 * are ignored.
 */
export class EncryptedPresence {
  private seq = 0;
  private local: Record<string, unknown> | null = null;
  private readonly peers = new Map<number, PresencePeer>();
  /** Highest seq seen per author stream: an older (replayed) state is ignored. */
  private readonly lastSeq = new Map<string, number>();
  private readonly listeners = new Set<(peers: PresencePeer[]) => void>();
  private readonly onChange = (): void => this.refresh();

  constructor(
    private readonly awareness: Awareness,
    private readonly ctx: PresenceContext,
  ) {
    awareness.on('change', this.onChange);
  }

  /** Publishes our state (null: we are gone). Resealed on every call. */
  setLocal(state: Record<string, unknown> | null): void {
    this.local = state;
    this.publish();
  }

  /** Sets one field of our state (null removes it), keeping the others: the board and each open note share one state. */
  setField(field: string, value: unknown): void {
    const next = { ...(this.local ?? {}) };
    if (value === null || value === undefined) delete next[field];
    else next[field] = value;
    this.setLocal(next);
  }

  /** Re-seals the current state, e.g. after a key rotation or when the first key arrives. */
  publish(): void {
    if (this.local === null) return this.awareness.setLocalState(null);
    const epoch = this.ctx.currentEpoch();
    const key = epoch === null ? undefined : this.ctx.sealingKey(epoch);
    const plaintext = utf8(JSON.stringify(this.local));
    if (epoch === null || !key || plaintext.length > MAX_PRESENCE_BYTES) return;
    const envelope = sealEnvelope(
      {
        kind: 'presence',
        workspaceId: this.ctx.workspaceId,
        docId: PRESENCE_DOC_ID,
        keyScope: this.ctx.keyScope,
        epoch,
        author: this.ctx.identity.signPublicKey,
        replica: this.ctx.replica,
        seq: ++this.seq,
      },
      plaintext,
      key,
      this.ctx.identity.signSecretKey,
    );
    this.awareness.setLocalState({ e: toBase64Url(envelope) });
  }

  /** The other members present now, verified and decrypted. */
  others(): PresencePeer[] {
    return [...this.peers.values()];
  }

  onPeers(listener: (peers: PresencePeer[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.awareness.off('change', this.onChange);
    this.awareness.setLocalState(null);
  }

  private refresh(): void {
    const seen = new Set<number>();
    for (const [clientId, raw] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      seen.add(clientId);
      const peer = this.open(clientId, raw);
      if (peer) this.peers.set(clientId, peer);
    }
    for (const clientId of [...this.peers.keys()]) if (!seen.has(clientId)) this.peers.delete(clientId);
    const peers = this.others();
    for (const l of this.listeners) l(peers);
  }

  private open(clientId: number, raw: unknown): PresencePeer | null {
    const e = (raw as { e?: unknown } | null)?.e;
    if (typeof e !== 'string') return null;
    try {
      const env = parseEnvelope(fromBase64Url(e));
      const h = env.header;
      if (h.kind !== 'presence' || h.workspaceId !== this.ctx.workspaceId || h.docId !== PRESENCE_DOC_ID) return null;
      if (h.keyScope !== this.ctx.keyScope) return null;
      if (!envelopeSignatureValid(env)) return null;
      const memberId = toBase64Url(h.author);
      if (!compartmentMembers(this.ctx.roster(), this.ctx.compartmentId).has(memberId)) return null;
      const stream = `${memberId}/${h.replica}`;
      const known = this.peers.get(clientId);
      if ((this.lastSeq.get(stream) ?? 0) >= h.seq) return known?.memberId === memberId ? known : null;
      const plaintext = openEnvelopeWithAny(env, this.ctx.openingKeys(h.epoch));
      if (!plaintext) return null;
      const state = JSON.parse(fromUtf8(plaintext)) as unknown;
      if (typeof state !== 'object' || state === null || Array.isArray(state)) return null;
      this.lastSeq.set(stream, h.seq);
      return { memberId, clientId, state: state as Record<string, unknown> };
    } catch {
      return null;
    }
  }
}
