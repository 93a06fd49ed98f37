import * as Y from 'yjs';

import { generateIdentity } from '../crypto';
import { computeRoster } from '../membership';
import { HostileClient } from './HostileClient';
import type { Role } from '../membership';
import { exchange, testClient } from './workspaces';
import type { TestClient } from './workspaces';
import { ROSTER_LIST } from '../protocol';
import { addInvite, completeJoin, createWorkspaceTransport } from '../membership';

const HOUR = 3_600_000;

/** An admin's workspace, and helpers to invite, join and sync through a hub (the relay). */
export function hubWorkspace() {
  const now = Date.now();
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, now);
  const admin = testClient(workspaceId, adminTransport, adminId);
  const hub = new Y.Doc();
  const clients: TestClient[] = [admin];
  const sync = (...who: TestClient[]) => {
    for (let round = 0; round < 3; round++)
      for (const c of who.length > 0 ? who : clients) {
        c.clock.tick();
        exchange(c.transport, hub);
      }
  };
  const invite = (role: Role, by: TestClient = admin, expires = now + HOUR) =>
    addInvite(by.transport, workspaceId, by.identity, role, expires, now);
  /** Joins with `seed` on a copy of the hub (no admin needs to be online), then syncs everyone. */
  const join = (seed: Uint8Array, opts: { syncAll?: boolean } = {}): TestClient => {
    sync();
    const t = new Y.Doc();
    exchange(hub, t);
    const id = generateIdentity();
    completeJoin(t, workspaceId, seed, id, Date.now());
    const c = testClient(workspaceId, t, id);
    clients.push(c);
    if (opts.syncAll !== false) sync();
    return c;
  };
  const rosterOf = (c: TestClient, at = Date.now()) =>
    computeRoster(workspaceId, c.transport.getArray(ROSTER_LIST).toArray(), at);
  return { now, workspaceId, admin, hub, clients, sync, invite, join, rosterOf };
}

export const hostileOf = (workspaceId: string, c: TestClient) =>
  new HostileClient(workspaceId, c.identity, c.transport);
