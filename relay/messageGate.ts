import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** y-protocols message types the relay forwards (sync, awareness, query-awareness). */
const SYNC = 0;
const AWARENESS = 1;
const QUERY_AWARENESS = 3;

/**
 * Checks that a frame is a well-formed y-websocket message before the stock server sees it, so
 * garbage is refused with a close reason instead of reaching Yjs (which would log a stack trace
 * for every bad frame). It parses structure only; it never applies anything.
 */
export function malformedReason(data: Uint8Array): string | null {
  try {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    if (type === SYNC) {
      const step = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (step === 0) Y.decodeStateVector(payload);
      else if (step === 1 || step === 2) Y.parseUpdateMeta(payload);
      else return 'unknown sync step';
    } else if (type === AWARENESS) {
      const a = decoding.createDecoder(decoding.readVarUint8Array(d));
      const count = decoding.readVarUint(a);
      for (let i = 0; i < count; i++) {
        decoding.readVarUint(a);
        decoding.readVarUint(a);
        JSON.parse(decoding.readVarString(a));
      }
    } else if (type !== QUERY_AWARENESS) {
      return 'unknown message type';
    }
    return null;
  } catch {
    return 'malformed message';
  }
}

/** The size of the Yjs update a well-formed frame carries (sync step 2 or update), else 0. */
export function updateSize(data: Uint8Array): number {
  try {
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) !== SYNC) return 0;
    const step = decoding.readVarUint(d);
    return step === 1 || step === 2 ? decoding.readVarUint8Array(d).length : 0;
  } catch {
    return 0;
  }
}
