import type * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { coreCompartmentId, scopeOf } from '../shared/membership';
import { BoardIndex, DEFAULT_LANES, moveOrganization, updateOrganization } from '../shared/model';
import {
  docListName,
  // The envelope's plaintext format: the editors seal as DocumentChannel does (see Editor).
  encodeUpdateBatch,
  LOCAL_ORIGIN,
  newReplica,
  ownedClientId,
  sealEnvelope,
  WORKSPACE_DOC_ID,
} from '../shared/protocol';
import { connectRoomsClient, roomsOpen } from './compartmentClient';
import { now, sleep } from './harness';
import { prng } from './stats';

// Bench P3's simulated members: thirty people editing one board at a steady rate through the relay.

/**
 * A member who edits at a steady rate: its own identity, the core room's key, its own connections to the
 * relay (the directory and the core room, as the product's Node client holds them) and its own envelopes
 * in the core room's list. The edit itself is made on the shared decrypted copy under this member's own
 * Yjs client id and sealed here exactly as DocumentChannel seals a batch (header, update batch, signature).
 */
export interface Editor {
  /** The core room is open (the roster and its key are here) and up to date with the relay. */
  ready(timeoutMs: number): Promise<void>;
  clientId: number;
  seal(updates: Uint8Array[]): void;
  close(): void;
}

export function connectEditor(
  relayUrl: string,
  workspaceId: string,
  member: { identity: Identity; transport: Y.Doc },
): Editor {
  const { identity, transport } = member;
  // The member's client with rooms; no document is opened, so nothing of the board is decrypted here.
  const client = connectRoomsClient(relayUrl, workspaceId, identity, transport);
  const core = coreCompartmentId(workspaceId);
  const scope = scopeOf(workspaceId, core);
  const replica = newReplica();
  let seq = 0;
  return {
    ready: async (timeoutMs) => {
      await roomsOpen(client, 1, timeoutMs);
      await client.upToDate(timeoutMs);
    },
    // Receivers accept only structs under ids the sealing member owns (ADR 0008).
    clientId: ownedClientId(identity.signPublicKey, WORKSPACE_DOC_ID, replica, 0),
    seal(updates) {
      const room = client.transports.get(core);
      const epoch = client.workspace.currentEpoch(scope);
      const key = epoch === null ? undefined : client.workspace.keysOf(scope).sealing(epoch);
      if (!room || epoch === null || !key) throw new Error('an editor holds no core room or no key for it');
      const header = {
        kind: 'update' as const,
        workspaceId,
        docId: WORKSPACE_DOC_ID,
        keyScope: scope,
        epoch,
        author: identity.signPublicKey,
        replica,
        seq: ++seq,
      };
      const bytes = sealEnvelope(header, encodeUpdateBatch(updates), key, identity.signSecretKey);
      const list = room.getArray<Uint8Array>(docListName(WORKSPACE_DOC_ID));
      room.transact(() => list.insert(list.length, [bytes]), LOCAL_ORIGIN);
    },
    close: () => client.destroy(),
  };
}

/** Edits by the editors at `editsPerSecondPerClient` each, and renames of one marker card on demand. */
export class EditLoad {
  private readonly rnd = prng(3);
  private readonly inView: string[];
  private readonly all: string[];
  private readonly fixed: Set<string>;
  private renames = 0;
  /** The card whose renames are timed, and the cards whose dialogs are; the editors never move them. */
  readonly marker: [lane: string, name: string, id: string];
  readonly probes: Array<[lane: string, name: string, id: string]>;

  constructor(
    private readonly mirror: Y.Doc,
    private readonly editors: Editor[],
    probeCards: Array<[string, string, string]>,
    private readonly rate: { editsPerSecondPerClient: number; moveShare: number },
  ) {
    this.marker = probeCards.at(-1)!;
    this.probes = probeCards.slice(0, -1);
    this.fixed = new Set(probeCards.map((c) => c[2]));
    const index = new BoardIndex(mirror);
    const board = index.read();
    index.destroy();
    this.inView = board.flatMap((l) => l.cards.slice(0, 50).map((c) => c.id));
    this.all = board.flatMap((l) => l.cards.map((c) => c.id));
  }

  nextName(): string {
    return `${this.marker[1]} (${++this.renames})`;
  }

  /** Renames the marker card, as editor 0. */
  rename(name: string): void {
    this.editAs(this.editors[0]!, () => updateOrganization(this.mirror, this.marker[2], { name }));
  }

  /** Runs `editors` editors until `stop()` resolves; returns how many edits were sent. */
  async run(editors: number, stop: Promise<void>): Promise<number> {
    const gapMs = 1000 / (editors * this.rate.editsPerSecondPerClient);
    let stopped = false;
    const halt = () => (stopped = true);
    stop.then(halt, halt);
    let due = now();
    let sent = 0;
    while (!stopped) {
      // Thirty people do not wait for each other: edits due while this process was busy go out
      // together, as they would reach the relay; more than a second's worth behind are dropped
      // (the rate actually sent is reported).
      due = Math.max(due, now() - 1000);
      while (due <= now()) {
        this.randomEdit(this.editors[sent % editors]!);
        sent++;
        due += gapMs;
      }
      await sleep(due - now());
    }
    return sent;
  }

  private randomEdit(editor: Editor): void {
    const pool = this.rnd() < 0.5 ? this.inView : this.all;
    const id = pool[Math.floor(this.rnd() * pool.length)]!;
    const r = this.rnd();
    this.editAs(editor, () => {
      if (r < this.rate.moveShare && !this.fixed.has(id)) {
        const lane = DEFAULT_LANES[Math.floor(this.rnd() * DEFAULT_LANES.length)]!;
        moveOrganization(this.mirror, id, { lane, index: Math.floor(this.rnd() * 30) });
      } else if (r < 0.4)
        updateOrganization(this.mirror, id, {
          threat: pick(this.rnd, ['low', 'moderate', 'high', 'critical'] as const),
        });
      else if (r < 0.6) updateOrganization(this.mirror, id, { status: pick(this.rnd, ['active', 'dormant'] as const) });
      else updateOrganization(this.mirror, id, { summary: `Noted by a colleague at ${new Date().toISOString()}.` });
    });
  }

  private editAs(editor: Editor, edit: () => void): void {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    const own = this.mirror.clientID;
    this.mirror.on('update', collect);
    this.mirror.clientID = editor.clientId;
    try {
      edit();
    } finally {
      this.mirror.clientID = own;
      this.mirror.off('update', collect);
    }
    if (updates.length > 0) editor.seal(updates);
  }
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
