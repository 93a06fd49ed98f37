import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { createWorkspaceTransport } from '../membership';
import { NO_SUCH_WORKSPACE_ON_RELAY, ROSTER_SEED_PATH } from '../protocol';
import { RelayConnection } from './RelayConnection';

await initCrypto();

/**
 * A hostile relay (ADR 0014): it answers the directory "no such workspace on this relay" and drops
 * every seed socket without an answer (close 1000), for ever. Every socket opens and closes on the
 * next macrotask; nothing else is on the wire.
 */
function hostileRelay() {
  const seen = { directory: 0, seeds: 0 };
  class Socket {
    binaryType = 'arraybuffer';
    onopen: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: (() => void) | null = null;
    onmessage: ((event: unknown) => void) | null = null;
    constructor(url: string) {
      const seed = new URL(url).pathname.endsWith(`/${ROSTER_SEED_PATH}`);
      seen[seed ? 'seeds' : 'directory']++;
      setImmediate(() => {
        this.onopen?.();
        this.onclose?.(seed ? { code: 1000, reason: '' } : { code: 4404, reason: NO_SUCH_WORKSPACE_ON_RELAY });
      });
    }
    send(): void {}
    close(): void {}
  }
  return { Socket, seen };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('bringing the roster to a relay that never answers the seed', () => {
  it('waits before it brings the roster again: a hostile relay cannot make it upload in a tight loop', async () => {
    const identity = generateIdentity();
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, identity, Date.now());
    const { Socket, seen } = hostileRelay();
    const waits: number[] = [];
    const connection = new RelayConnection({
      relayUrl: 'ws://relay.invalid',
      workspaceId,
      identity,
      transport,
      WebSocket: Socket,
      now: Date.now,
      // The wait is asked for and never ends: what the connection does meanwhile is what counts.
      sleep: (ms) => {
        waits.push(ms);
        return new Promise(() => {});
      },
    });
    await ticks(200);
    expect(seen.seeds).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    connection.destroy();
  });
});
