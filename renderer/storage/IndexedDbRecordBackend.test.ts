import 'fake-indexeddb/auto';

import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto } from '../../shared/crypto';
import { createWorkspaceTransport } from '../../shared/membership';
import { LocalTransportStore } from '../../shared/storage';
import { offlineEdits, reopenOffline } from '../../shared/testkit/localStore';
import { IndexedDbRecordBackend } from './IndexedDbRecordBackend';

await initCrypto();

describe('IndexedDbRecordBackend', () => {
  it('keeps records in order per workspace and replaces them atomically', async () => {
    const a = new IndexedDbRecordBackend('ws-a');
    const b = new IndexedDbRecordBackend('ws-b');
    await a.append(new Uint8Array([1]));
    await b.append(new Uint8Array([9]));
    await a.append(new Uint8Array([2]));
    expect((await a.readAll()).records).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    await a.replaceAll([new Uint8Array([3])]);
    expect((await a.readAll()).records).toEqual([new Uint8Array([3])]);
    expect((await b.readAll()).records).toEqual([new Uint8Array([9])]);
  });

  it('reopens a workspace from local storage alone (a restart with no relay)', async () => {
    const key = generateSymmetricKey();
    const first = new Y.Doc();
    const id = generateIdentity();
    const workspaceId = createWorkspaceTransport(new Y.Doc(), id, Date.now());
    const { store } = await LocalTransportStore.open(first, new IndexedDbRecordBackend(workspaceId), key, workspaceId);
    first.getMap('probe').set('offline edit', 'kept');
    await store.close();

    const second = new Y.Doc();
    const reopened = await LocalTransportStore.open(second, new IndexedDbRecordBackend(workspaceId), key, workspaceId);
    expect(reopened.problems).toEqual([]);
    expect(second.getMap('probe').get('offline edit')).toBe('kept');
  });

  it('a flipped bit in record k of n: every offline edit after it is still applied, and the record is kept aside', async () => {
    const backend = new IndexedDbRecordBackend('ws-bitflip');
    const copy = await offlineEdits(backend, 8);
    const db = await openDB('unity-table-transport', 1);
    const keys = await db.getAllKeysFromIndex('records', 'byWorkspace', 'ws-bitflip');
    expect(keys.length).toBeGreaterThanOrEqual(8);
    const k = keys.length - 4;
    const row = (await db.get('records', keys[k]!)) as { workspaceId: string; record: Uint8Array };
    const damaged = row.record.slice();
    damaged[Math.floor(damaged.length / 2)]! ^= 0x10;
    await db.put('records', { ...row, record: damaged }, keys[k]);

    const { problems, visible } = await reopenOffline(new IndexedDbRecordBackend('ws-bitflip'), copy);
    expect(visible.sort()).toEqual([...copy.edits].sort());
    const aside = await db.getAllFromIndex('records', 'byWorkspace', 'damaged:ws-bitflip');
    expect(aside.map((r) => (r as { record: Uint8Array }).record)).toEqual([damaged]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^record ${k + 1} of workspace ws-bitflip \\(IndexedDB unity-table-transport, key ${Number(keys[k])}\\) does not decrypt: skipped, kept aside under damaged:ws-bitflip$`,
      ),
    );
    db.close();
  });

  it('a record that is not binary: the later offline edits are still applied', async () => {
    const backend = new IndexedDbRecordBackend('ws-junk');
    const copy = await offlineEdits(backend, 6);
    const db = await openDB('unity-table-transport', 1);
    const keys = await db.getAllKeysFromIndex('records', 'byWorkspace', 'ws-junk');
    const k = keys.length - 3;
    await db.put('records', { workspaceId: 'ws-junk', record: 'not bytes' }, keys[k]);
    const { problems, visible } = await reopenOffline(new IndexedDbRecordBackend('ws-junk'), copy);
    expect(visible.sort()).toEqual([...copy.edits].sort());
    expect(problems.join('\n')).toMatch(/is not binary: skipped, kept aside under damaged:ws-junk/);
    db.close();
  });
});

describe('deleteWorkspaceRecords (Leave)', () => {
  it("deletes the workspace's own, its rooms', its cache's and its damaged records, and no other workspace's", async () => {
    const { deleteWorkspaceRecords } = await import('./IndexedDbRecordBackend');
    const names = ['wsL', 'wsL/roomA', 'wsL/roomB', 'board-cache:wsL', 'damaged:wsL', 'damaged:wsL/roomA'];
    const others = ['wsL2', 'wsL2/roomA', 'wsLx', 'board-cache:wsL2', 'damaged:wsL2/roomA', 'xwsL/roomA'];
    for (const name of [...names, ...others]) await new IndexedDbRecordBackend(name).append(new Uint8Array([7]));
    await deleteWorkspaceRecords('wsL');
    const db = await openDB('unity-table-transport', 1);
    for (const name of names) expect(await db.countFromIndex('records', 'byWorkspace', name)).toBe(0);
    for (const name of others) expect(await db.countFromIndex('records', 'byWorkspace', name)).toBe(1);
    db.close();
  });
});
