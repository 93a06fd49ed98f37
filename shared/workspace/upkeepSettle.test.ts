import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { facts, ORGS } from '../model';
import { WORKSPACE_DOC_ID } from '../protocol';
import { bundleTable, syncDirect } from '../testkit/bundleTable';
import type { TableMember } from '../testkit/bundleTable';

await initCrypto();

const opened: TableMember[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) await m.ow.close();
});

/** Brings `members` in step, lets the rooms decrypt what arrived, and runs `m`'s upkeep. */
async function upkeepAfterSync(members: TableMember[], m: TableMember): Promise<void> {
  syncDirect(members);
  await m.platform.sleep(20);
  m.ow.upkeep();
}

describe('upkeep settles only when something settling reads changed (issue 17)', () => {
  it('a remote rename runs no settle; a remote copy, a raw placement write and a roster change do', async () => {
    const { admin, members } = await bundleTable(['analyst']);
    opened.push(...members);
    const analyst = members[1]!;
    const org = admin.api.board.addOrganization({ name: 'Org Heron' });
    await upkeepAfterSync(members, analyst);
    await upkeepAfterSync(members, analyst);
    const settled = analyst.ow.settlePasses;

    // A rename (and a summary edit) touches nothing settling reads: no pass, but it arrives.
    admin.api.board.updateOrganization(org, { name: 'Org Heron (renamed)', summary: 'seen at the port' });
    await upkeepAfterSync(members, analyst);
    expect(analyst.api.board.card(org)?.name).toBe('Org Heron (renamed)');
    expect(analyst.ow.settlePasses).toBe(settled);

    // A new copy in a fact map (an entity of the organization) does.
    admin.api.board.addEntity(org, { kind: 'person', name: 'Person Wren', detail: '' });
    await upkeepAfterSync(members, analyst);
    expect(analyst.ow.settlePasses).toBeGreaterThan(settled);

    // A member writing a placement straight into the room (a patched client) does, on the admin's side.
    await upkeepAfterSync(members, admin);
    const adminSettled = admin.ow.settlePasses;
    const room = analyst.ow.workspace.room(coreCompartmentId(admin.ow.workspaceId))!;
    facts(room.document(WORKSPACE_DOC_ID), ORGS).get(org)!.set('placement', 7);
    await upkeepAfterSync(members, admin);
    expect(admin.ow.settlePasses).toBeGreaterThan(adminSettled);

    // The roster changing always does.
    await upkeepAfterSync(members, analyst);
    const beforeRole = analyst.ow.settlePasses;
    admin.api.changeRole(analyst.ow.workspace.me, 'lead');
    await upkeepAfterSync(members, analyst);
    expect(analyst.ow.workspace.roster.members.get(analyst.ow.workspace.me)?.role).toBe('lead');
    expect(analyst.ow.settlePasses).toBeGreaterThan(beforeRole);
  });
});
