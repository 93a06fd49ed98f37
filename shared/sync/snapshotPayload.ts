import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The plaintext of a snapshot envelope: the document's whole state, which stream seqs it folds in
 * (as runs), so readers neither re-report them nor mistake their absence for a gap, and which
 * member each Yjs client id in it belongs to (provenance survives compaction, as the compacting
 * member attests it).
 */
export interface SnapshotPayload {
  covers: Map<string, number[]>;
  update: Uint8Array;
  authors: Map<number, string>;
}

export function encodeSnapshotPayload(p: SnapshotPayload): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, p.covers.size);
  for (const [stream, seqs] of p.covers) {
    encoding.writeVarString(e, stream);
    const runs: Array<[number, number]> = [];
    for (const s of seqs) {
      const last = runs[runs.length - 1];
      if (last && last[0] + last[1] === s) last[1]++;
      else runs.push([s, 1]);
    }
    encoding.writeVarUint(e, runs.length);
    for (const [start, length] of runs) {
      encoding.writeVarUint(e, start);
      encoding.writeVarUint(e, length);
    }
  }
  encoding.writeVarUint8Array(e, p.update);
  encoding.writeVarUint(e, p.authors.size);
  for (const [client, member] of p.authors) {
    encoding.writeVarUint(e, client);
    encoding.writeVarString(e, member);
  }
  return encoding.toUint8Array(e);
}

/** Throws on malformed input; caps run lengths so a hostile payload cannot exhaust memory. */
export function decodeSnapshotPayload(bytes: Uint8Array): SnapshotPayload {
  const d = decoding.createDecoder(bytes);
  const covers = new Map<string, number[]>();
  const streams = decoding.readVarUint(d);
  let total = 0;
  for (let i = 0; i < streams; i++) {
    const stream = decoding.readVarString(d);
    const runs = decoding.readVarUint(d);
    const seqs: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = decoding.readVarUint(d);
      const length = decoding.readVarUint(d);
      total += length;
      if (total > 10_000_000) throw new Error('snapshot covers too many updates');
      for (let s = start; s < start + length; s++) seqs.push(s);
    }
    covers.set(stream, seqs);
  }
  const update = decoding.readVarUint8Array(d);
  const authors = new Map<number, string>();
  const count = decoding.readVarUint(d);
  for (let i = 0; i < count; i++) authors.set(decoding.readVarUint(d), decoding.readVarString(d));
  return { covers, update, authors };
}
