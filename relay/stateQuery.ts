import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

import { MESSAGE_STATE_QUERY } from '../shared/protocol';

/**
 * The state query (docs/protocol.md, "Up to date: the state query"): a client asks, over its own
 * admitted socket, what the relay holds, because y-websocket's `synced` says only the reverse.
 */

/** A frame that is the query: the single byte MESSAGE_STATE_QUERY (any longer one is malformed). */
export const isStateQuery = (frame: Uint8Array): boolean => frame.length === 1 && frame[0] === MESSAGE_STATE_QUERY;

/** The answer: the room's snapshot (state vector and delete set, no content), what it holds, not what it says. */
export function stateAnswer(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_STATE_QUERY);
  encoding.writeVarUint8Array(e, Y.encodeSnapshot(Y.snapshot(doc)));
  return encoding.toUint8Array(e);
}
