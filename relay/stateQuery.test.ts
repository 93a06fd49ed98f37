import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { MESSAGE_STATE_QUERY, snapshotIncludes } from '../shared/protocol';
import { isStateQuery, stateAnswer } from './stateQuery';

/** Reads an answer as a client does (RelayConnection): the type, then the encoded snapshot. */
function read(answer: Uint8Array): { type: number; snapshot: Y.Snapshot } {
  const d = decoding.createDecoder(answer);
  const type = decoding.readVarUint(d);
  return { type, snapshot: Y.decodeSnapshot(decoding.readVarUint8Array(d)) };
}

describe('the state query', () => {
  it('is the single byte of its message type, nothing longer', () => {
    expect(isStateQuery(new Uint8Array([MESSAGE_STATE_QUERY]))).toBe(true);
    expect(isStateQuery(new Uint8Array([MESSAGE_STATE_QUERY, 0]))).toBe(false);
    expect(isStateQuery(new Uint8Array([3]))).toBe(false);
    expect(isStateQuery(new Uint8Array())).toBe(false);
  });

  it('is answered with what the room holds, insertions and deletions, and none of its content', () => {
    const room = new Y.Doc();
    const list = room.getArray<string>('doc:x');
    list.push(['MARKER-one', 'MARKER-two']);
    list.delete(0, 1);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room));

    const answer = stateAnswer(room);
    const { type, snapshot } = read(answer);
    expect(type).toBe(MESSAGE_STATE_QUERY);
    expect(snapshotIncludes(snapshot, Y.snapshot(client))).toBe(true);
    expect(Buffer.from(answer).includes('MARKER')).toBe(false);

    // A client that holds more than the room, an insertion or a deletion, is not up to date.
    client.getArray<string>('doc:x').push(['three']);
    expect(snapshotIncludes(read(stateAnswer(room)).snapshot, Y.snapshot(client))).toBe(false);
    const deleter = new Y.Doc();
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(room));
    deleter.getArray<string>('doc:x').delete(0, 1);
    expect(snapshotIncludes(read(stateAnswer(room)).snapshot, Y.snapshot(deleter))).toBe(false);
  });
});
