// @vitest-environment happy-dom
// happy-dom: WorkspaceClient's module holds the browser's platform (its WebSocket, IndexedDB).
import { afterEach, describe, expect, it, vi } from 'vitest';

import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto } from '../../shared/crypto';
import { addOrganization } from '../../shared/model';
import { docListName, WORKSPACE_DOC_ID } from '../../shared/protocol';
import { HostileClient } from '../../shared/testkit';
import { testWorkspaceClient } from './testWorkspaceClient';

await initCrypto();

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function opened() {
  const t = await testWorkspaceClient();
  cleanup.push(t.close);
  t.runTimers();
  t.runFrames();
  return t;
}

describe('own edit → own screen (issue 17)', () => {
  it('tells the board at the next frame, before the 10 ms batch window elapsed and before anything is sealed', async () => {
    const t = await opened();
    const board = vi.fn();
    const members = vi.fn();
    t.client.changes.subscribe(['board'], board);
    t.client.changes.subscribe(['roster', 'profiles'], members);
    const sealed = t.sealed();
    const version = t.client.changes.version(['board']);

    t.client.api.board.addOrganization({ name: 'Copper Heron Ring' });
    // Nothing is told outside a frame, and the snapshot stays put until then (useSyncExternalStore).
    expect(board).not.toHaveBeenCalled();
    expect(t.client.changes.version(['board'])).toBe(version);
    expect(t.pendingFrames()).toBe(1);
    // The edit waits in its batching window: a timer not run, nothing sealed yet.
    expect(t.pendingTimers()).toContain(10);
    expect(t.sealed()).toBe(sealed);

    t.runFrames();
    expect(board).toHaveBeenCalledTimes(1);
    expect(t.client.changes.version(['board'])).toBe(version + 1);
    expect(t.sealed()).toBe(sealed);
    expect(members).not.toHaveBeenCalled();

    // Sealing it later changes the waiting count (status), not the board again.
    t.runTimers();
    expect(t.sealed()).toBeGreaterThan(sealed);
    t.runFrames();
    expect(board).toHaveBeenCalledTimes(1);
    expect(members).not.toHaveBeenCalled();
  });

  it('tells a burst of edits once per frame, each listener once however many concerns it shares', async () => {
    const t = await opened();
    const heard = vi.fn();
    t.client.changes.subscribe(['board', 'history'], heard);
    for (let i = 0; i < 5; i++) t.client.api.board.addOrganization({ name: `Slate Wren ${i}` });
    expect(t.pendingFrames()).toBe(1);
    t.runFrames();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('tells the members screen of a profile, and not the board', async () => {
    const t = await opened();
    const board = vi.fn();
    const members = vi.fn();
    t.client.changes.subscribe(['board'], board);
    t.client.changes.subscribe(['roster', 'profiles'], members);
    t.client.api.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
    t.runFrames();
    expect(members).toHaveBeenCalledTimes(1);
    expect(board).not.toHaveBeenCalled();
  });

  it('stops telling once the workspace closed', async () => {
    const t = await opened();
    const board = vi.fn();
    t.client.changes.subscribe(['board'], board);
    t.client.api.board.addOrganization({ name: 'Ochre Pass Crew' });
    await t.close();
    t.runFrames();
    expect(board).not.toHaveBeenCalled();
  });
});

describe('what a hostile writer makes the screens hear', () => {
  it('a stranger’s envelope in the room is refused: no screen hears a change, the board shows nothing new', async () => {
    const t = await opened();
    const content = vi.fn();
    t.client.changes.subscribe(['board', 'history', 'profiles', 'notes', 'votes', 'reports', 'settings'], content);
    const status = vi.fn();
    t.client.changes.subscribe(['status'], status);
    const room = [...t.client.workspace.rooms().values()][0]!;
    const stranger = new HostileClient(t.client.workspaceId, generateIdentity(), room.transport);
    const forged = new Y.Doc();
    addOrganization(forged, { name: 'Forged Basalt Cartel' });
    // Signed by a key no member holds, sealed under a key of its own.
    const envelope = stranger.seal({ kind: 'update', epoch: 0 }, Y.encodeStateAsUpdate(forged), generateSymmetricKey());
    stranger.append(docListName(WORKSPACE_DOC_ID), [envelope]);
    t.runTimers();
    t.runFrames();
    expect(status).toHaveBeenCalled(); // it arrived: the transport changed
    expect(content).not.toHaveBeenCalled();
    expect(t.client.api.board.read().flatMap((l) => l.cards)).toHaveLength(0);
  });

  it('a write into the directory outside the roster and the keys moves the status alone; an invite tells every screen', async () => {
    const t = await opened();
    const content = vi.fn();
    const status = vi.fn();
    t.client.changes.subscribe(['board', 'profiles'], content);
    t.client.changes.subscribe(['status'], status);
    // A patched client writes a map of its own into the directory: nothing any screen reads.
    new HostileClient(t.client.workspaceId, generateIdentity(), t.client.workspace.transport).setMap('junk', 'x', 1);
    t.runFrames();
    expect(status).toHaveBeenCalledTimes(1);
    expect(content).not.toHaveBeenCalled();
    t.client.api.invite('analyst', 3_600_000);
    t.runFrames();
    expect(content).toHaveBeenCalledTimes(1);
  });
});
