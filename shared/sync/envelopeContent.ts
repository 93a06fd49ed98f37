import * as Y from 'yjs';

import type { EnvelopeHeader } from '../protocol';
import { heldEnvelopeName } from '../membership';
import type { Roster } from '../membership';
import { decodeSnapshotPayload } from '../protocol';
import { decodeUpdateBatch } from '../protocol';
import { shapeOf } from './updateShape';

type Runs = Array<[start: number, end: number]>;

/** What an update or snapshot envelope's plaintext holds, and the Yjs client ids whose structs it carries. */
export interface EnvelopeContent {
  updates: Uint8Array[];
  /** For a snapshot: its author's replica → seqs folded in (empty for an update). */
  covers: Map<number, Runs>;
  clients: number[];
}

/** The Yjs client ids that created structs in `update` (its edits, not the items it deletes). Throws like shapeOf. */
export function clientsIn(update: Uint8Array): number[] {
  return [...shapeOf(update).ends.keys()];
}

/** Throws on anything malformed. */
export function decodeEnvelopeContent(kind: EnvelopeHeader['kind'], plaintext: Uint8Array): EnvelopeContent {
  let updates: Uint8Array[];
  let covers = new Map<number, Runs>();
  if (kind === 'snapshot') {
    const payload = decodeSnapshotPayload(plaintext);
    updates = [payload.update];
    covers = payload.covers;
  } else updates = decodeUpdateBatch(plaintext);
  const clients = new Set<number>();
  for (const update of updates) for (const client of shapeOf(update).ends.keys()) clients.add(client);
  return { updates, covers, clients: [...clients] };
}

/**
 * The covers a snapshot may settle, as (replica, start, end): its own replica's seqs at or past the
 * snapshot's own are not written yet, so they settle nothing (`beyond` says the snapshot claimed some).
 */
export function settledCovers(
  header: Pick<EnvelopeHeader, 'replica' | 'seq'>,
  covers: Map<number, Runs>,
): { runs: Array<[replica: number, start: number, end: number]>; beyond: boolean } {
  const runs: Array<[number, number, number]> = [[header.replica, header.seq, header.seq]];
  let beyond = false;
  for (const [replica, list] of covers) {
    for (const [start, end] of list) {
      if (replica !== header.replica) runs.push([replica, start, end]);
      else {
        if (end >= header.seq) beyond = true;
        if (start < header.seq) runs.push([replica, start, Math.min(end, header.seq - 1)]);
      }
    }
  }
  return { runs, beyond };
}

/**
 * The part of `doc` written under `mine` (a member's own client ids): every other client is put past
 * any clock in the state vector, so what remains is our structs plus the whole delete set. Past any
 * clock, not at its current one: Yjs adds structs still pending (waiting for what they depend on) to
 * the update, and a pending struct of someone else's would make every reader refuse the snapshot.
 */
export function ownPartOf(doc: Y.Doc, mine: Set<number>): Uint8Array {
  const clients = new Set(Y.decodeStateVector(Y.encodeStateVector(doc)).keys());
  const pending = doc.store.pendingStructs;
  if (pending) for (const client of Y.parseUpdateMeta(pending.update).to.keys()) clients.add(client);
  const others = new Map<number, number>();
  for (const client of clients) if (!mine.has(client)) others.set(client, Number.MAX_SAFE_INTEGER);
  // Without the deletions Yjs still holds pending (pendingDs): Yjs would re-emit them, so one
  // hostile range for clocks nobody has written would travel on in every honest snapshot.
  const pendingDs = doc.store.pendingDs;
  doc.store.pendingDs = null;
  let update: Uint8Array;
  try {
    update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(others));
  } finally {
    doc.store.pendingDs = pendingDs;
  }
  if (clientsIn(update).some((c) => !mine.has(c))) throw new Error('a snapshot would carry structs that are not ours');
  return update;
}

/**
 * For a member who lost the right to write: whether the envelope at (docId, replica, seq), signed
 * `signature`, is within the cut the admin recorded (a replica absent from it: nothing) and, when
 * the admin's entry named the envelopes it held, is one of them. An entry that recorded no cut
 * leaves the epoch alone to judge.
 */
export function withinCut(
  roster: Pick<Roster, 'cuts' | 'held'>,
  author: string,
  docId: string,
  replica: number,
  seq: number,
  signature: Uint8Array,
): boolean {
  const cut = roster.cuts.get(author);
  if (!cut) return true;
  const last = cut[docId]?.[String(replica)];
  if (last === undefined || seq > last) return false;
  const held = roster.held.get(author);
  return !held || (held.get(docId)?.has(heldEnvelopeName(signature)) ?? false);
}
