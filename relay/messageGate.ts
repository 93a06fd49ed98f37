import * as decoding from 'lib0/decoding';
import type { RawData } from 'ws';
import * as Y from 'yjs';

import type { MemberBudget } from './MemberBudget';
import { mib } from './MemberBudget';
import type { RateLimiter } from './RateLimiter';
import { isStateQuery } from './stateQuery';

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

/** What becomes of one frame: y-websocket gets it, the relay answers it, or the socket is closed. */
export type FrameVerdict = 'forward' | 'state query' | { close: number; reason: string };

/**
 * One socket's gate, which every frame passes before y-websocket sees it: the socket's rate limit,
 * binary only, the state query (answered by the relay itself), a well-formed y-protocols message,
 * and then its member's limits, which hold over all the member's sockets in the room: one observer
 * must not flood every member's copy. `member` names the budget's account (room and key).
 */
export function messageGate(
  limiter: RateLimiter,
  budget: MemberBudget,
  member: string,
): (data: RawData, isBinary: boolean, now: number) => FrameVerdict {
  return (data, isBinary, now) => {
    if (!limiter.take(messageSize(data), now)) return { close: 1008, reason: 'rate limit exceeded' };
    if (!isBinary) return { close: 1003, reason: 'binary messages only' };
    const bytes = toBytes(data);
    if (isStateQuery(bytes)) return 'state query';
    const reason = malformedReason(bytes);
    if (reason !== null) return { close: 1007, reason };
    const { maxUpdateBytes, memberBytesPerWindow, windowMs } = budget.limits;
    const size = updateSize(bytes);
    // 4413 (like HTTP 413) is final: resending the same update would only be refused again.
    if (size > maxUpdateBytes)
      return { close: 4413, reason: `update too large (${mib(size)} MiB; the limit is ${mib(maxUpdateBytes)} MiB)` };
    if (!budget.take(member, bytes.length, now))
      return {
        close: 1008,
        reason: `member write limit exceeded (${mib(memberBytesPerWindow)} MiB per ${windowMs / 1000} s)`,
      };
    return 'forward';
  };
}

/** y-websocket switches sockets to ArrayBuffer; fragmented messages arrive as Buffer[]. */
const messageSize = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;

const toBytes = (data: RawData): Uint8Array => (Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data));
