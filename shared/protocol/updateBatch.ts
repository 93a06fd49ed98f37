import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The plaintext of an update envelope: the Yjs updates of one batching window, in order. They are
 * kept as a list rather than merged: Y.mergeUpdates over a burst of typing costs more than the
 * encryption it saves (bench P2), and the receiver applies them as plain Yjs would.
 */
export function encodeUpdateBatch(updates: Uint8Array[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, updates.length);
  for (const u of updates) encoding.writeVarUint8Array(e, u);
  return encoding.toUint8Array(e);
}

/** Throws on anything malformed. */
export function decodeUpdateBatch(bytes: Uint8Array): Uint8Array[] {
  const d = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(d);
  if (count > bytes.length) throw new Error('update batch count exceeds its size');
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(d));
  if (decoding.hasContent(d)) throw new Error('trailing bytes after the update batch');
  return updates;
}
