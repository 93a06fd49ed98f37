import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { sealBundle } from '../bundles';
import { generateIdentity, initCrypto, randomBytes, toBase64Url } from '../crypto';
import { coreCompartmentId } from '../membership';
import { docListName } from '../protocol';
import { bundleTable, hostileCopies, sealDirectoryAndCore, settle } from '../testkit/bundleTable';
import type { TableMember } from '../testkit/bundleTable';
import { refusal } from '../testkit/bundleRefusal';
import { HostileClient } from '../testkit/HostileClient';
import { exportBundle, importBundle } from './index';

await initCrypto();

// A hostile review of bundle import (issue 14): what a patched member's (or a stranger's) file can
// make an importer's client do or say beyond what the wire would.

const opened: TableMember[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) await m.ow.close();
});

const marker = (what: string) => `${what}-${toBase64Url(randomBytes(9))}`;
const coreOf = (m: TableMember) => m.ow.workspace.room(coreCompartmentId(m.ow.workspaceId))!;

async function table(roles: Parameters<typeof bundleTable>[0]) {
  const t = await bundleTable(roles);
  opened.push(...t.members);
  return t;
}

/** An update whose one item follows five its receiver never gets: Yjs keeps it pending for ever. */
function gapUpdate(): Uint8Array {
  const doc = new Y.Doc();
  let last: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (last = u));
  for (let i = 0; i < 6; i++) doc.getArray<number>('junk-list').push([i]);
  return last;
}

describe('bundle import against a hostile exporter (review of issue 14)', () => {
  it('a hostile bundle that waits for ever does not keep later bundles out of the replay log', async () => {
    const { admin, members } = await table(['analyst', 'lead']);
    const [mallory, lead] = [members[1]!, members[2]!];
    const core = coreCompartmentId(admin.ow.workspaceId);
    const stuck = sealBundle(
      { kind: 'bundle', workspaceId: admin.ow.workspaceId, sections: [{ room: core, data: gapUpdate() }] },
      mallory.identity,
      [lead.identity.boxPublicKey],
    );
    const first = await importBundle(lead.ow, stuck);
    expect(first.warnings).toContainEqual(expect.stringMatching(/waits for an earlier one/));

    // An honest bundle after it is complete: it is logged, and a second import says so.
    admin.api.board.addOrganization({ name: marker('After the stuck one') });
    const honest = await exportBundle(admin.ow, { recipients: [lead.ow.workspace.me] });
    const got = await importBundle(lead.ow, honest.file);
    expect(got.new).toBeGreaterThan(0);
    expect(got.warnings.filter((w) => /waits for an earlier one/.test(w))).toEqual([]);
    expect(await refusal(importBundle(lead.ow, honest.file))).toMatch(/already imported/);
  });

  it('a hostile exporter cannot make the summary name another member as the author of what it brings', async () => {
    const { admin, members } = await table(['analyst', 'lead']);
    const [mallory, lead] = [members[1]!, members[2]!];
    admin.api.board.addOrganization({ name: marker('Admin org') });
    admin.ow.workspace.flush();
    const { directory, room, hostile } = hostileCopies(mallory, admin.ow.workspaceId);
    // Copies of the admin's real, signed envelopes in lists no document reads: nothing checks them.
    const admins = room.getArray<Uint8Array>(docListName('workspace')).toArray();
    expect(admins.length).toBeGreaterThan(0);
    hostile.append('not-a-document', admins);
    hostile.append(docListName('not a valid id!'), admins);
    const file = sealDirectoryAndCore(admin.ow.workspaceId, directory, room, mallory.identity, lead.identity);
    const result = await importBundle(lead.ow, file);
    expect(result.summary.authors).toEqual([]);
    expect(result.new).toBe(0);
  });

  it('a partner’s bundle writes nothing into a room the partner is not in, though its importer holds that room', async () => {
    const { admin, members } = await table(['partner']);
    const partner = members[1]!;
    const rel = admin.api.createCompartment({ kind: 'releasable', title: 'Webb', members: [partner.ow.workspace.me] });
    await settle(members);
    const core = coreCompartmentId(admin.ow.workspaceId);
    // The relay never lets the partner's socket into the core room: its patched client writes it a section instead.
    const room = new Y.Doc();
    const hostile = new HostileClient(admin.ow.workspaceId, partner.identity, room, partner.ow.transport);
    hostile.append(docListName('workspace'), [new Uint8Array(4096)]);
    hostile.setMap('junk-root', 'x', 'y');
    const file = sealBundle(
      {
        kind: 'bundle',
        workspaceId: admin.ow.workspaceId,
        sections: [
          { room: core, data: Y.encodeStateAsUpdate(room) },
          { room: rel, data: Y.encodeStateAsUpdate(partner.ow.workspace.room(rel)!.transport) },
        ],
      },
      partner.identity,
      [admin.identity.boxPublicKey],
    );
    const result = await importBundle(admin.ow, file);
    expect(Y.getState(coreOf(admin).transport.store, room.clientID)).toBe(0);
    expect(coreOf(admin).transport.share.has('junk-root')).toBe(false);
    expect(result.warnings).toContainEqual(
      `1 envelopes of compartment ${core}: its exporter is not in it, not imported`,
    );
  });

  it('judges a stranger’s bundle by who signed it before reading any room in it', async () => {
    const { admin, members } = await table(['analyst']);
    const analyst = members[1]!;
    const stranger = generateIdentity();
    const file = sealBundle(
      {
        kind: 'bundle',
        workspaceId: admin.ow.workspaceId,
        // Not an update at all: a stranger's bytes are not for this client's Yjs decoder.
        sections: [{ room: coreCompartmentId(admin.ow.workspaceId), data: randomBytes(64) }],
      },
      stranger,
      [analyst.identity.boxPublicKey],
    );
    const before = Y.encodeStateVector(coreOf(analyst).transport);
    expect(await refusal(importBundle(analyst.ow, file))).toBe(
      'this bundle was signed by someone who is not a member of this workspace',
    );
    expect(Y.encodeStateVector(coreOf(analyst).transport)).toEqual(before);
  });
});
