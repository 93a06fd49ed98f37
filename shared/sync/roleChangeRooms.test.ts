import { describe, expect, it } from 'vitest';

import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { docListName, encodeUpdateBatch, ownedClientIds } from '../protocol';
import { addToCompartment, changeRole, coreCompartmentId, removeMember } from '../membership';
import { roomsWorld } from '../testkit/roomsWorld';
import type { RoomsClient } from '../testkit/roomsWorld';

await initCrypto();

const orgsIn = (c: RoomsClient, room: string) => c.workspace.room(room)!.document('workspace').getMap('orgs').toJSON();

/** An analyst who wrote in the core, a releasable and a restricted compartment, each in its own room. */
function wrote() {
  const w = roomsWorld();
  const analyst = w.join('analyst');
  const sheriff = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]);
  const restricted = w.createCompartment(w.admin, 'restricted', [analyst.workspace.me]);
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  for (const room of [core, released.id, restricted.id])
    analyst.workspace.room(room)!.document('workspace').getMap('orgs').set(room, 'written by the analyst');
  analyst.workspace.flush();
  w.sync();
  const rooms = (id: string) => w.admin.workspace.room(id)?.transport;
  return { w, analyst, core, released: released.id, restricted: restricted.id, rooms };
}

/** A newcomer reads every room from scratch: what every reader judges after the change. */
function newcomerSees(w: ReturnType<typeof roomsWorld>, rooms: string[], restricted: string) {
  const late = w.join('analyst');
  addToCompartment(w.admin.transport, w.workspaceId, w.admin.identity, restricted, late.workspace.me, Date.now());
  w.sync();
  for (const room of rooms) late.workspace.room(room)!.document('workspace');
  w.sync();
  return { late, seen: rooms.map((room) => Object.keys(orgsIn(late, room))) };
}

describe('role changes and removals with rooms (ADR 0012 §3)', () => {
  it("a member made observer keeps what it wrote in every compartment's room, and nothing it seals later counts", () => {
    const { w, analyst, core, released, restricted, rooms } = wrote();
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, analyst.workspace.me, 'observer', Date.now(), rooms);
    w.sync();
    const { late, seen } = newcomerSees(w, [core, released, restricted], restricted);
    expect(seen).toEqual([[core], [released], [restricted]]);
    expect(late.reports).toEqual([]);
    // Its patched client seals a later edit under the key it wrote with before: beyond its cut there.
    const edit = new Y.Doc();
    edit.clientID = ownedClientIds(analyst.identity.signPublicKey, 'workspace', analyst.workspace.replica)[0]!;
    edit.getMap('orgs').set('later', 'written as an observer');
    const late2 = w
      .hostileIn(analyst, released)
      .seal(
        { keyScope: released, epoch: 0, replica: analyst.workspace.replica, seq: 99 },
        encodeUpdateBatch([Y.encodeStateAsUpdate(edit)]),
        w.hostileIn(analyst, released).key(0, released).key,
      );
    late.rooms.get(released)!.getArray(docListName('workspace')).push([late2]);
    expect(Object.keys(orgsIn(late, released))).toEqual([released]);
    expect(late.reports.map((r) => r.code)).toEqual(['beyond-cut']);
  });

  it("a removed member's writes before its removal stay applied in the core's and each compartment's room", () => {
    const { w, analyst, core, released, restricted, rooms } = wrote();
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, analyst.workspace.me, Date.now(), { rooms });
    w.sync();
    const { late, seen } = newcomerSees(w, [core, released, restricted], restricted);
    expect(seen).toEqual([[core], [released], [restricted]]);
    expect(late.reports).toEqual([]);
  });
});
