import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';

import { GatedSocket } from './GatedSocket';

/** The parts of a `ws` socket GatedSocket passes on, recording what reaches them. */
class FakeWs extends EventEmitter {
  binaryType = 'nodebuffer';
  readyState = 1;
  calls: string[] = [];
  send(data: Uint8Array, _options: object, cb?: (err?: Error) => void): void {
    this.calls.push(`send ${data.length}`);
    cb?.();
  }
  ping(): void {
    this.calls.push('ping');
  }
  close(): void {
    this.calls.push('close');
  }
}

describe('the gated socket y-websocket is handed', () => {
  it("lets its 'message' listeners hear only the frames the gate passes, and leaves the socket itself as it was", () => {
    const ws = new FakeWs();
    const heardBySocket: string[] = [];
    ws.on('message', (data: Buffer) => heardBySocket.push(data.toString()));
    const gated = new GatedSocket(
      ws as unknown as WebSocket,
      (data) => !(Buffer.isBuffer(data) && data.toString() === 'refused'),
    );
    const heard: string[] = [];
    const events: string[] = [];
    gated.on('message', (data) => heard.push(Buffer.isBuffer(data) ? data.toString() : 'not a buffer'));
    gated.on('close', () => events.push('close'));
    gated.on('pong', () => events.push('pong'));

    for (const frame of ['one', 'refused', 'two']) ws.emit('message', Buffer.from(frame), true);
    ws.emit('pong');
    ws.emit('close');
    expect(heard).toEqual(['one', 'two']);
    expect(heardBySocket).toEqual(['one', 'refused', 'two']);
    expect(events).toEqual(['pong', 'close']);

    gated.binaryType = 'arraybuffer';
    expect(ws.binaryType).toBe('arraybuffer');
    expect(gated.readyState).toBe(1);
    let sent = false;
    gated.send(new Uint8Array(3), {}, () => (sent = true));
    gated.ping();
    gated.close();
    expect(ws.calls).toEqual(['send 3', 'ping', 'close']);
    expect(sent).toBe(true);
  });
});
