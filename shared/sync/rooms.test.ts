import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateSymmetricKey, initCrypto } from '../crypto';
import { coreCompartmentId, createCompartmentRemoveEntry } from '../membership/compartments';
import { computeRoster } from '../membership/computeRoster';
import { createKeyEntry } from '../membership/keyLog';
import { encodeUpdateBatch } from '../protocol';
import { docListName, KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { roomsWorld } from '../testkit/roomsWorld';

await initCrypto();

const orgs = (doc: Y.Doc) => doc.getMap('orgs').toJSON();
const update = (edit: (d: Y.Doc) => void) => {
  const d = new Y.Doc();
  edit(d);
  return Y.encodeStateAsUpdate(d);
};

/** An admin, an analyst, a partner in a releasable compartment and a partner outside it. */
function team() {
  const w = roomsWorld();
  const analyst = w.join('analyst');
  const sheriff = w.join('partner');
  const police = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]);
  w.sync();
  return { w, analyst, sheriff, police, released };
}

describe('rooms (ADR 0012 §5)', () => {
  it('two members of a releasable compartment converge through its room; a partner outside it never opens it', () => {
    const { w, sheriff, police, released } = team();
    const core = coreCompartmentId(w.workspaceId);
    expect([...w.admin.workspace.rooms().keys()].sort()).toEqual([core, released.id].sort());
    expect([...sheriff.workspace.rooms().keys()]).toEqual([released.id]);
    w.admin.workspace.room(released.id)!.document('workspace').getMap('orgs').set('o1', 'Org Falcon');
    sheriff.workspace.room(released.id)!.document('workspace').getMap('orgs').set('o2', 'Org Heron');
    w.sync();
    const expected = { o1: 'Org Falcon', o2: 'Org Heron' };
    expect(orgs(w.admin.workspace.room(released.id)!.document('workspace'))).toEqual(expected);
    expect(orgs(sheriff.workspace.room(released.id)!.document('workspace'))).toEqual(expected);
    // The partner outside it asked for no room at all: neither the compartment's nor the core's.
    expect(police.opened).toEqual([]);
    expect(police.workspace.rooms().size).toBe(0);
    expect(sheriff.opened).not.toContain(core);
    // Core content stays in the core room: the released room's transport never holds its list.
    w.admin.workspace.document('workspace').getMap('orgs').set('core', 'core only');
    w.sync();
    expect(w.hub(released.id).getArray(docListName('workspace')).length).toBe(2);
    expect(w.hub(core).getArray(docListName('workspace')).length).toBe(1);
    expect(w.admin.reports).toEqual([]);
    expect(sheriff.reports).toEqual([]);
  });

  it("refuses an envelope moved into another compartment's room (wrong-scope), never applying it", () => {
    const { w, analyst, released } = team();
    const core = coreCompartmentId(w.workspaceId);
    w.admin.workspace.room(released.id)!.document('workspace').getMap('orgs').set('o1', 'released');
    w.sync();
    const moved = w.hub(released.id).getArray<Uint8Array>(docListName('workspace')).get(0);
    const coreList = analyst.rooms.get(core)!.getArray<Uint8Array>(docListName('workspace'));
    coreList.push([moved]);
    expect(orgs(analyst.workspace.document('workspace'))).toEqual({});
    expect(analyst.reports.map((r) => r.code)).toEqual(['wrong-scope']);
  });

  it("holds back a non-member's envelope in a compartment's room, even under its key (outside-compartment)", () => {
    const { w, police, released } = team();
    // The police partner got the key somehow and writes into the room through a patched relay.
    const hostile = w.hostileIn(police, released.id);
    const edit = update((d) => d.getMap('orgs').set('x', 'forged'));
    const sealed = hostile.seal({ keyScope: released.id, epoch: 0 }, encodeUpdateBatch([edit]), released.key);
    const room = w.admin.rooms.get(released.id)!;
    room.getArray(docListName('workspace')).push([sealed]);
    expect(orgs(w.admin.workspace.room(released.id)!.document('workspace'))).toEqual({});
    expect(w.admin.reports.map((r) => r.code)).toEqual(['outside-compartment']);
  });

  it("holds back a partner's envelope in the core room, even under a core key it kept (it joined before compartments)", () => {
    const { w, sheriff } = team();
    const core = coreCompartmentId(w.workspaceId);
    // A partner who joined before compartments held the core's keys; a patched relay forwards its edit to the core room.
    const kept = w.hostileIn(w.admin, core).key(0).key;
    const edit = update((d) => d.getMap('orgs').set('x', 'written by a partner'));
    const sealed = w.hostileIn(sheriff, core).seal({ keyScope: '', epoch: 0 }, encodeUpdateBatch([edit]), kept);
    w.admin.rooms.get(core)!.getArray(docListName('workspace')).push([sealed]);
    expect(orgs(w.admin.workspace.document('workspace'))).toEqual({});
    expect(w.admin.reports.map((r) => r.code)).toEqual(['outside-compartment']);
  });

  it("refuses a former member's envelope beyond its cut in the compartment (beyond-cut), keeping what it wrote before", () => {
    const { w, analyst } = team();
    const restricted = w.createCompartment(w.admin, 'restricted', [analyst.workspace.me]);
    w.sync();
    const replica = analyst.workspace.replica;
    analyst.workspace.room(restricted.id)!.document('workspace').getMap('orgs').set('before', 'written while in it');
    w.sync();
    // The admin takes the analyst out: the cut names seq 1 of its replica, and the key rotates.
    const roster = computeRoster(w.workspaceId, w.admin.transport.getArray(ROSTER_LIST).toArray());
    const cut = { workspace: { [String(replica)]: 1 } };
    const remove = createCompartmentRemoveEntry(
      w.workspaceId,
      w.admin.identity,
      restricted.id,
      analyst.workspace.me,
      1,
      Date.now(),
      {
        prev: roster.heads,
        cut,
      },
    );
    const next = generateSymmetricKey();
    const adminPublic = roster.members.get(w.admin.workspace.me)!;
    w.admin.transport.transact(() => {
      w.admin.transport.getArray(ROSTER_LIST).push([remove]);
      w.admin.transport
        .getArray(KEY_LIST)
        .push([createKeyEntry(w.workspaceId, 1, next, adminPublic, w.admin.identity, restricted.id)]);
    });
    // Before syncing the directory, the hostile analyst writes seq 2 under the old key.
    const hostile = w.hostileIn(analyst, restricted.id);
    const edit = update((d) => d.getMap('orgs').set('after', 'written after leaving'));
    const late = hostile.seal(
      { keyScope: restricted.id, epoch: 0, replica, seq: 2 },
      encodeUpdateBatch([edit]),
      restricted.key,
    );
    const room = w.admin.rooms.get(restricted.id)!;
    room.getArray(docListName('workspace')).push([late]);
    const doc = w.admin.workspace.room(restricted.id)!.document('workspace');
    expect(orgs(doc)).toEqual({ before: 'written while in it' });
    expect(w.admin.reports.map((r) => r.code)).toContain('beyond-cut');
    expect(w.admin.reports.map((r) => r.code)).not.toContain('outside-compartment');
    // The analyst's client closed the room once the roster took it out.
    w.sync();
    expect(analyst.workspace.room(restricted.id)).toBeUndefined();
    expect(analyst.rooms.has(restricted.id)).toBe(false);
  });
});
