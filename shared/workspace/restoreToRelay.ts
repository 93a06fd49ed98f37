import * as Y from 'yjs';

import { throwIfCancelled, unlessCancelled } from '../sync';
import type { CancelSignal, RelayConnection, SecureWorkspace } from '../sync';
import { progressReporter, PROGRESS_INTERVAL_MS } from './OpenProgress';
import type { OpenProgressListener } from './OpenProgress';
import type { Platform } from './Platform';

/** What a restore reads of the open workspace (OpenWorkspace, which calls it). */
export interface RestoringSession {
  readonly workspace: Pick<SecureWorkspace, 'flush' | 'rooms'>;
  readonly connection: RelayConnection;
  roomConnection(compartmentId: string): RelayConnection | null;
}

export interface RestoreOptions {
  /** Hears connecting, bringing the roster (a relay that never saw the workspace), uploading the rooms. */
  onProgress?: OpenProgressListener;
  /** Stops waiting: the local copy is untouched, and a live connection goes on sending what the relay lacks. */
  signal?: CancelSignal;
  /** The longest wait for the relay to hold the directory, then each room. */
  timeoutMs: number;
}

/**
 * Brings an open workspace (back) to its relay and waits until the relay holds all of it: the directory
 * first (its roster brought, if the relay never saw the workspace or lost it, ADR 0014), then each room,
 * its bytes counted as they leave the machine (issue 17: a restore shows how far along it is). Nothing
 * here writes to the workspace or decides what is accepted: what the relay sends back is applied by the
 * connections as always, every envelope checked. A relay that goes away, or refuses, fails it with one
 * sentence; what the relay lacks stays in the local copy and is sent when it is back.
 */
export async function restoreToRelay(
  session: RestoringSession,
  platform: Pick<Platform, 'now' | 'sleep'>,
  url: string,
  options: RestoreOptions,
): Promise<void> {
  const { signal, timeoutMs } = options;
  const progress = progressReporter(options.onProgress, platform.now);
  const { connection } = session;
  const connected: RelayConnection[] = [];
  const hold = (c: RelayConnection): void => {
    if (c.provider.shouldConnect) return;
    c.connect();
    connected.push(c);
  };
  const held = async (c: RelayConnection, tick: () => void): Promise<void> => {
    const done = c.upToDate(timeoutMs, undefined, signal).then(
      () => true,
      (e: unknown) => {
        throw failure(url, c, e);
      },
    );
    done.catch(() => undefined); // a cancel stops listening; the failure is not unhandled
    for (;;) {
      tick();
      const over = await unlessCancelled(
        Promise.race([done, platform.sleep(PROGRESS_INTERVAL_MS).then(() => false)]),
        signal,
      );
      if (over) return tick();
    }
  };
  try {
    session.workspace.flush();
    throwIfCancelled(signal);
    progress?.({ phase: 'connecting', done: 0, total: null, unit: null });
    hold(connection);
    await held(connection, () => {
      // Told while the roster goes up, or once it went up between two looks.
      if (connection.seeding || connection.brought) progress?.({ phase: 'bringing', done: 0, total: null, unit: null });
    });
    const rooms = [...session.workspace.rooms()]
      .map(([c, room]) => ({
        connection: session.roomConnection(c),
        size: Y.encodeStateAsUpdate(room.transport).length,
      }))
      .filter((r): r is { connection: RelayConnection; size: number } => r.connection !== null);
    const total = rooms.reduce((n, r) => n + r.size, 0);
    let before = 0;
    for (const [i, room] of rooms.entries()) {
      const base = room.connection.uploaded();
      const tell = (done: number, held: number): void =>
        progress?.({ phase: 'uploading', done, total, unit: 'bytes', rooms: held, roomsTotal: rooms.length });
      hold(room.connection);
      await held(room.connection, () => tell(before + Math.min(room.size, room.connection.uploaded() - base), i));
      before += room.size;
      tell(before, i + 1);
    }
    progress?.({ phase: 'ready', done: 0, total: null, unit: null });
  } finally {
    for (const c of connected) c.disconnect();
  }
}

/** The one sentence a failed restore gives: the relay's refusal, or that it went away; nothing is lost either way. */
function failure(url: string, connection: RelayConnection, cause: unknown): Error {
  const kept =
    'Nothing is lost: the workspace stays in the local copy, and what the relay lacks is sent when it is back.';
  const message = connection.refusal
    ? `The relay at ${url} refused this workspace (${connection.refusal.reason}). ${kept}`
    : `The relay at ${url} stopped answering while this workspace was being restored there. ${kept}`;
  return new Error(message, { cause });
}
