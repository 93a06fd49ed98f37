import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, identityFromSeed, memberIdOf } from '../../shared/crypto';
import type { Identity } from '../../shared/crypto';
import { addInvite, completeJoin, confirmJoin, createWorkspaceTransport } from '../../shared/membership';
import type { Role } from '../../shared/membership';
import type { Relay } from '../Relay';
import { startRelay } from '../Relay';

const HOUR = 3_600_000;

/**
 * What a relay test file starts with: a `cleanup` list run in reverse after each test, and `relay()`, a
 * relay on a free port over a fresh data directory named `dirPrefix…`, closed after the test.
 */
export function relayKit(dirPrefix: string) {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const relay = async (): Promise<Relay> => {
    const r = await startRelay({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), dirPrefix)) });
    cleanup.push(() => r.close());
    return r;
  };
  return { cleanup, relay };
}

/**
 * A workspace made on no relay at all: its admin's directory (`transport`), and ways to add members.
 * `join(role, confirm)` invites, joins and (unless told not to) has the admin confirm a new member;
 * `copy()` is a member's own copy of the directory as it stands now.
 */
export function rosterOnNoRelay() {
  const now = Date.now();
  const admin = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, admin, now);
  const invite = (role: Role = 'analyst') => addInvite(transport, workspaceId, admin, role, now + HOUR, now);
  const join = (role: Role = 'analyst', confirm = true): Identity => {
    const seed = invite(role);
    const member = generateIdentity();
    completeJoin(transport, workspaceId, seed, member, now);
    if (confirm)
      confirmJoin(transport, workspaceId, admin, memberIdOf(identityFromSeed(seed)), memberIdOf(member), now);
    return member;
  };
  const copy = (): Y.Doc => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(transport));
    return doc;
  };
  return { workspaceId, transport, admin, invite, join, copy };
}
