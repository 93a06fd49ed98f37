import * as Y from 'yjs';

import { memberIdOf, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import { computeRoster } from '../membership';
import { sealEnvelope } from '../protocol';
import type { EnvelopeHeader } from '../protocol';
import { openKeyring, WORKSPACE_SCOPE } from '../membership';
import type { Keyring } from '../membership';
import type { Roster } from '../membership';
import { encodeSignedEntry } from '../protocol';
import { encodeUpdateBatch } from '../protocol';
import { docListName, KEY_LIST, ROSTER_LIST, WORKSPACE_DOC_ID } from '../protocol';

/** The origin of a hostile client's raw writes to the transport document. */
export const HOSTILE_ORIGIN = Symbol('unity-table/hostile');

/**
 * A member's own profile opened with no rules: the red team's client, for tests. It holds what
 * that member really holds (its identity and every key wrapped for it) and writes anything into
 * the transport document — any list, any index, any bytes, deletions included — and seals
 * anything under any key it holds. What it cannot do is what a real attacker cannot: sign as
 * someone else or open a key never wrapped for it. Honest clients must survive everything it does.
 */
export class HostileClient {
  /**
   * `transport` is the document it writes into (a room's, or the directory's in the single-document
   * layout); `directory` holds the roster and key log (the same document by default). One instance
   * per room transport.
   */
  constructor(
    readonly workspaceId: string,
    readonly identity: Identity,
    readonly transport: Y.Doc,
    readonly directory: Y.Doc = transport,
  ) {}

  get memberId(): string {
    return memberIdOf(this.identity);
  }

  /** The roster as an honest client would compute it from this transport document. */
  roster(): Roster {
    return computeRoster(this.workspaceId, this.directory.getArray(ROSTER_LIST).toArray());
  }

  /** Every key of `scope` (the core's by default) wrapped for this member, old epochs included. */
  keyring(scope: string = WORKSPACE_SCOPE): Keyring {
    const entries = this.directory.getArray(KEY_LIST).toArray();
    return openKeyring(this.workspaceId, entries, this.roster(), this.identity, scope);
  }

  /** Every (epoch, key) of `scope` it can seal with: what it was ever given, vouched or inherited. */
  heldKeys(scope: string = WORKSPACE_SCOPE): Array<{ epoch: number; key: Uint8Array }> {
    const ring = this.keyring(scope);
    const out: Array<{ epoch: number; key: Uint8Array }> = [];
    for (const [epoch] of ring.entries()) for (const key of ring.opening(epoch)) out.push({ epoch, key });
    return out.filter((k, i) => out.findIndex((o) => o.key === k.key) === i);
  }

  /** The key of `epoch` of `scope` it holds (the newest epoch if none given); throws if it holds none. */
  key(epoch?: number, scope: string = WORKSPACE_SCOPE): { epoch: number; key: Uint8Array } {
    const held = this.heldKeys(scope).filter((k) => epoch === undefined || k.epoch === epoch);
    const found = held.sort((a, b) => b.epoch - a.epoch)[0];
    if (!found) throw new Error(`the hostile client holds no key${epoch === undefined ? '' : ` of epoch ${epoch}`}`);
    return found;
  }

  /**
   * Any envelope, signed by this member, under any key it holds of the header's `keyScope` (the
   * core's by default), or any bytes given as `key`.
   */
  seal(header: Partial<EnvelopeHeader>, plaintext: Uint8Array, key?: Uint8Array): Uint8Array {
    const held = key ? { epoch: header.epoch ?? 0, key } : this.key(header.epoch, header.keyScope);
    const full: EnvelopeHeader = {
      kind: 'update',
      workspaceId: this.workspaceId,
      docId: WORKSPACE_DOC_ID,
      keyScope: WORKSPACE_SCOPE,
      author: this.identity.signPublicKey,
      replica: 1,
      seq: 1,
      ...header,
      epoch: header.epoch ?? held.epoch,
    };
    return sealEnvelope(full, plaintext, held.key, this.identity.signSecretKey);
  }

  /** An update envelope carrying `updates` (Yjs updates, one batch), with any header fields. */
  sealUpdate(header: Partial<EnvelopeHeader>, updates: Uint8Array[]): Uint8Array {
    return this.seal({ ...header, kind: 'update' }, encodeUpdateBatch(updates));
  }

  /** A signed roster (or any signed-entry) body, signed by the given secret keys (its own by default). */
  signEntry(body: object, signers: Uint8Array[] = [this.identity.signSecretKey]): Uint8Array {
    return encodeSignedEntry(SignatureDomain.roster, body, signers);
  }

  list(name: string): Y.Array<unknown> {
    return this.transport.getArray<unknown>(name);
  }

  /** The envelope list of content document `docId`. */
  docList(docId: string = WORKSPACE_DOC_ID): Y.Array<unknown> {
    return this.list(docListName(docId));
  }

  /** Inserts raw values at `index` of a list (0 front-runs everything already there). */
  insert(listName: string, index: number, values: unknown[]): void {
    this.transport.transact(() => this.list(listName).insert(index, values), HOSTILE_ORIGIN);
  }

  append(listName: string, values: unknown[]): void {
    const list = this.list(listName);
    this.transport.transact(() => list.insert(list.length, values), HOSTILE_ORIGIN);
  }

  /** Deletes `length` entries of a list from `index` (everything by default). */
  delete(listName: string, index = 0, length?: number): void {
    const list = this.list(listName);
    this.transport.transact(() => list.delete(index, length ?? list.length - index), HOSTILE_ORIGIN);
  }

  /** Writes any value under any key of a top-level map of the transport document. */
  setMap(mapName: string, key: string, value: unknown): void {
    this.transport.transact(() => this.transport.getMap<unknown>(mapName).set(key, value), HOSTILE_ORIGIN);
  }

  /** Any raw Yjs update applied to the transport document, as a patched client would send it. */
  applyRaw(update: Uint8Array): void {
    Y.applyUpdate(this.transport, update, HOSTILE_ORIGIN);
  }
}
