import WebSocket from 'ws';
import type * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { clockOver, RelayConnection } from '../shared/sync';
import type { ConnectionPlatform } from '../shared/sync';
import type { Platform } from '../shared/workspace';
import { FileRecordBackend } from './FileRecordBackend';

/** Node's seams for a relay connection: the `ws` package's WebSocket and Node's clock and timers. */
export const nodePlatform: ConnectionPlatform = {
  WebSocket: WebSocket,
  ...clockOver(setTimeout, clearTimeout),
};

/** Node's platform for opening workspaces: each one's sealed local copy (and each room's) in a file of its own. */
export function filePlatform(transportPath: (workspaceId: string, room?: string) => string): Platform {
  return { ...nodePlatform, records: (workspaceId, room) => new FileRecordBackend(transportPath(workspaceId, room)) };
}

/** Connects a transport document to a relay as `identity` (a member, or an invite while joining). */
export function connectRelay(
  relayUrl: string,
  workspaceId: string,
  transport: Y.Doc,
  identity: Identity,
): RelayConnection {
  return RelayConnection.forWorkspace(relayUrl, workspaceId, transport, identity, nodePlatform);
}
