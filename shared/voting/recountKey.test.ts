import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf } from '../crypto';
import { changeRole, createWorkspaceTransport, removeMember } from '../membership';
import { WORKSPACE_DOC_ID } from '../protocol';
import { joinByInvite, testClient } from '../testkit/workspaces';
import { recountKey } from './recountKey';
import type { VotingContext } from './votingContext';

await initCrypto();

/** An admin's table with a second admin and a lead; agencies as their profiles would say. */
function table() {
  const admin = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, admin, Date.now() - 60_000);
  const second = joinByInvite(transport, workspaceId, admin, 'admin').identity;
  const lead = joinByInvite(transport, workspaceId, admin, 'lead').identity;
  const client = testClient(workspaceId, transport, admin);
  const agencies = new Map([[memberIdOf(lead), 'DEA']]);
  const ctx = (): VotingContext => ({
    doc: client.workspace.document(WORKSPACE_DOC_ID),
    workspaceId,
    roster: client.workspace.roster,
    agencyOf: (m) => agencies.get(m) ?? null,
  });
  return { admin, second: memberIdOf(second), lead: memberIdOf(lead), transport, workspaceId, ctx, agencies };
}

describe('the recount key (when the board recounts the current priorities)', () => {
  it('changes when an admin is made an analyst (both start with "a")', () => {
    const t = table();
    const before = recountKey(t.ctx());
    changeRole(t.transport, t.workspaceId, t.admin, t.second, 'analyst', Date.now());
    expect(t.ctx().roster.members.get(t.second)?.role).toBe('analyst');
    expect(recountKey(t.ctx())).not.toBe(before);
  });

  it('changes when a lead is removed, and when a voter’s agency changes', () => {
    const t = table();
    const before = recountKey(t.ctx());
    t.agencies.set(t.lead, 'FBI');
    const moved = recountKey(t.ctx());
    expect(moved).not.toBe(before);
    removeMember(t.transport, t.workspaceId, t.admin, t.lead, Date.now());
    expect(recountKey(t.ctx())).not.toBe(moved);
  });

  it('stays the same while nothing a recount reads changed', () => {
    const t = table();
    expect(recountKey(t.ctx())).toBe(recountKey(t.ctx()));
  });
});
