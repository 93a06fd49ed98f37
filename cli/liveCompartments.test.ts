import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto, randomBytes, toBase64Url } from '../shared/crypto';
import { createWorkspaceTransport } from '../shared/membership';
import { documentJson, canonicalJson } from '../shared/model';
import { joinByToken } from '../shared/sync';
import { openWorkspace, WorkspaceApi } from '../shared/workspace';
import type { OpenWorkspace } from '../shared/workspace';
import { wireCapture } from '../relay/wireCapture';
import { filePlatform, nodePlatform } from './nodePlatform';
import { expectNoLeak, filesUnder } from './testkit/leakChecks';
import { tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const HOUR = 3_600_000;
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const marker = (what: string) => `${what}-${toBase64Url(randomBytes(9))}`;

/** A member's sessions over its own directory of sealed files, through `relayUrl`. */
function member(relayUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'unity-live-compartments-'));
  const identity = generateIdentity();
  const storageKey = generateSymmetricKey();
  const platform = filePlatform((id, room) => join(dir, id, room ? `rooms/${room}.utrec` : 'transport.utrec'));
  const open = async (workspaceId: string, transport?: Y.Doc) => {
    const s = await openWorkspace(platform, { workspaceId, identity, storageKey, relayUrl, transport });
    cleanup.push(() => s.close());
    return { s, api: new WorkspaceApi(s.workspace, identity) };
  };
  /** Every byte of every file this member keeps. */
  const files = (): Buffer => filesUnder(dir);
  return { identity, open, files };
}

/** What a session holds, decrypted: every room's documents, as `export` prints them. */
function held(s: OpenWorkspace): string {
  const rooms: Record<string, unknown> = {};
  for (const [c, room] of s.workspace.rooms())
    rooms[c] = Object.fromEntries(room.documentIds().map((id) => [id, documentJson(room.document(id))]));
  return canonicalJson(rooms);
}

describe('a partner over a real relay (S8)', () => {
  it('never receives, stores or exports what is not released to it; what is, it has in all three', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const wire = await wireCapture(relay.port);
    cleanup.push(() => wire.close());
    // The admin talks to the relay directly; only the partner's sockets go through the capture.
    const admin = member(relay.url);
    const partner = member(wire.url);
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, admin.identity, Date.now());
    const a = await admin.open(workspaceId, transport);
    a.api.name('Sector Table', { name: 'Ana', agency: 'Border Patrol' });
    const webb = a.api.createCompartment({ kind: 'releasable', title: 'Webb County SO', members: [] });

    const secret = { org: marker('SecretOrg'), entry: marker('SecretEntry'), narrowed: marker('NarrowedEntry') };
    const control = { org: marker('ReleasedOrg'), entry: marker('ReleasedEntry') };
    const coreOrg = a.api.board.addOrganization({ name: secret.org });
    a.api.board.addEntity(coreOrg, { kind: 'person', name: secret.entry, detail: '' });
    const shared = a.api.board.addOrganization({ name: control.org, compartmentId: webb });
    a.api.board.addEntity(shared, { kind: 'person', name: control.entry, detail: '' });
    // Written in the released room, then narrowed to the core before the partner joins: its copy there is a
    // tombstone. Its first envelope stays in that room's list, sealed under the key the partner gets: not in any
    // frame or file in clear, nor in what the partner shows or exports, but openable from history until compaction.
    const narrowed = a.api.board.addEntity(shared, { kind: 'vehicle', name: secret.narrowed, detail: '' });
    a.api.board.release(
      'entities',
      narrowed,
      [...a.s.workspace.rooms().keys()].find((c) => c !== webb)!,
    );
    const seed = a.api.invite('partner', HOUR, [webb]);
    await a.s.sync(15_000);

    const joined = await joinByToken({ workspaceId, relayUrl: wire.url, seed }, partner.identity, nodePlatform, 15_000);
    const p = await partner.open(workspaceId, joined);
    p.api.signProfile({ name: 'Sam', agency: 'Webb County SO' });
    await p.s.sync(15_000);
    await a.s.sync(15_000); // the admin's client wraps the compartment's key for the partner
    const rooms = await p.s.sync(15_000);
    expect(rooms).toEqual([{ compartmentId: webb, upToDate: true, waitingForKey: false }]);
    await p.s.close();

    // Reopened offline from its sealed files alone: what it holds is what it stored.
    const again = await partner.open(workspaceId);
    const exported = held(again.s);
    const frames = Buffer.concat(wire.payloads());
    expectNoLeak({ frames, files: partner.files(), exported }, secret, control, webb);
  }, 120_000);
});
