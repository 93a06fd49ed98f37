import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';

import { generateSymmetricKey, initCrypto } from '../crypto';
import { coreCompartmentId, scopeOf } from '../membership';
import { addOrganization, ORGS } from '../model';
import { docListName, ownedClientId, WORKSPACE_DOC_ID } from '../protocol';
import { BoardCache, openBoardCache, sealBoardCache } from '../storage';
import type { RecordBackend } from '../storage';
import { forgedUnder } from '../testkit/workspaces';
import { roomsWorld } from '../testkit/roomsWorld';
import { boardSnapshot, firstScreen } from './boardSnapshot';
import { WorkspaceApi } from './WorkspaceApi';

await initCrypto();

const names = (lanes: ReturnType<typeof firstScreen>) => lanes.flatMap((l) => l.cards.map((c) => c.name)).sort();

/**
 * An admin, an honest analyst (whose cache is written) and a hostile analyst whose patched client
 * writes what it likes into the core room; a restricted compartment holds the admin alone.
 */
function table() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const evilClient = w.join('analyst');
  const secret = w.createCompartment(w.admin, 'restricted', []).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity);
  return { w, core, secret, admin, analyst, analystClient, evilClient };
}

describe('the board cache holds only what this member’s own verified board showed (ADR 0022)', () => {
  it('a hostile member’s forged or tampered envelopes and a compartment not held never reach it', () => {
    const t = table();
    t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.admin.board.addOrganization({ name: 'Org Heron', compartmentId: t.secret });
    t.w.sync();
    const hostile = t.w.hostileIn(t.evilClient, t.core);
    const doc = t.evilClient.workspace.room(t.core)!.document(WORKSPACE_DOC_ID);
    const scope = scopeOf(t.w.workspaceId, t.core);
    const epoch = hostile.key(undefined, scope).epoch;
    const adminKey = t.w.admin.identity.signPublicKey;
    // A card claimed as the admin's (the admin's own Yjs client id and author), signed by the hostile member.
    const asAdmin = forgedUnder(doc, ownedClientId(adminKey, WORKSPACE_DOC_ID, 9, 0), (d) =>
      addOrganization(d, { name: 'Org Mirage' }),
    );
    // A card under the hostile member's own id, sealed by it, then altered in transit.
    const tampered = hostile.sealUpdate({ keyScope: scope, replica: 7, seq: 1, epoch }, [
      forgedUnder(doc, ownedClientId(hostile.identity.signPublicKey, WORKSPACE_DOC_ID, 7, 0), (d) =>
        addOrganization(d, { name: 'Org Tampered' }),
      ),
    ]);
    tampered[tampered.length - 5]! ^= 1;
    hostile.append(docListName(WORKSPACE_DOC_ID), [
      hostile.sealUpdate({ keyScope: scope, replica: 9, seq: 1, epoch, author: adminKey }, [asAdmin]),
      tampered,
    ]);
    t.w.sync();
    // The control: what the hostile member signs as itself is verified, and its board shows it.
    t.w.hostileWriter(t.evilClient, 5)(t.core, (d) => addOrganization(d, { name: 'Org Kestrel' }));

    const snapshot = boardSnapshot(t.analyst, t.analystClient.workspace, t.w.workspaceId, 1_000);
    // Exactly the analyst's live board, card for card: nothing added, nothing from elsewhere.
    expect(snapshot.lanes).toEqual(firstScreen(t.analyst.board.read(), t.analyst.votes.priorities()));
    expect(names(snapshot.lanes)).toEqual(['Org Falcon', 'Org Kestrel']);
    expect(snapshot.rooms.map((r) => r.compartmentId)).toEqual([t.core]);
    // The admin's board holds the restricted card; the analyst's cache never does.
    expect(names(firstScreen(t.admin.board.read(), new Map()))).toEqual(['Org Falcon', 'Org Heron', 'Org Kestrel']);
  });

  it('a cache written by anyone else (the hostile member, with its own key) does not open as this member’s', async () => {
    const t = table();
    t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    const mine = generateSymmetricKey();
    const theirs = generateSymmetricKey();
    const planted = boardSnapshot(t.analyst, t.analystClient.workspace, t.w.workspaceId, 1_000);
    planted.lanes[0]!.cards[0]!.name = 'Org Planted';
    let records: Uint8Array[] = [sealBoardCache(theirs, planted)];
    const backend: RecordBackend = {
      readAll: async () => ({ records, problems: [] }),
      append: async (r) => void records.push(r),
      replaceAll: async (rs) => void (records = rs),
    };
    const cache = new BoardCache(backend, mine, t.w.workspaceId);
    expect(await cache.read()).toBeNull();
    expect(openBoardCache(mine, t.w.workspaceId, records[0]!)).toBeNull();
    const honest = boardSnapshot(t.analyst, t.analystClient.workspace, t.w.workspaceId, 2_000);
    await cache.write(honest);
    expect(names((await cache.read())!.lanes)).toEqual(['Org Falcon']);
  });
});

describe('a hostile member cannot take the board cache away from the others', () => {
  it('a card with an overlong name or repeated activities still leaves a cache that opens, the others’ cards in it', () => {
    const t = table();
    t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    // A patched client signs, as itself, what the honest editor never writes.
    t.w.hostileWriter(t.evilClient, 5)(t.core, (d) => {
      const long = d.getMap(ORGS).get(addOrganization(d, { name: 'Org Long' })) as Y.Map<unknown>;
      long.set('name', 'X'.repeat(5_000));
      long.set('leadAgency', 'L'.repeat(5_000));
      const many = d.getMap(ORGS).get(addOrganization(d, { name: 'Org Many' })) as Y.Map<unknown>;
      many.set(
        'activities',
        Array.from({ length: 40 }, () => 'drugs'),
      );
    });
    const key = generateSymmetricKey();
    const snapshot = boardSnapshot(t.analyst, t.analystClient.workspace, t.w.workspaceId, 1_000);
    const opened = openBoardCache(key, t.w.workspaceId, sealBoardCache(key, snapshot));
    expect(opened).not.toBeNull();
    expect(names(opened!.lanes)).toContain('Org Falcon');
  });
});
