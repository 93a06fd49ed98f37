import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { openBundle } from '../bundles';
import { initCrypto, randomBytes, toBase64Url } from '../crypto';
import { coreCompartmentId, createWorkspaceTransport } from '../membership';
import { HeadlessNote, noteDocId } from '../notes';
import { docListName, encodeUpdateBatch, ROSTER_LIST } from '../protocol';
import { bundleTable, hostileCopies, openMember, sealDirectoryAndCore, settle } from '../testkit/bundleTable';
import type { TableMember } from '../testkit/bundleTable';
import { refusal } from '../testkit/bundleRefusal';
import { exportBundle, importBundle, makeStateFile, peekBundle } from './index';

await initCrypto();

const opened: TableMember[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) await m.ow.close();
});

const marker = (what: string) => `${what}-${toBase64Url(randomBytes(9))}`;
const orgNames = (m: TableMember) => m.api.board.read().flatMap((lane) => lane.cards.map((c) => c.name));
const coreOf = (m: TableMember) => m.ow.workspace.room(coreCompartmentId(m.ow.workspaceId))!;

async function table(roles: Parameters<typeof bundleTable>[0] = ['analyst']) {
  const t = await bundleTable(roles);
  opened.push(...t.members);
  return t;
}

/** Adds an organization with a note of one paragraph; returns the note id. */
function orgWithNote(m: TableMember, name: string, text: string): { orgId: string; noteId: string } {
  const orgId = m.api.board.addOrganization({ name });
  const noteId = m.api.notes.ensureOrganizationNote(orgId);
  const docId = noteDocId(noteId);
  const note = new HeadlessNote(m.ow.workspace.document(docId), m.ow.workspace.mirrorClientId(docId));
  note.appendParagraph(text);
  note.destroy();
  m.ow.workspace.flush();
  return { orgId, noteId };
}

describe('bundles between members with no link (issue 14)', () => {
  it('brings an organization and its note, says who wrote them, and is refused the second time', async () => {
    const { admin, members } = await table();
    const analyst = members[1]!;
    const name = marker('Los Hermanos');
    const text = marker('seen at the crossing');
    const { orgId, noteId } = orgWithNote(admin, name, text);
    const progress: string[] = [];

    const made = await exportBundle(admin.ow);
    expect(made.compartments).toEqual([coreCompartmentId(admin.ow.workspaceId)]);
    expect(made.recipients.sort()).toEqual([admin.ow.workspace.me, analyst.ow.workspace.me].sort());
    // Nothing in clear: not the organization, the note, a member's name or id, or the workspace id.
    const state = await makeStateFile(analyst.ow);
    for (const file of [made.file, state]) {
      const bytes = Buffer.from(file);
      for (const clear of [name, text, 'Admin Ana', 'Member 1', admin.ow.workspaceId, analyst.ow.workspace.me])
        expect(bytes.indexOf(clear)).toBe(-1);
      expect(bytes.indexOf(Buffer.from(admin.identity.signPublicKey))).toBe(-1);
    }
    expect(peekBundle(made.file, analyst.identity)).toEqual({ workspaceId: admin.ow.workspaceId, kind: 'bundle' });

    const result = await importBundle(analyst.ow, made.file, { onProgress: (p) => progress.push(p.phase) });
    expect(result.new).toBeGreaterThan(0);
    expect(result.rejected).toBe(0);
    expect(orgNames(analyst)).toContain(name);
    expect(analyst.api.notes.text(noteId)).toContain(text);
    expect(result.summary.exporter.name).toBe('Admin Ana');
    expect(result.summary.authors).toEqual([
      { memberId: admin.ow.workspace.me, name: 'Admin Ana', envelopes: result.new },
    ]);
    expect(result.summary.organizations).toContainEqual({ orgId, name });
    expect(result.summary.notes).toContainEqual({ docId: noteDocId(noteId), title: name });
    expect(progress).toEqual(expect.arrayContaining(['reading', 'checking', 'applying', 'storing']));

    const before = Y.encodeStateVector(coreOf(analyst).transport);
    expect(await refusal(importBundle(analyst.ow, made.file))).toMatch(
      /^this bundle was already imported on \d{4}-\d\d-\d\d \d\d:\d\d UTC: nothing changed$/,
    );
    expect(Y.encodeStateVector(coreOf(analyst).transport)).toEqual(before);
    // The log is in the profile's local storage: a restart remembers it.
    await analyst.reopen();
    expect(await refusal(importBundle(analyst.ow, made.file))).toMatch(/already imported/);
  });

  it('refuses a removed member’s bundle, and another workspace’s, applying nothing', async () => {
    const { admin, members } = await table(['analyst', 'lead']);
    const [analyst, lead] = [members[1]!, members[2]!];
    analyst.api.board.addOrganization({ name: marker('Before removal') });
    const late = await exportBundle(analyst.ow);
    admin.api.removeMember(analyst.ow.workspace.me);
    await settle([admin, lead]);
    const before = Y.encodeStateVector(coreOf(lead).transport);
    expect(await refusal(importBundle(lead.ow, late.file))).toBe(
      'this bundle was signed by a member removed from this workspace',
    );
    expect(Y.encodeStateVector(coreOf(lead).transport)).toEqual(before);

    // The same admin in another workspace: addressed to it, but not for this one.
    const other = new Y.Doc();
    const otherId = createWorkspaceTransport(other, admin.identity, Date.now());
    const elsewhere = await openMember(otherId, admin.identity, other);
    opened.push(elsewhere);
    elsewhere.api.board.addOrganization({ name: marker('Elsewhere') });
    const foreign = await exportBundle(elsewhere.ow);
    expect(await refusal(importBundle(admin.ow, foreign.file))).toBe('this bundle is for another workspace');
    expect(await refusal(importBundle(lead.ow, foreign.file))).toBe(
      'this bundle is not addressed to you (or it is damaged)',
    );
  });

  it('adds nothing from a bundle older than what is held; a delta after a state file is smaller and brings the same', async () => {
    const { admin, members } = await table();
    const analyst = members[1]!;
    orgWithNote(admin, marker('First'), marker('first note'));
    const old = await exportBundle(admin.ow);
    await settle([admin, analyst]);
    const stale = await importBundle(analyst.ow, old.file);
    expect(stale.new).toBe(0);
    expect(stale.duplicates).toBe(old.envelopes);

    const state = await makeStateFile(analyst.ow);
    const later = marker('Second');
    orgWithNote(admin, later, marker('second note'));
    const delta = await exportBundle(admin.ow, { since: state });
    const full = await exportBundle(admin.ow);
    expect(delta.envelopes).toBeLessThan(full.envelopes);
    expect(delta.bytes).toBeLessThan(full.bytes);
    const got = await importBundle(analyst.ow, delta.file);
    expect(got.new).toBe(delta.envelopes);
    expect(got.duplicates).toBe(0);
    expect(orgNames(analyst)).toContain(later);
    expect(Y.encodeStateVector(coreOf(analyst).transport)).toEqual(Y.encodeStateVector(coreOf(admin).transport));
    expect((await importBundle(analyst.ow, full.file)).new).toBe(0);
  });

  it('carries a partner’s compartment and the directory only, sealed for those in it', async () => {
    const { admin, members } = await table(['analyst', 'partner']);
    const partner = members[2]!;
    const rel = admin.api.createCompartment({ kind: 'releasable', title: 'Webb', members: [partner.ow.workspace.me] });
    await settle(members);
    const secret = marker('CoreOnly');
    const shared = marker('Released');
    admin.api.board.addOrganization({ name: secret });
    admin.api.board.addOrganization({ name: shared, compartmentId: rel });
    admin.ow.workspace.flush();

    const made = await exportBundle(admin.ow, { compartments: [rel] });
    expect(made.compartments).toEqual([rel]);
    expect(made.recipients).toContain(partner.ow.workspace.me);
    const content = openBundle(made.file, partner.identity);
    expect(content.sections.map((s) => s.room).sort()).toEqual(['', rel].sort());
    const core = coreOf(admin).transport;
    const coreEntries = core.getArray<Uint8Array>(docListName('workspace')).toArray();
    const carried = Buffer.concat(content.sections.map((s) => Buffer.from(s.data)));
    for (const entry of coreEntries) expect(carried.indexOf(Buffer.from(entry.subarray(-64)))).toBe(-1);

    const result = await importBundle(partner.ow, made.file);
    expect(result.new).toBeGreaterThan(0);
    expect(orgNames(partner)).toContain(shared);
    expect(orgNames(partner)).not.toContain(secret);
    await expect(exportBundle(partner.ow, { compartments: [coreCompartmentId(admin.ow.workspaceId)] })).rejects.toThrow(
      /you are not in compartment/,
    );
    await expect(exportBundle(admin.ow, { recipients: [partner.ow.workspace.me] })).rejects.toThrow(
      /not in every compartment this bundle carries/,
    );
  });

  it('gives a hostile member’s bundle exactly what the wire gives it', async () => {
    const { admin, members } = await table(['analyst', 'lead']);
    const [mallory, lead] = [members[1]!, members[2]!];
    const kept = marker('Admin org');
    admin.api.board.addOrganization({ name: kept });
    await settle(members);

    // Mallory's patched client, on copies of what it really holds.
    const { directory, room, hostile } = hostileCopies(mallory, admin.ow.workspaceId);
    const list = docListName('workspace');
    hostile.delete(list); // deletes everyone's envelopes
    hostile.append(list, [
      hostile.sealUpdate({ author: admin.identity.signPublicKey, replica: 7 }, [new Uint8Array([0])]), // another's key
      hostile.seal({ keyScope: 'elsewhere', replica: 8 }, encodeUpdateBatch([]), hostile.key().key), // wrong scope
      new Uint8Array([1, 2, 3]), // junk
    ]);
    hostile.setMap('junk-root', 'x', 'y');
    const forged = hostile.signEntry({
      t: 'role',
      ws: admin.ow.workspaceId,
      member: mallory.ow.workspace.me,
      role: 'admin',
      by: mallory.ow.workspace.me,
      at: Date.now(),
      prev: hostile.roster().heads,
    });
    directory.getArray<Uint8Array>(ROSTER_LIST).push([forged]);
    const file = sealDirectoryAndCore(admin.ow.workspaceId, directory, room, mallory.identity, lead.identity);

    const result = await importBundle(lead.ow, file);
    expect(result.rejected).toBeGreaterThanOrEqual(3);
    expect(result.new).toBe(0);
    expect(orgNames(lead)).toContain(kept);
    expect(lead.ow.workspace.roster.members.get(mallory.ow.workspace.me)?.role).toBe('analyst');
    // The list guard put back what was deleted, before the import returned.
    expect(result.warnings).toEqual([expect.stringMatching(/^\d+ × restored: /)]);
    const leadHolds = coreOf(lead)
      .transport.getArray<Uint8Array>(list)
      .toArray()
      .map((e) => Buffer.from(e).toString('hex'));
    for (const entry of coreOf(admin).transport.getArray<Uint8Array>(list).toArray())
      expect(leadHolds).toContain(Buffer.from(entry).toString('hex'));
    expect(coreOf(lead).transport.share.has('junk-root')).toBe(true); // stored, as the relay would, and ignored
  });
});
