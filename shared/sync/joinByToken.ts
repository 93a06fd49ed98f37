import * as Y from 'yjs';

import { identityFromSeed } from '../crypto';
import type { Identity } from '../crypto';
import type { InviteToken } from '../protocol';
import { unlessCancelled } from './cancel';
import type { CancelSignal } from './cancel';
import { RelayConnection } from './RelayConnection';
import type { ConnectionPlatform } from './RelayConnection';
import { completeJoin } from '../membership';

/** What a join tells while it runs, and how it is cancelled (shared/workspace's OpenProgress fits both). */
export interface JoinOptions {
  /** Hears the join's steps: connecting (with the bytes received), then joining (the join being sent). */
  onProgress?: (p: { phase: 'connecting' | 'joining'; done: number; total: null; unit: 'bytes' | null }) => void;
  /** Cancels the join while it is still only fetching: once the join is written, it is sent whatever happens. */
  signal?: CancelSignal;
}

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
  options: JoinOptions = {},
): Promise<Y.Doc> {
  const { onProgress, signal } = options;
  const transport = new Y.Doc();
  let received = 0;
  let joining = false;
  onProgress?.({ phase: 'connecting', done: 0, total: null, unit: 'bytes' });
  const asInvite = new RelayConnection({
    relayUrl: token.relayUrl,
    workspaceId: token.workspaceId,
    identity: identityFromSeed(token.seed),
    transport,
    WebSocket: platform.WebSocket,
    now: platform.now,
    sleep: platform.sleep,
    // Once the join is written, what still arrives (the relay's answers) is no longer the download.
    onReceived: onProgress
      ? (bytes) => {
          if (!joining) onProgress({ phase: 'connecting', done: (received += bytes), total: null, unit: 'bytes' });
        }
      : undefined,
  });
  try {
    await unlessCancelled(asInvite.upToDate(timeoutMs, undefined, signal), signal);
    // Past this line the invite is spent: the join goes out even if the person cancels meanwhile.
    completeJoin(transport, token.workspaceId, token.seed, me, platform.now());
    joining = true;
    onProgress?.({ phase: 'joining', done: 0, total: null, unit: null });
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
