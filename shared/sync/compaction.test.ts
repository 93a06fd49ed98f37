import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { addOrganization } from '../model';
import { LocalTransportStore } from '../storage/LocalTransportStore';
import type { RecordBackend } from '../storage/LocalTransportStore';
import { changeRole } from '../membership/membership';
import { exchange, joinByInvite, tableOfTwo, testClient } from '../testkit/workspaces';
import { docListName, WORKSPACE_DOC_ID } from '../protocol/transportLayout';
import { createWorkspaceTransport } from '../membership/workspaceSetup';

await initCrypto();

/** An in-memory record store that reports how many bytes it holds. */
function memoryBackend(): RecordBackend & { bytes(): number } {
  let records: Uint8Array[] = [];
  return {
    readAll: async () => ({ records: [...records], problems: [] }),
    append: async (r) => void records.push(r),
    replaceAll: async (rs) => void (records = [...rs]),
    bytes: () => records.reduce((n, r) => n + r.length, 0),
  };
}

/**
 * Y3: 10 rounds of 200 edits that rewrite the same 20 cards, each edit its own envelope. Returns,
 * after each round, the size of what the relay holds (the transport document), of the local
 * store, and of the plaintext content document itself (Yjs keeps a small tombstone per
 * overwritten map value, so even plaintext grows a little: that is the floor).
 */
async function rounds(compact: boolean) {
  const id = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, id, Date.now());
  const backend = memoryBackend();
  const { store } = await LocalTransportStore.open(transport, backend, new Uint8Array(32).fill(7), workspaceId);
  // Compaction is driven by the test (or, for the control, never happens).
  const client = testClient(workspaceId, transport, id, { compactAbove: Infinity });
  const relay = new Y.Doc();
  const doc = client.workspace.document(WORKSPACE_DOC_ID);
  const ids = Array.from({ length: 20 }, (_, i) => addOrganization(doc, { name: `Org ${i}` }));
  const orgs = doc.getMap<Y.Map<unknown>>('organizations');
  const sizes: Array<{ relay: number; local: number; content: number }> = [];
  for (let round = 0; round < 10; round++) {
    for (let e = 0; e < 200; e++) {
      orgs.get(ids[e % ids.length]!)!.set('name', `Org ${e % ids.length} rev ${round}.${e}`);
      client.clock.tick(); // every edit its own envelope: the worst case for history
    }
    if (compact) client.workspace.compact(64);
    exchange(transport, relay);
    store.compact();
    await store.flush();
    sizes.push({
      relay: Y.encodeStateAsUpdate(relay).length,
      local: backend.bytes(),
      content: Y.encodeStateAsUpdate(doc).length,
    });
  }
  return sizes;
}

describe('Y3: compaction keeps the stored size bounded', () => {
  it('holds at most the plaintext state + 4 KiB after 2,000 edits, where history alone is 15×+ that', async () => {
    const compacted = await rounds(true);
    const raw = await rounds(false);
    const last = compacted[compacted.length - 1]!;
    console.log(
      `Y3 after 2,000 edits: relay ${last.relay} B, local ${last.local} B, plaintext state ${last.content} B; ` +
        `without compaction the relay holds ${raw[raw.length - 1]!.relay} B`,
    );
    for (const round of compacted) {
      // Envelope overhead (nonce, MAC, header, signature), roster, key log and tombstones of the
      // deleted envelopes: a constant, not a function of how many envelopes there were.
      expect(round.relay).toBeLessThanOrEqual(round.content + 4096);
      expect(round.local).toBeLessThanOrEqual(round.content + 4096);
    }
    expect(raw[raw.length - 1]!.relay).toBeGreaterThan(last.content * 15);
  });

  it('holds per author: two members, each compacting only its own envelopes, stay within the state + 8 KiB', () => {
    const adminId = generateIdentity();
    const adminTransport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(adminTransport, adminId, Date.now());
    const joined = joinByInvite(adminTransport, workspaceId, adminId, 'analyst');
    const members = [
      testClient(workspaceId, adminTransport, adminId, { compactAbove: Infinity }),
      testClient(workspaceId, joined.transport, joined.identity, { compactAbove: Infinity }),
    ];
    const relay = new Y.Doc();
    const docs = members.map((m) => m.workspace.document(WORKSPACE_DOC_ID));
    const ids = Array.from({ length: 20 }, (_, i) => addOrganization(docs[0]!, { name: `Org ${i}` }));
    members[0]!.clock.tick();
    for (const m of members) exchange(m.transport, relay);
    for (let round = 0; round < 10; round++) {
      members.forEach((m, k) => {
        const orgs = docs[k]!.getMap<Y.Map<unknown>>('organizations');
        for (let e = 0; e < 100; e++) {
          orgs.get(ids[e % ids.length]!)!.set('name', `Org ${e % ids.length} by ${k}, rev ${round}.${e}`);
          m.clock.tick();
        }
        m.workspace.compact(2);
        exchange(m.transport, relay);
      });
      for (const m of members) {
        m.clock.tick();
        exchange(m.transport, relay);
      }
      const content = Y.encodeStateAsUpdate(docs[0]!).length;
      expect(Y.encodeStateAsUpdate(relay).length).toBeLessThanOrEqual(content + 8192);
    }
    expect(docs[0]!.getMap('organizations').toJSON()).toEqual(docs[1]!.getMap('organizations').toJSON());
    expect(members.flatMap((m) => m.reports)).toEqual([]);
  });

  it('leaves a member who may no longer write uncompacted: every reader would refuse its snapshot and put its envelopes back', () => {
    // Found by the convergence property (issue 12 item 6): a demoted analyst's client compacted.
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    const orgs = member.workspace.document(WORKSPACE_DOC_ID).getMap('organizations');
    for (let i = 0; i < 3; i++) {
      orgs.set(`org-${i}`, `written while an analyst, ${i}`);
      member.clock.tick();
    }
    exchange(member.transport, admin.transport);
    admin.workspace.document(WORKSPACE_DOC_ID);
    changeRole(admin.transport, workspaceId, admin.identity, member.workspace.me, 'observer', Date.now());
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    const list = () => member.transport.getArray(docListName(WORKSPACE_DOC_ID)).length;
    const before = list();

    expect(member.workspace.compact(0)).toBe(0);
    expect(list()).toBe(before);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    expect(admin.reports).toEqual([]);
    expect(admin.workspace.document(WORKSPACE_DOC_ID).getMap('organizations').size).toBe(3);
  });
});
