import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey } from '../crypto';
import {
  addInvite,
  compartmentMembers,
  completeJoin,
  computeRoster,
  createCompartmentEntry,
  createKeyEntry,
  createWorkspaceTransport,
  scopeOf,
  sealLabel,
} from '../membership';
import type { CompartmentKind, Role, Roster } from '../membership';
import { guardSignedRecords } from '../model';
import type { GuardedMap } from '../model';
import { docListName, entryIdOf, KEY_LIST, ownedClientId, ROSTER_LIST, WORKSPACE_DOC_ID } from '../protocol';
import { HostileClient } from './HostileClient';
import { exchange, forgedUnder, testClient } from './workspaces';
import type { TestClient } from './workspaces';

const HOUR = 3_600_000;

/** A test client with a room of its own per compartment (ADR 0012 §5): `rooms` are their transports. */
export interface RoomsClient extends TestClient {
  rooms: Map<string, Y.Doc>;
  /** Every compartment id this client's workspace asked to open, in order. */
  opened: string[];
}

/**
 * An admin's workspace whose members each hold a directory and a room per compartment, synced
 * through one hub document per room (the relay), and a way to make compartments as an admin does.
 */
export function roomsWorld() {
  const now = Date.now();
  const hubs = new Map<string, Y.Doc>();
  const hub = (room: string) => hubs.get(room) ?? hubs.set(room, new Y.Doc()).get(room)!;
  const clients: RoomsClient[] = [];
  const client = (transport: Y.Doc, identity = generateIdentity()): RoomsClient => {
    const rooms = new Map<string, Y.Doc>();
    const opened: string[] = [];
    const c = testClient(workspaceId, transport, identity, {
      openRoom: (id) => {
        opened.push(id);
        return rooms.get(id) ?? rooms.set(id, new Y.Doc()).get(id)!;
      },
      closeRoom: (id) => void rooms.delete(id),
    });
    const withRooms = Object.assign(c, { rooms, opened });
    clients.push(withRooms);
    return withRooms;
  };
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, now);
  const admin = client(adminTransport, adminId);
  /** Three rounds of every client exchanging its directory and each room it holds with the hub. */
  const sync = () => {
    for (let round = 0; round < 3; round++)
      for (const c of clients) {
        c.clock.tick();
        exchange(c.transport, hub(''));
        for (const [id, doc] of c.rooms) exchange(doc, hub(id));
      }
  };
  const join = (role: Role): RoomsClient => {
    const seed = addInvite(admin.transport, workspaceId, admin.identity, role, now + HOUR, now);
    sync();
    const t = new Y.Doc();
    exchange(hub(''), t);
    const identity = generateIdentity();
    completeJoin(t, workspaceId, seed, identity, Date.now());
    const c = client(t, identity);
    sync();
    return c;
  };
  /**
   * `by` (an admin) makes a compartment and wraps its epoch-0 key for each of its members, in one
   * transaction of its directory, labelled `text`. Returns its id and the key (for tests of what a leak would allow).
   */
  const createCompartment = (
    by: TestClient,
    kind: CompartmentKind,
    members: string[],
    text: { title: string; marking: string } = { title: `${kind} ${members.length}`, marking: 'TLP:AMBER' },
  ) => {
    const key = generateSymmetricKey();
    const label = sealLabel(workspaceId, key, 0, text);
    const rosterList = by.transport.getArray<Uint8Array>(ROSTER_LIST);
    const heads = computeRoster(workspaceId, rosterList.toArray()).heads;
    const entry = createCompartmentEntry(workspaceId, by.identity, kind, members, label, Date.now(), heads);
    const id = entryIdOf(entry);
    const after = computeRoster(workspaceId, [...rosterList.toArray(), entry]);
    const wraps = [...compartmentMembers(after, id)].map((m) =>
      createKeyEntry(workspaceId, 0, key, after.members.get(m)!, by.identity, id),
    );
    by.transport.transact(() => {
      rosterList.push([entry]);
      by.transport.getArray<Uint8Array>(KEY_LIST).push(wraps);
    });
    return { id, key };
  };
  /** A red-team client of `c` writing into its room `room`'s transport, reading its directory. */
  const hostileIn = (c: RoomsClient, room: string) =>
    new HostileClient(workspaceId, c.identity, c.rooms.get(room) ?? new Y.Doc(), c.transport);
  /**
   * A patched client `c`'s raw edits of the `workspace` document of a room it holds: each edit is made
   * under `c`'s own Yjs client id for `replica`, sealed as `c` through HostileClient (next seq, the
   * room's current epoch), sent, and synced. What a hostile member can write, with nothing checked.
   */
  const hostileWriter = (c: RoomsClient, replica: number) => {
    let seq = 1;
    return (room: string, edit: (doc: Y.Doc) => void) => {
      const hostile = hostileIn(c, room);
      const doc = c.workspace.room(room)!.document(WORKSPACE_DOC_ID);
      const update = forgedUnder(doc, ownedClientId(c.identity.signPublicKey, WORKSPACE_DOC_ID, replica, 0), edit);
      const scope = scopeOf(workspaceId, room);
      const epoch = hostile.key(undefined, scope).epoch;
      hostile.append(docListName(WORKSPACE_DOC_ID), [
        hostile.sealUpdate({ keyScope: scope, replica, seq: seq++, epoch }, [update]),
      ]);
      sync();
    };
  };
  /**
   * Guards the signed-record maps `guards` names in `c`'s `workspace` document of each room in `rooms`,
   * as OpenWorkspace does (on `c`'s clock). Returns the list every record id put back is added to.
   */
  const guardRooms = (
    c: RoomsClient,
    rooms: string[],
    guards: (roster: () => Roster, compartmentId: string, doc: Y.Doc) => GuardedMap[],
  ): string[] => {
    const restored: string[] = [];
    for (const room of rooms) {
      const doc = c.workspace.room(room)!.document(WORKSPACE_DOC_ID);
      guardSignedRecords(
        doc,
        guards(() => c.workspace.roster, room, doc),
        (fn) => c.clock.schedule(fn),
        (_map, ids) => restored.push(...ids),
      );
    }
    return restored;
  };
  return { now, workspaceId, admin, clients, hub, sync, join, createCompartment, hostileIn, hostileWriter, guardRooms };
}
