import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { MESSAGE_STATE_QUERY } from '../shared/protocol';
import { MemberBudget } from './MemberBudget';
import { messageGate } from './messageGate';
import { RateLimiter } from './RateLimiter';

const KIB = 1024;

/** A sync message (type 0) of `step` carrying `payload`, as y-protocols writes it. */
function syncFrame(step: number, payload: Uint8Array): ArrayBuffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e).slice().buffer;
}

/** A Yjs update of about `bytes` bytes: one string of that length. */
function updateOf(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set('k', 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}

const frame = (...bytes: number[]): ArrayBuffer => new Uint8Array(bytes).buffer;

/** A gate with room for `messages` frames in its socket's burst, and the member limits given. */
function gate(messages = 100, maxUpdateBytes = 256 * KIB, memberBytesPerWindow = 600 * KIB) {
  const budget = new MemberBudget({ maxUpdateBytes, memberBytesPerWindow, windowMs: 60_000 });
  const socket = () =>
    messageGate(
      new RateLimiter({ messagesPerSecond: messages, bytesPerSecond: 1e9, burstSeconds: 1 }, 0),
      budget,
      'room member',
    );
  return { check: socket(), another: socket(), budget };
}

describe('the frame gate', () => {
  it('forwards well-formed sync, awareness and query-awareness frames, and answers the state query itself', () => {
    const { check } = gate();
    const awareness = encoding.createEncoder();
    encoding.writeVarUint(awareness, 1);
    encoding.writeVarUint8Array(awareness, new Uint8Array([0]));
    expect(check(syncFrame(0, Y.encodeStateVector(new Y.Doc())), true, 0)).toBe('forward');
    expect(check(syncFrame(2, updateOf(10)), true, 0)).toBe('forward');
    expect(check(encoding.toUint8Array(awareness).slice().buffer, true, 0)).toBe('forward');
    expect(check(frame(3), true, 0)).toBe('forward');
    expect(check(frame(MESSAGE_STATE_QUERY), true, 0)).toBe('state query');
    // Any other frame of the state query's type is refused like an unknown type.
    expect(check(frame(MESSAGE_STATE_QUERY, 0), true, 0)).toEqual({ close: 1007, reason: 'unknown message type' });
    // A fragmented frame (ws hands it over in pieces) is judged whole.
    const whole = new Uint8Array(syncFrame(1, updateOf(10)));
    expect(check([Buffer.from(whole.subarray(0, 5)), Buffer.from(whole.subarray(5))], true, 0)).toBe('forward');
  });

  it("checks in order: the socket's rate, binary only, the message's shape, then its update against the member's limits", () => {
    const limited = gate(1).check;
    expect(limited(frame(3), true, 0)).toBe('forward');
    // Past the rate limit even a text frame is refused for the rate: it is the first check.
    expect(limited(Buffer.from('text'), false, 0)).toEqual({ close: 1008, reason: 'rate limit exceeded' });

    const { check, budget } = gate();
    expect(check(Buffer.from('text'), false, 0)).toEqual({ close: 1003, reason: 'binary messages only' });
    expect(check(frame(0, 7, 0), true, 0)).toEqual({ close: 1007, reason: 'unknown sync step' });
    expect(check(frame(0, 2, 200, 1, 2), true, 0)).toEqual({ close: 1007, reason: 'malformed message' });
    expect(check(frame(9), true, 0)).toEqual({ close: 1007, reason: 'unknown message type' });
    expect(check(syncFrame(2, new Uint8Array(512 * KIB)), true, 0)).toEqual({
      close: 4413,
      reason: 'update too large (0.5 MiB; the limit is 0.25 MiB)',
    });
    // Nothing refused so far was spent from the member's allowance.
    expect(budget.take('room member', 600 * KIB, 0)).toBe(true);
  });

  it("counts a member's bytes over all its sockets, and says the limit when it is spent", () => {
    const { check, another } = gate(100, 1024 * KIB, 600 * KIB);
    expect(check(syncFrame(2, updateOf(300 * KIB)), true, 0)).toBe('forward');
    expect(another(syncFrame(2, updateOf(200 * KIB)), true, 0)).toBe('forward');
    expect(another(syncFrame(2, updateOf(200 * KIB)), true, 0)).toEqual({
      close: 1008,
      reason: 'member write limit exceeded (0.59 MiB per 60 s)',
    });
    // The allowance refills over the window.
    expect(check(syncFrame(2, updateOf(200 * KIB)), true, 60_000)).toBe('forward');
  });
});
