import { describe, expect, it } from 'vitest';

import type { SyncStatus } from '../../shared/workspace';
import { syncStateText } from './syncStateText';

const status = (over: Partial<SyncStatus>): SyncStatus => ({
  connection: 'disconnected',
  waiting: 0,
  lastClose: null,
  refusal: null,
  problem: null,
  ...over,
});

describe('the sync state in words', () => {
  it('online: in sync when nothing waits, otherwise how many changes are being sent', () => {
    expect(syncStateText(status({ connection: 'connected' }))).toBe('Online: in sync with the relay');
    expect(syncStateText(status({ connection: 'connected', waiting: 1 }))).toBe('Syncing: 1 change being sent');
    expect(syncStateText(status({ connection: 'connected', waiting: 3 }))).toBe('Syncing: 3 changes being sent');
  });

  it('bringing the workspace to a relay that has never seen it, not offline', () => {
    expect(syncStateText(status({ bringing: true, lastClose: 'no such workspace on this relay' }))).toBe(
      'Bringing this workspace to a relay that has never seen it…',
    );
  });

  it('connecting, whatever waits', () => {
    expect(syncStateText(status({ connection: 'connecting', waiting: 2 }))).toBe('Connecting to the relay…');
  });

  it('offline: how many changes are kept here, and why when it is known', () => {
    expect(syncStateText(status({}))).toBe('Offline: no changes waiting, kept here and sent on reconnect');
    expect(syncStateText(status({ waiting: 1 }))).toBe('Offline: 1 change waiting, kept here and sent on reconnect');
    expect(syncStateText(status({ waiting: 4, lastClose: 'relay shutting down' }))).toBe(
      'Offline: 4 changes waiting, kept here and sent on reconnect (the relay said: relay shutting down)',
    );
    // The connection's own diagnosis ("cannot reach") says more than the last close reason.
    expect(
      syncStateText(status({ waiting: 2, lastClose: 'x', problem: 'cannot reach the relay at ws://127.0.0.1:9' })),
    ).toBe('Offline: 2 changes waiting, kept here and sent on reconnect (cannot reach the relay at ws://127.0.0.1:9)');
  });

  it('refused for good: says so and promises no reconnect, even before the socket reports closed', () => {
    const refused = { refusal: 'no longer a member of this workspace', problem: 'the relay refused: …' };
    expect(syncStateText(status({ ...refused, waiting: 1 }))).toBe(
      'Offline: the relay refused: no longer a member of this workspace; 1 change waiting, kept here',
    );
    expect(syncStateText(status({ ...refused, connection: 'connected' }))).toBe(
      'Offline: the relay refused: no longer a member of this workspace; no changes waiting, kept here',
    );
  });
});
