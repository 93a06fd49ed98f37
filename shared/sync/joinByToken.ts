import * as Y from 'yjs';

import { identityFromSeed } from '../crypto';
import type { Identity } from '../crypto';
import type { InviteToken } from '../protocol';
import { RelayConnection } from './RelayConnection';
import type { ConnectionPlatform } from './RelayConnection';
import { completeJoin } from '../membership';

/**
 * Joins with an invite token: fetches the workspace as the invite's key, writes the join (signed
 * by the invite and by `me`) with `me`'s own wraps of every key, and sends it over that same
 * connection — the relay admits `me` only once the join is in its roster. Returns the transport
 * document, complete, ready for `me`'s own connection.
 */
export async function joinByToken(
  token: InviteToken,
  me: Identity,
  platform: ConnectionPlatform,
  timeoutMs: number,
): Promise<Y.Doc> {
  const transport = new Y.Doc();
  const asInvite = new RelayConnection({
    relayUrl: token.relayUrl,
    workspaceId: token.workspaceId,
    identity: identityFromSeed(token.seed),
    transport,
    WebSocket: platform.WebSocket,
    now: platform.now,
    sleep: platform.sleep,
  });
  try {
    await asInvite.upToDate(timeoutMs);
    completeJoin(transport, token.workspaceId, token.seed, me, platform.now());
    // The join travels in the socket's buffer: wait until it has left this machine.
    const deadline = platform.now() + timeoutMs;
    await platform.sleep(50);
    const socket = () => asInvite.provider.ws as { bufferedAmount?: number } | null;
    while ((socket()?.bufferedAmount ?? 0) > 0) {
      if (platform.now() > deadline) throw new Error('the join could not be sent to the relay in time');
      await platform.sleep(20);
    }
  } finally {
    asInvite.destroy();
  }
  return transport;
}
