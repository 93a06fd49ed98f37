import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto, memberIdOf } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import { coreCompartmentId, createWorkspaceTransport } from '../shared/membership';
import { docListName, WORKSPACE_DOC_ID } from '../shared/protocol';
import { joinByToken, OpenCancelled, RelayConnection } from '../shared/sync';
import { HostileClient } from '../shared/testkit';
import { OPEN_PHASES, openWorkspace, WorkspaceApi } from '../shared/workspace';
import type { OpenProgress } from '../shared/workspace';
import { wireCapture } from '../relay/wireCapture';
import { filePlatform, nodePlatform } from './nodePlatform';
import { tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const HOUR = 3_600_000;
const ORGS = 40;
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A member's sealed files; `open` opens them through whichever relay it is given (the vault's relay changed). */
function member(identity: Identity = generateIdentity()) {
  const dir = mkdtempSync(join(tmpdir(), 'unity-restore-progress-'));
  const storageKey = generateSymmetricKey();
  const platform = filePlatform((id, room) => join(dir, id, room ? `rooms/${room}.utrec` : 'transport.utrec'));
  const open = async (
    relayUrl: string,
    workspaceId: string,
    more: Partial<Parameters<typeof openWorkspace>[1]> = {},
  ) => {
    const s = await openWorkspace(platform, { workspaceId, identity, storageKey, relayUrl, ...more });
    cleanup.push(() => s.close());
    return s;
  };
  return { identity, open };
}

/** An admin's table of ORGS cards on a first relay, its local copy closed; and a confirmed analyst's invite. */
async function tableOnFirstRelay() {
  const relay = await tempRelay();
  cleanup.push(() => relay.close());
  const admin = member();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, admin.identity, Date.now());
  const a = await admin.open(relay.url, workspaceId, { transport });
  const api = new WorkspaceApi(a.workspace, admin.identity);
  api.name('Sector Table', { name: 'Ana Example', agency: 'Border Patrol' });
  for (let i = 0; i < ORGS; i++) api.board.addOrganization({ name: `Org ${i}` });
  const analystSeed = api.invite('analyst', HOUR);
  await a.sync(15_000);
  const analyst = generateIdentity();
  const analystDirectory = await joinByToken(
    { workspaceId, relayUrl: relay.url, seed: analystSeed },
    analyst,
    nodePlatform,
    15_000,
  );
  await a.sync(15_000); // the admin confirms the join and wraps the keys
  const catchUp = new RelayConnection({
    ...nodePlatform,
    relayUrl: relay.url,
    workspaceId,
    identity: analyst,
    transport: analystDirectory,
  });
  await catchUp.upToDate(15_000);
  catchUp.destroy();
  api.destroy();
  await a.close();
  // The analyst's own local copy, downloaded whole: a member who is not the workspace's creator.
  const analystMember = member(analyst);
  const copy = Y.encodeStateAsUpdate(analystDirectory);
  const transport2 = new Y.Doc();
  Y.applyUpdate(transport2, copy);
  const opened = await analystMember.open(relay.url, workspaceId, { transport: transport2, downloadTimeoutMs: 15_000 });
  await opened.close();
  return { workspaceId, admin, analyst, analystDirectory, analystMember };
}

function recorder() {
  const heard: OpenProgress[] = [];
  return { heard, onProgress: (p: OpenProgress) => void heard.push({ ...p }) };
}

function expectMonotonic(heard: OpenProgress[]): void {
  for (let i = 1; i < heard.length; i++) {
    const [a, b] = [heard[i - 1]!, heard[i]!];
    const step = OPEN_PHASES.indexOf(b.phase) - OPEN_PHASES.indexOf(a.phase);
    expect(step, `${a.phase} → ${b.phase}`).toBeGreaterThanOrEqual(0);
    if (step === 0) expect(b.done).toBeGreaterThanOrEqual(a.done);
  }
  for (const p of heard) if (p.total !== null) expect(p.done).toBeLessThanOrEqual(p.total);
}

/** What a relay holds of one room, as its member reads it over a fresh connection. */
async function relayRoom(relayUrl: string, workspaceId: string, identity: Identity): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const c = new RelayConnection({
    ...nodePlatform,
    relayUrl,
    workspaceId,
    room: coreCompartmentId(workspaceId),
    identity,
    transport: doc,
  });
  await c.upToDate(15_000);
  c.destroy();
  return doc;
}

const cardNames = (s: Awaited<ReturnType<ReturnType<typeof member>['open']>>, identity: Identity): string[] => {
  const api = new WorkspaceApi(s.workspace, identity);
  const names = api.board.read().flatMap((l) => l.cards.map((c) => c.name));
  api.destroy();
  return names;
};

describe('a restore to a relay tells its progress (issue 17)', () => {
  it("the workspace's creator: connects (its genesis opens the empty relay), uploads every room, and the relay holds it all", async () => {
    const { workspaceId, admin } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    const s = await admin.open(empty.url, workspaceId);
    const { heard, onProgress } = recorder();
    await s.restore({ onProgress, timeoutMs: 15_000 });
    expect([...new Set(heard.map((p) => p.phase))]).toEqual(['connecting', 'uploading', 'ready']);
    expectMonotonic(heard);
    const last = heard.filter((p) => p.phase === 'uploading').at(-1)!;
    expect(last).toMatchObject({ rooms: 1, roomsTotal: 1 });
    expect(last.done).toBe(last.total);
  }, 120_000);

  it('another member: connects, brings the roster to an empty relay, uploads every room (bytes of total), and the relay holds it all', async () => {
    const { workspaceId, analystMember: admin } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    const s = await admin.open(empty.url, workspaceId);
    const { heard, onProgress } = recorder();
    await s.restore({ onProgress, timeoutMs: 15_000 });

    expect([...new Set(heard.map((p) => p.phase))]).toEqual(['connecting', 'bringing', 'uploading', 'ready']);
    expectMonotonic(heard);
    const uploads = heard.filter((p) => p.phase === 'uploading');
    const last = uploads.at(-1)!;
    const room = s.workspace.room(coreCompartmentId(workspaceId))!;
    expect(last).toMatchObject({ unit: 'bytes', rooms: 1, roomsTotal: 1 });
    expect(last.total).toBe(Y.encodeStateAsUpdate(room.transport).length);
    expect(last.done).toBe(last.total);
    // The relay holds every envelope of the room, as a fresh connection reads it.
    const held = await relayRoom(empty.url, workspaceId, admin.identity);
    const list = docListName(WORKSPACE_DOC_ID);
    expect(held.getArray(list).length).toBe(room.transport.getArray(list).length);
  }, 120_000);

  it('a hostile member got there first with a forged envelope: the restore completes and the forgery stays out', async () => {
    const { workspaceId, admin, analyst, analystDirectory } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    // The patched analyst brings its roster to the empty relay, then a forged envelope into the core room.
    const directory = new RelayConnection({
      ...nodePlatform,
      relayUrl: empty.url,
      workspaceId,
      identity: analyst,
      transport: analystDirectory,
    });
    await directory.upToDate(15_000);
    directory.destroy();
    const roomDoc = new Y.Doc();
    const roomConnection = new RelayConnection({
      ...nodePlatform,
      relayUrl: empty.url,
      workspaceId,
      room: coreCompartmentId(workspaceId),
      identity: analyst,
      transport: roomDoc,
    });
    await roomConnection.upToDate(15_000);
    const forged = new Y.Doc();
    forged.clientID = 4242;
    forged.getMap('forged').set('card', 'Forged Org');
    const hostile = new HostileClient(workspaceId, analyst, roomDoc, analystDirectory);
    hostile.append(docListName(WORKSPACE_DOC_ID), [hostile.sealUpdate({ seq: 1 }, [Y.encodeStateAsUpdate(forged)])]);
    await roomConnection.upToDate(15_000);
    roomConnection.destroy();

    const s = await admin.open(empty.url, workspaceId);
    const { heard, onProgress } = recorder();
    await s.restore({ onProgress, timeoutMs: 15_000 });
    // The relay knew the workspace: no roster brought, the rooms uploaded, the forged envelope refused here.
    expect(heard.some((p) => p.phase === 'bringing')).toBe(false);
    expect(heard.at(-1)!.phase).toBe('ready');
    expectMonotonic(heard);
    const room = s.workspace.room(coreCompartmentId(workspaceId))!;
    expect(room.document(WORKSPACE_DOC_ID).getMap('forged').size).toBe(0);
    expect(s.reports.some((r) => r.code === 'bad-update' && r.author === memberIdOf(analyst))).toBe(true);
    expect(cardNames(s, admin.identity).filter((n) => n.startsWith('Org '))).toHaveLength(ORGS);
    expect(cardNames(s, admin.identity)).not.toContain('Forged Org');
  }, 120_000);

  it('a relay that goes away mid-restore: one sentence, and nothing is lost', async () => {
    const { workspaceId, admin } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    const wire = await wireCapture(empty.port);
    const s = await admin.open(wire.url, workspaceId);
    const closing: Array<Promise<void>> = [];
    const onProgress = (p: OpenProgress) => {
      if ((p.phase === 'bringing' || p.phase === 'uploading') && closing.length === 0) closing.push(wire.close());
    };
    await expect(s.restore({ onProgress, timeoutMs: 15_000 })).rejects.toThrow(
      new RegExp(
        `^The relay at ${wire.url} stopped answering while this workspace was being restored there\\. Nothing is lost`,
      ),
    );
    await Promise.all(closing);
    await s.close();
    // Opened again from its own files alone: every card is there.
    const again = await admin.open(wire.url, workspaceId);
    expect(cardNames(again, admin.identity).filter((n) => n.startsWith('Org '))).toHaveLength(ORGS);
  }, 120_000);

  it('cancelled: OpenCancelled at once, the local copy untouched', async () => {
    const { workspaceId, admin } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    const s = await admin.open(empty.url, workspaceId);
    const controller = new AbortController();
    const onProgress = () => controller.abort();
    await expect(s.restore({ onProgress, signal: controller.signal, timeoutMs: 15_000 })).rejects.toBeInstanceOf(
      OpenCancelled,
    );
    expect(cardNames(s, admin.identity).filter((n) => n.startsWith('Org '))).toHaveLength(ORGS);
  }, 120_000);

  it('cancelled: nothing goes on waiting for the relay once the session is closed (no poll holds the old copy)', async () => {
    const { workspaceId, admin } = await tableOnFirstRelay();
    const empty = await tempRelay();
    cleanup.push(() => empty.close());
    const s = await admin.open(empty.url, workspaceId);
    const controller = new AbortController();
    const onProgress = () => controller.abort();
    await expect(s.restore({ onProgress, signal: controller.signal, timeoutMs: 600_000 })).rejects.toBeInstanceOf(
      OpenCancelled,
    );
    const connections = [s.connection, ...[...s.workspace.rooms()].map(([c]) => s.roomConnection(c))];
    await s.close();
    let looks = 0;
    for (const c of connections) if (c) c.problem = () => (looks++, null);
    await new Promise((r) => setTimeout(r, 400));
    expect(looks).toBe(0);
  }, 120_000);
});
