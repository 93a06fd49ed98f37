import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const VERSION = 2;

/**
 * The plaintext of a snapshot envelope: its author's own part of the document (the structs of the
 * author's client ids, plus the delete set) and, per replica of that author, the seqs it folds in,
 * as intervals. Client ids are derived from (author, document, replica, slot), so the replicas
 * listed are also what lets a reader check that every struct in `update` is the author's own.
 */
export interface SnapshotPayload {
  /** replica → closed intervals of its seqs that this snapshot folds in. */
  covers: Map<number, Array<[start: number, end: number]>>;
  update: Uint8Array;
}

export function encodeSnapshotPayload(p: SnapshotPayload): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarUint(e, p.covers.size);
  for (const [replica, runs] of p.covers) {
    encoding.writeVarUint(e, replica);
    encoding.writeVarUint(e, runs.length);
    for (const [start, end] of runs) {
      encoding.writeVarUint(e, start);
      encoding.writeVarUint(e, end - start);
    }
  }
  encoding.writeVarUint8Array(e, p.update);
  return encoding.toUint8Array(e);
}

/** Throws on malformed input. Nothing is expanded: the work is linear in the payload's bytes. */
export function decodeSnapshotPayload(bytes: Uint8Array): SnapshotPayload {
  const d = decoding.createDecoder(bytes);
  if (decoding.readVarUint(d) !== VERSION) throw new Error('not a snapshot payload of this version');
  const covers = new Map<number, Array<[number, number]>>();
  const replicas = decoding.readVarUint(d);
  if (replicas > bytes.length) throw new Error('snapshot replica count exceeds its size');
  for (let i = 0; i < replicas; i++) {
    const replica = decoding.readVarUint(d);
    const count = decoding.readVarUint(d);
    if (count > bytes.length) throw new Error('snapshot cover count exceeds its size');
    const runs: Array<[number, number]> = [];
    for (let r = 0; r < count; r++) {
      const start = decoding.readVarUint(d);
      const end = start + decoding.readVarUint(d);
      if (start < 1 || !Number.isSafeInteger(end)) throw new Error('snapshot cover out of range');
      runs.push([start, end]);
    }
    if (covers.has(replica)) throw new Error('snapshot lists a replica twice');
    covers.set(replica, runs);
  }
  const update = decoding.readVarUint8Array(d);
  if (decoding.hasContent(d)) throw new Error('trailing bytes after the snapshot payload');
  return { covers, update };
}
