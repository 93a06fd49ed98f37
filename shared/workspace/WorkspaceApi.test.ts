import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { createWorkspaceTransport } from '../membership';
import { ORGS } from '../model';
import { HeadlessNote, noteDocId } from '../notes';
import { WORKSPACE_DOC_ID } from '../protocol';
import { exchange, joinByInvite, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import { WorkspaceApi } from './index';

await initCrypto();

const HOUR = 3_600_000;
const AT = Date.UTC(2026, 0, 5, 9);

/** An admin's API over a table of an admin and a lead, on a fixed clock. */
function table() {
  const adminId = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, adminId, AT - HOUR);
  const lead = joinByInvite(transport, workspaceId, adminId, 'lead');
  const admin = testClient(workspaceId, transport, adminId);
  let now = AT;
  const api = new WorkspaceApi(admin.workspace, adminId, () => now);
  const leadClient = testClient(workspaceId, lead.transport, lead.identity);
  const leadApi = new WorkspaceApi(leadClient.workspace, lead.identity, () => now);
  return {
    api,
    admin,
    leadApi,
    leadClient,
    leadId: leadClient.workspace.me,
    advance: (ms: number) => (now += ms),
  };
}

/** Both ways, with each side's batching window run first, as a relay round trip would. */
function sync(a: TestClient, b: TestClient): void {
  a.clock.tick();
  b.clock.tick();
  exchange(a.transport, b.transport);
}

describe('the workspace API (what the app and commands do in an open workspace)', () => {
  it('refuses an identity that is not the workspace’s own', () => {
    const { admin } = table();
    expect(() => new WorkspaceApi(admin.workspace, generateIdentity())).toThrow(/not the workspace’s own/);
  });

  it('invites, revokes and lists invites as this admin, at its clock', () => {
    const { api } = table();
    api.invite('analyst', 2 * HOUR);
    const made = api.invites().find((i) => i.state === 'open')!;
    expect(made).toMatchObject({ role: 'analyst', createdBy: api.me!.memberId, expiresAt: AT + 2 * HOUR });
    expect(api.openInvites().map((i) => i.inviteId)).toEqual([made.inviteId]);
    api.revokeInvite(made.inviteId);
    expect(api.invites().find((i) => i.inviteId === made.inviteId)?.state).toBe('revoked');
    expect(api.invites(AT + 3 * HOUR).filter((i) => i.state === 'open')).toEqual([]);
  });

  it('changes a role and removes a member (revoking open invites unless told not to)', () => {
    const { api, leadId, leadApi } = table();
    expect(() => leadApi.changeRole(api.me!.memberId, 'observer')).toThrow(/only an admin/);
    api.changeRole(leadId, 'analyst');
    expect(api.roster.members.get(leadId)?.role).toBe('analyst');
    api.invite('observer', HOUR);
    const epoch = api.removeMember(leadId, { revokeOpenInvites: false });
    expect(epoch).toBeGreaterThan(0);
    expect(api.roster.members.has(leadId)).toBe(false);
    expect(api.openInvites()).toHaveLength(1);
    expect(() => api.confirmJoin(api.openInvites()[0]!.inviteId, leadId)).toThrow(/nobody with that member id/);
  });

  it('signs my profile clipped to its limits, and names a new workspace', () => {
    const { api, admin } = table();
    const doc = admin.workspace.document(WORKSPACE_DOC_ID);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    api.name('Border table', { name: 'A'.repeat(100), agency: 'HSI' });
    expect(transactions).toBe(1);
    expect(api.title()).toBe('Border table');
    expect(api.profile(api.me!.memberId)).toEqual({ name: 'A'.repeat(80), agency: 'HSI' });
    expect([...api.profiles().keys()]).toEqual([api.me!.memberId]);
  });

  it('edits the board and reads it back through the index, with who did what', () => {
    const { api } = table();
    api.signProfile({ name: 'Ana', agency: 'HSI' });
    const org = api.board.addOrganization({ name: 'Copper Line', lane: 'Target' });
    const phone = api.board.addEntity(org, { kind: 'phone', name: '555-0142', detail: 'burner' });
    api.board.updateOrganization(org, { aliases: ['CL'] });
    expect(api.board.card(org)).toMatchObject({ name: 'Copper Line', shownLane: 'Target', networkCount: 1 });
    expect(api.board.search('cl burner').map((c) => c.id)).toEqual([org]);
    expect(api.board.named('555', 8)).toEqual([
      { card: api.board.card(org), entity: expect.objectContaining({ id: phone }) },
    ]);
    expect(api.board.provenance(ORGS, org)).toMatchObject({ addedBy: api.me!.memberId, addedAt: AT });
    expect(api.board.organizationName(org)).toBe('Copper Line');
    api.board.removeOrganization(org);
    expect(api.board.card(org)).toBeUndefined();
    expect(api.board.organizationName(org)).toBe('');
  });

  it('creates notes with their first paragraph, under a client id of mine, and reads their text', () => {
    const { api, admin } = table();
    const org = api.board.addOrganization({ name: 'Night Ferry' });
    const id = api.notes.ensureOrganizationNote(org);
    expect(api.notes.ensureOrganizationNote(org)).toBe(id);
    const meeting = api.notes.createMeetingNote({ title: 'Weekly', date: '2026-01-05', attendees: [] });
    expect(api.notes.list().map((n) => n.id)).toEqual([meeting, id]);
    const note = admin.workspace.document(noteDocId(meeting));
    expect(note.get('root', Y.XmlText).length).toBe(1);
    const headless = new HeadlessNote(note, admin.workspace.mirrorClientId(noteDocId(meeting)));
    headless.appendParagraph('Met at the port');
    headless.destroy();
    expect(api.notes.text(meeting)).toBe('Met at the port');
    // The seeded first paragraph stays empty above it.
    expect(api.notes.markdown(meeting)).toBe('\nMet at the port');
  });

  it('opens a round, takes a ballot, closes and verifies it, and the recount key follows', () => {
    const { api, admin, leadApi, leadClient, advance } = table();
    const [a, b] = ['Copper Line', 'Salt Mesa'].map((name) => api.board.addOrganization({ name }));
    sync(admin, leadClient);
    const roundId = leadApi.votes.open({
      title: 'Q1',
      candidates: [a!, b!],
      per: 'lead',
      method: 'borda',
      closesAt: null,
    });
    expect(leadApi.votes.holdsKey(roundId)).toBe(true);
    const before = leadApi.votes.recountKey();
    leadApi.votes.cast(roundId, [[b!], [a!]]);
    expect(leadApi.votes.recountKey()).not.toBe(before);
    advance(60_000);
    leadApi.votes.close(roundId);
    const [round] = leadApi.votes.rounds();
    expect(round?.verification?.result?.order).toEqual([[b!], [a!]]);
    expect(leadApi.votes.verify(roundId).verified).toBe(true);
    expect([...leadApi.votes.priorities()]).toEqual([
      [b, 1],
      [a, 2],
    ]);
    expect(leadApi.votes.ignored()).toEqual([]);
  });
});
