import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateSymmetricKey, initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { docListName } from '../protocol';
import type { RecordBackend } from '../storage';
import { clockOver } from '../sync';
import { hubWorkspace } from '../testkit/hubWorkspace';
import { exchange } from '../testkit/workspaces';
import { openWorkspace } from './OpenWorkspace';
import type { Platform } from './Platform';

await initCrypto();

/** A platform whose stores live in memory and whose connections never open (the workspace is not live). */
function memoryPlatform() {
  const stores = new Map<string, Uint8Array[]>();
  const backend = (name: string): RecordBackend => ({
    readAll: async () => ({ records: [...(stores.get(name) ?? [])], problems: [] }),
    append: async (r) => void stores.set(name, [...(stores.get(name) ?? []), r]),
    replaceAll: async (rs) => void stores.set(name, [...rs]),
  });
  const platform: Platform = {
    WebSocket: class {},
    ...clockOver(setTimeout, clearTimeout),
    records: (workspaceId, room) => backend(room === undefined ? workspaceId : `${workspaceId}/${room}`),
  };
  const bytes = (name: string) => (stores.get(name) ?? []).reduce((n, r) => n + r.length, 0);
  return { platform, bytes };
}

describe('openWorkspace and the local copy (issue 17)', () => {
  it("rewrites the directory's local copy once its legacy content moved to the core room", async () => {
    const w = hubWorkspace();
    const analyst = w.join(w.invite('analyst'));
    // A pre-compartment workspace: its content (a large one) in the directory's lists.
    w.admin.workspace.document('workspace').getMap('orgs').set('o1', 'Org Falcon '.repeat(20_000));
    w.sync();
    const directory = new Y.Doc();
    exchange(analyst.transport, directory);
    const list = directory.getArray<Uint8Array>(docListName('workspace'));
    const content = list.toArray().reduce((n, e) => n + e.length, 0);
    expect(content).toBeGreaterThan(200_000);

    const { platform, bytes } = memoryPlatform();
    const options = { workspaceId: w.workspaceId, identity: analyst.identity, storageKey: generateSymmetricKey() };
    const session = await openWorkspace(platform, { ...options, relayUrl: 'ws://127.0.0.1:9', transport: directory });
    await session.close();
    expect(bytes(w.workspaceId)).toBeLessThan(content / 4);
    expect(bytes(`${w.workspaceId}/${coreCompartmentId(w.workspaceId)}`)).toBeGreaterThan(content);

    const again = await openWorkspace(platform, { ...options, relayUrl: 'ws://127.0.0.1:9' });
    expect(again.storeProblems).toEqual([]);
    expect(String(again.workspace.document('workspace').getMap('orgs').get('o1'))).toMatch(/^Org Falcon/);
    await again.close();
  });
});
