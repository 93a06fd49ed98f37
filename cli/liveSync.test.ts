import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { addOrganization, listOrganizations } from '../shared/model';
import { removeMember } from '../shared/membership';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import type { LiveMember } from './testkit/liveWorkspaces';
import { eventually, liveTable, tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function table(others: number) {
  const relay = await tempRelay();
  cleanup.push(() => relay.close());
  const t = await liveTable(relay.url, others);
  cleanup.push(() => t.members.forEach((m) => m.close()));
  return { relay, ...t };
}

const doc = (m: LiveMember) => m.workspace.document(WORKSPACE_DOC_ID);
const names = (m: LiveMember) => listOrganizations(doc(m)).map((o) => o.name);
const allSame = (members: LiveMember[]) => members.every((m) => m.state() === members[0]!.state());

describe('live sync through the relay', () => {
  it('an edit on one client appears on the two others', async () => {
    const { members } = await table(2);
    const [a, b, c] = members as [LiveMember, LiveMember, LiveMember];
    addOrganization(doc(b), { name: 'Org Falcon', lane: 'Target' });
    await eventually('the edit on a and c', () => names(a).includes('Org Falcon') && names(c).includes('Org Falcon'));
    addOrganization(doc(c), { name: 'Org Heron' });
    await eventually('the reply on a and b', () => names(a).length === 2 && names(b).length === 2);
    expect(members.flatMap((m) => m.reports)).toEqual([]);
  });

  it('clients that edit while disconnected converge on reconnect, losing nothing', async () => {
    const { members } = await table(2);
    for (const m of members) m.connection.disconnect();
    members.forEach((m, i) => {
      for (let k = 0; k < 5; k++) addOrganization(doc(m), { name: `Offline ${i}-${k}` });
    });
    // The same card edited on two sides while apart: one value wins everywhere.
    const shared = addOrganization(doc(members[0]!), { name: 'Contested' });
    for (const m of members) m.connection.connect();
    await eventually('the contested card everywhere', () => members.every((m) => names(m).includes('Contested')));
    doc(members[1]!).getMap<Y.Map<unknown>>('organizations').get(shared)!.set('lane', 'Disrupt');
    doc(members[2]!).getMap<Y.Map<unknown>>('organizations').get(shared)!.set('lane', 'Collect');
    await eventually(
      '16 cards on every client, identical',
      () => members.every((m) => names(m).length === 16) && allSame(members),
    );
    for (const m of members) await m.connection.upToDate(10_000);
    expect(allSame(members)).toBe(true);
  });

  it('clients that edit while the relay is down converge once it is back, losing nothing', async () => {
    const { relay, members } = await table(2);
    const { port, dataDir } = relay;
    await relay.close();
    members.forEach((m, i) => addOrganization(doc(m), { name: `During outage ${i}` }));
    const back = await tempRelay(dataDir, port);
    cleanup.push(() => back.close());
    await eventually(
      'all edits everywhere',
      () => members.every((m) => names(m).length === 3) && allSame(members),
      20_000,
    );
  });
});

describe('the append-only roster and key log', () => {
  it('comes back when a member deletes every entry: no one loses membership or keys (S7)', async () => {
    const { members } = await table(2);
    const [attacker, a, b] = members as [LiveMember, LiveMember, LiveMember];
    attacker.workspace.destroy(); // the attacker's client does not heal its own vandalism
    attacker.transport.transact(() => {
      attacker.transport.getArray('roster').delete(0, attacker.transport.getArray('roster').length);
      attacker.transport.getArray('keys').delete(0, attacker.transport.getArray('keys').length);
    });
    await attacker.connection.upToDate(10_000); // the relay has seen the deletion
    await new Promise((resolve) => setTimeout(resolve, 200));
    await eventually('the entries back on every honest client', () =>
      [a, b].every((m) => m.workspace.roster.members.size === 3 && m.workspace.currentEpoch() === 0),
    );
    addOrganization(doc(a), { name: 'Still working' });
    await eventually('the edit on b', () => names(b).includes('Still working'));
    // The relay checked membership after putting the roster back: no honest member was disconnected.
    expect([a.connection.lastClose, b.connection.lastClose]).toEqual([null, null]);
  });
});

describe('removal through the relay (S4)', () => {
  it("closes the removed member's connection at once, refuses it after, and keeps it out of new content", async () => {
    const { workspaceId, members } = await table(2);
    const [admin, stays, removed] = members as [LiveMember, LiveMember, LiveMember];
    removeMember(admin.transport, workspaceId, admin.identity, removed.workspace.me, Date.now());
    await eventually('the relay to close the removed member', () => removed.connection.lastClose !== null);
    expect(removed.connection.lastClose).toMatch(/no longer a member|not a member/);
    addOrganization(doc(stays), { name: 'After the removal' });
    await eventually('the admin to see it', () => names(admin).includes('After the removal'));
    await expect(removed.connection.upToDate(1500)).rejects.toThrow(/not up to date|refused/);
    expect(names(removed)).not.toContain('After the removal');
  });
});
