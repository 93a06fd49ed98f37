import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateSymmetricKey, initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership/compartments';
import { docListName } from '../protocol/transportLayout';
import { LocalTransportStore } from '../storage/LocalTransportStore';
import type { RecordBackend } from '../storage/LocalTransportStore';
import { hubWorkspace } from '../testkit/hubWorkspace';
import { exchange, testClient } from '../testkit/workspaces';
import { migrateLegacyContent } from './migrateLegacyContent';

await initCrypto();

function memoryBackend(): RecordBackend {
  let records: Uint8Array[] = [];
  return {
    readAll: async () => ({ records: [...records], problems: [] }),
    append: async (r) => void records.push(r),
    replaceAll: async (rs) => void (records = [...rs]),
  };
}

const LISTS = [docListName('workspace'), docListName('note-n1')];
const entries = (doc: Y.Doc) =>
  LISTS.map((name) =>
    doc
      .getArray<Uint8Array>(name)
      .toArray()
      .map((e) => [...e]),
  );

/** A pre-compartment workspace: content in the directory, an analyst's edits made offline, a partner. */
function legacyWorkspace() {
  const w = hubWorkspace();
  const analyst = w.join(w.invite('analyst'));
  const partner = w.join(w.invite('partner'));
  w.admin.workspace.document('workspace').getMap('orgs').set('o1', 'Org Falcon');
  w.admin.workspace.document('note-n1').getText('t').insert(0, 'meeting notes');
  w.sync();
  // Offline: never sent to the hub.
  analyst.workspace.document('workspace').getMap('orgs').set('o2', 'written offline');
  analyst.clock.tick();
  return { w, analyst, partner };
}

describe('migrateLegacyContent (ADR 0012 §5)', () => {
  it('moves every envelope, byte for byte and offline edits included, into the stored core room, then empties the directory', async () => {
    const { w, analyst } = legacyWorkspace();
    const directory = new Y.Doc();
    exchange(analyst.transport, directory); // the analyst's local copy, opened by the new version
    const before = entries(directory);
    expect(before[0]!.length).toBe(2);
    const key = generateSymmetricKey();
    const backend = memoryBackend();
    const core = coreCompartmentId(w.workspaceId);
    const coreRoom = new Y.Doc();
    const { store } = await LocalTransportStore.open(coreRoom, backend, key, w.workspaceId, core);
    const copied = await migrateLegacyContent({
      workspaceId: w.workspaceId,
      identity: analyst.identity,
      directory,
      coreRoom,
      stored: () => store.flush(),
    });
    expect(copied).toBe(3);
    expect(entries(coreRoom)).toEqual(before);
    expect(entries(directory)).toEqual([[], []]);
    // Stored before the directory let go: the room's local copy alone holds all of it.
    await store.close();
    const reopened = new Y.Doc();
    await LocalTransportStore.open(reopened, backend, key, w.workspaceId, core);
    expect(entries(reopened)).toEqual(before);
    // A room's records are bound to the room: they do not open as the directory's.
    const asDirectory = await LocalTransportStore.open(new Y.Doc(), backend, key, w.workspaceId);
    expect(asDirectory.problems.length).toBeGreaterThan(0);
    // Opened with rooms, the workspace shows it all in the core room, and a second run copies nothing.
    const client = testClient(w.workspaceId, directory, analyst.identity, { openRoom: () => reopened });
    expect(client.workspace.document('workspace').getMap('orgs').toJSON()).toEqual({
      o1: 'Org Falcon',
      o2: 'written offline',
    });
    expect(client.workspace.document('note-n1').getText('t').toString()).toBe('meeting notes');
    expect(client.reports).toEqual([]);
    exchange(analyst.transport, directory); // the old copy's lists come back from somewhere
    const again = await migrateLegacyContent({
      workspaceId: w.workspaceId,
      identity: analyst.identity,
      directory,
      coreRoom: reopened,
      stored: async () => {},
    });
    expect(again).toBe(0);
    expect(entries(reopened)).toEqual(before);
  });

  it("a partner's client moves nothing", async () => {
    const { w, partner } = legacyWorkspace();
    const coreRoom = new Y.Doc();
    const before = entries(partner.transport);
    const copied = await migrateLegacyContent({
      workspaceId: w.workspaceId,
      identity: partner.identity,
      directory: partner.transport,
      coreRoom,
      stored: async () => {},
    });
    expect(copied).toBe(0);
    expect(entries(partner.transport)).toEqual(before);
    expect(before[0]!.length).toBe(1);
    expect(entries(coreRoom)).toEqual([[], []]);
  });
});
