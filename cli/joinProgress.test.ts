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

/** A member's sealed files, and openWorkspace over them through `relayUrl`. */
function member(relayUrl: string, identity: Identity = generateIdentity()) {
  const dir = mkdtempSync(join(tmpdir(), 'unity-join-progress-'));
  const storageKey = generateSymmetricKey();
  const platform = filePlatform((id, room) => join(dir, id, room ? `rooms/${room}.utrec` : 'transport.utrec'));
  const open = async (workspaceId: string, more: Partial<Parameters<typeof openWorkspace>[1]> = {}) => {
    const s = await openWorkspace(platform, { workspaceId, identity, storageKey, relayUrl, ...more });
    cleanup.push(() => s.close());
    return s;
  };
  return { identity, open };
}

/** An admin's workspace on a relay with ORGS cards, and a hostile editor's forged envelope in the core room. */
async function tableWithHostile() {
  const relay = await tempRelay();
  cleanup.push(() => relay.close());
  const admin = member(relay.url);
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, admin.identity, Date.now());
  const a = await admin.open(workspaceId, { transport });
  const api = new WorkspaceApi(a.workspace, admin.identity);
  cleanup.push(() => api.destroy());
  api.name('Sector Table', { name: 'Ana Example', agency: 'Border Patrol' });
  for (let i = 0; i < ORGS; i++) api.board.addOrganization({ name: `Org ${i}` });
  const hostileSeed = api.invite('analyst', HOUR);
  await a.sync(15_000);

  // A patched editor's client: an envelope it signs, carrying edits under a Yjs client id not its own.
  const hostileId = generateIdentity();
  const directory = await joinByToken(
    { workspaceId, relayUrl: relay.url, seed: hostileSeed },
    hostileId,
    nodePlatform,
    15_000,
  );
  await a.sync(15_000); // the admin confirms the join and wraps the keys
  const hostileDirectory = new RelayConnection({
    ...nodePlatform,
    relayUrl: relay.url,
    workspaceId,
    identity: hostileId,
    transport: directory,
  });
  await hostileDirectory.upToDate(15_000);
  hostileDirectory.destroy();
  const core = coreCompartmentId(workspaceId);
  const room = new Y.Doc();
  const roomConnection = new RelayConnection({
    ...nodePlatform,
    relayUrl: relay.url,
    workspaceId,
    room: core,
    identity: hostileId,
    transport: room,
  });
  await roomConnection.upToDate(15_000);
  const forged = new Y.Doc();
  forged.clientID = 4242;
  forged.getMap('forged').set('card', 'Forged Org');
  const hostile = new HostileClient(workspaceId, hostileId, room, directory);
  hostile.append(docListName(WORKSPACE_DOC_ID), [hostile.sealUpdate({ seq: 1 }, [Y.encodeStateAsUpdate(forged)])]);
  await roomConnection.upToDate(15_000);
  roomConnection.destroy();

  const seed = api.invite('analyst', HOUR);
  await a.sync(15_000);
  return { relay, workspaceId, seed, admin: a, adminMember: admin, hostileId };
}

/** Every report, with the time it was heard. */
function recorder() {
  const heard: Array<OpenProgress & { at: number }> = [];
  return { heard, onProgress: (p: OpenProgress) => void heard.push({ ...p, at: Date.now() }) };
}

/** Phases only move forward, counts never go back within one, totals hold what was done. */
function expectMonotonic(heard: OpenProgress[]): void {
  for (let i = 1; i < heard.length; i++) {
    const [a, b] = [heard[i - 1]!, heard[i]!];
    const step = OPEN_PHASES.indexOf(b.phase) - OPEN_PHASES.indexOf(a.phase);
    expect(step, `${a.phase} → ${b.phase}`).toBeGreaterThanOrEqual(0);
    if (step === 0) expect(b.done).toBeGreaterThanOrEqual(a.done);
  }
  for (const p of heard) if (p.total !== null) expect(p.done).toBeLessThanOrEqual(p.total);
}

describe('a first join tells its progress (issue 17)', () => {
  it('connects, joins, downloads the rooms (bytes counted), checks envelopes, opens whole; a forged envelope stays out', async () => {
    const { relay, workspaceId, seed, hostileId } = await tableWithHostile();
    const newcomer = member(relay.url);
    const { heard, onProgress } = recorder();
    const transport = await joinByToken(
      { workspaceId, relayUrl: relay.url, seed },
      newcomer.identity,
      nodePlatform,
      15_000,
      {
        onProgress,
      },
    );
    const s = await newcomer.open(workspaceId, { transport, onProgress, downloadTimeoutMs: 15_000 });

    const phases = [...new Set(heard.map((p) => p.phase))];
    expect(phases).toEqual(['connecting', 'joining', 'reading', 'downloading', 'checking', 'opening']);
    expectMonotonic(heard);
    // The directory's bytes, then each room's: at least what the room's transport holds arrived on the socket.
    const room = s.workspace.room(coreCompartmentId(workspaceId))!;
    const downloaded = heard.filter((p) => p.phase === 'downloading').at(-1)!;
    expect(downloaded.unit).toBe('bytes');
    expect(downloaded.done).toBeGreaterThanOrEqual(Y.encodeStateAsUpdate(room.transport).length);
    expect(heard.filter((p) => p.phase === 'connecting').at(-1)!.done).toBeGreaterThan(0);
    const checked = heard.filter((p) => p.phase === 'checking');
    const envelopes = room.transport.getArray(docListName(WORKSPACE_DOC_ID)).length;
    expect(checked[0]).toMatchObject({ done: 0, total: envelopes, unit: 'envelopes' });
    expect(checked.at(-1)).toMatchObject({ done: envelopes, total: envelopes });

    // Opened whole: every card is there the moment the open returns, nothing left to the live connection.
    const api = new WorkspaceApi(s.workspace, newcomer.identity);
    cleanup.push(() => api.destroy());
    const cards = api.board.read().flatMap((l) => l.cards.map((c) => c.name));
    expect(cards.filter((n) => n.startsWith('Org '))).toHaveLength(ORGS);
    // The hostile editor's envelope went through every check, and was refused.
    expect(room.document(WORKSPACE_DOC_ID).getMap('forged').size).toBe(0);
    expect(s.reports.some((r) => r.code === 'bad-update' && r.author === memberIdOf(hostileId))).toBe(true);
  }, 120_000);

  it('a relay that goes away mid-download: one sentence, nothing left open, the join kept', async () => {
    const { relay, workspaceId, seed } = await tableWithHostile();
    const wire = await wireCapture(relay.port);
    const newcomer = member(wire.url);
    const transport = await joinByToken(
      { workspaceId, relayUrl: wire.url, seed },
      newcomer.identity,
      nodePlatform,
      15_000,
    );
    const closing: Array<Promise<void>> = [];
    const onProgress = (p: OpenProgress) => {
      if (p.phase === 'downloading' && closing.length === 0) closing.push(wire.close());
    };
    const failed = newcomer.open(workspaceId, { transport, onProgress, downloadTimeoutMs: 15_000 });
    await expect(failed).rejects.toThrow(
      new RegExp(
        `^The relay at ${wire.url} stopped answering while the workspace was downloading\\. You are a member now`,
      ),
    );
    await Promise.all(closing);
    // Nothing was lost: opened again from its own files alone (no relay), the member holds its join.
    const again = await newcomer.open(workspaceId);
    expect(again.workspace.roster.members.has(memberIdOf(newcomer.identity))).toBe(true);
  }, 120_000);

  it('cancelled mid-download: OpenCancelled, and the join sent is stored', async () => {
    const { relay, workspaceId, seed } = await tableWithHostile();
    const newcomer = member(relay.url);
    const transport = await joinByToken(
      { workspaceId, relayUrl: relay.url, seed },
      newcomer.identity,
      nodePlatform,
      15_000,
    );
    const controller = new AbortController();
    const onProgress = (p: OpenProgress) => {
      if (p.phase === 'downloading') controller.abort();
    };
    await expect(
      newcomer.open(workspaceId, { transport, onProgress, signal: controller.signal, downloadTimeoutMs: 15_000 }),
    ).rejects.toBeInstanceOf(OpenCancelled);
    const again = await newcomer.open(workspaceId);
    expect(again.workspace.roster.members.has(memberIdOf(newcomer.identity))).toBe(true);
  }, 120_000);

  it('a join cancelled while fetching sends no join: the invite stays unspent', async () => {
    const { relay, workspaceId, seed } = await tableWithHostile();
    const controller = new AbortController();
    controller.abort();
    const first = generateIdentity();
    await expect(
      joinByToken({ workspaceId, relayUrl: relay.url, seed }, first, nodePlatform, 15_000, {
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(OpenCancelled);
    // The same invite still admits someone: the cancelled join never reached the relay.
    const second = member(relay.url);
    const transport = await joinByToken(
      { workspaceId, relayUrl: relay.url, seed },
      second.identity,
      nodePlatform,
      15_000,
    );
    const s = await second.open(workspaceId, { transport, downloadTimeoutMs: 15_000 });
    expect(s.workspace.roster.members.has(memberIdOf(first))).toBe(false);
  }, 120_000);

  it('a cold open reads the local copy (records and bytes), checks envelopes, opens: no download', async () => {
    const { workspaceId, admin, adminMember } = await tableWithHostile();
    await admin.close();
    const { heard, onProgress } = recorder();
    const s = await adminMember.open(workspaceId, { onProgress });
    expect([...new Set(heard.map((p) => p.phase))]).toEqual(['reading', 'checking', 'opening']);
    expectMonotonic(heard);
    const read = heard.filter((p) => p.phase === 'reading').at(-1)!;
    expect(read.done).toBeGreaterThan(0);
    expect(read.bytes).toBeGreaterThan(read.done);
    const room = s.workspace.room(coreCompartmentId(workspaceId))!;
    const envelopes = room.transport.getArray(docListName(WORKSPACE_DOC_ID)).length;
    expect(heard.filter((p) => p.phase === 'checking').at(-1)).toMatchObject({ done: envelopes, total: envelopes });
  }, 120_000);
});
