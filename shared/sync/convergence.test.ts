import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { addOrganization, canonicalJson, DEFAULT_LANES, documentJson } from '../model';
import { exchange, joinByInvite, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import { WORKSPACE_DOC_ID } from '../protocol/transportLayout';
import { createWorkspaceTransport } from '../membership/workspaceSetup';

await initCrypto();

/**
 * Y1: any number of clients editing under any interleaving of partitions converge once they all
 * reconnect. A relay is a hub document; each step a random operation runs: an edit, a batch
 * flush, a compaction, a client dropping or rejoining, or connected clients syncing with the hub.
 * Replay one run with SEED=<n> (the seed is printed on failure).
 */
function run(seed: number): void {
  const gen = prng.create(seed);
  const hub = new Y.Doc();
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, 0);
  const count = prng.int32(gen, 2, 4);
  const clients: TestClient[] = [testClient(workspaceId, adminTransport, adminId)];
  for (let i = 1; i < count; i++) {
    const { transport, identity } = joinByInvite(adminTransport, workspaceId, adminId, 'analyst');
    clients.push(testClient(workspaceId, transport, identity));
  }
  for (const c of clients) exchange(c.transport, hub);
  const online = clients.map(() => true);
  const orgsOf = (c: TestClient) => c.workspace.document(WORKSPACE_DOC_ID).getMap<Y.Map<unknown>>('organizations');

  const steps = prng.int32(gen, 40, 120);
  for (let step = 0; step < steps; step++) {
    const i = prng.int32(gen, 0, clients.length - 1);
    const c = clients[i]!;
    const ids = [...orgsOf(c).keys()];
    const pick = ids.length > 0 ? ids[prng.int32(gen, 0, ids.length - 1)]! : null;
    switch (prng.int32(gen, 0, 7)) {
      case 0:
      case 1:
        addOrganization(c.workspace.document(WORKSPACE_DOC_ID), { name: `Org ${prng.word(gen, 3, 8)}` });
        break;
      case 2:
        if (pick)
          orgsOf(c)
            .get(pick)
            ?.set('name', `Renamed ${prng.word(gen, 3, 8)}`);
        break;
      case 3:
        if (pick)
          orgsOf(c)
            .get(pick)
            ?.set('lane', prng.oneOf(gen, [...DEFAULT_LANES]));
        break;
      case 4:
        if (pick && prng.bool(gen)) orgsOf(c).delete(pick);
        break;
      case 5:
        c.clock.tick();
        if (prng.int32(gen, 0, 9) === 0) c.workspace.compact(2);
        break;
      case 6:
        online[i] = !online[i];
        break;
      default:
        for (const [k, other] of clients.entries()) if (online[k] && prng.bool(gen)) exchange(other.transport, hub);
    }
  }
  // Everyone back online, every batch sealed, synced until nothing moves.
  for (let round = 0; round < 3; round++) {
    for (const c of clients) {
      c.clock.tick();
      exchange(c.transport, hub);
    }
  }
  const states = clients.map((c) => canonicalJson(documentJson(c.workspace.document(WORKSPACE_DOC_ID))));
  for (const s of states) expect(s).toBe(states[0]);
  expect(clients.flatMap((c) => c.reports.filter((r) => r.level === 'error'))).toEqual([]);
  expect(clients.flatMap((c) => c.workspace.gaps().map((g) => g.message))).toEqual([]);
}

describe('Y1: convergence under random partitions', () => {
  const fixed = process.env['SEED'];
  const runs = Number(process.env['Y1_RUNS'] ?? 40);
  const seeds = fixed ? [Number(fixed)] : Array.from({ length: runs }, (_, i) => (Date.now() + i * 7919) % 2 ** 31);
  it(`converges for ${seeds.length} random runs`, () => {
    for (const seed of seeds) {
      try {
        run(seed);
      } catch (e) {
        console.error(
          `Y1 failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/sync/convergence.test.ts)`,
        );
        throw e;
      }
    }
  });
});
