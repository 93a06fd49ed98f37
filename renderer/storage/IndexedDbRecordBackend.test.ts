import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto } from '../../shared/crypto';
import { createWorkspaceTransport, LocalTransportStore } from '../../shared/sync';
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
});
