import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

import { generateSymmetricKey, identityFromSeed, initCrypto, memberIdOf } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import {
  addInvite,
  computeRoster,
  coreCompartmentId,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentRemoveEntry,
  sealLabel,
} from '../shared/membership';
import type { CompartmentKind } from '../shared/membership';
import { createRelayAuth, entryIdOf, MESSAGE_STATE_QUERY, ROSTER_LIST } from '../shared/protocol';
import { RelayConnection } from '../shared/sync';
import { connectRelay, nodePlatform } from '../cli';
import type { Relay } from './Relay';
import { DIRECTORY_HOLDS_CONTENT } from './RelayAccess';
import { relayKit, rosterOnNoRelay } from './testkit/relayKit';
import { wireCapture } from './wireCapture';

await initCrypto();

const HOUR = 3_600_000;

const { cleanup, relay } = relayKit('relay-');

/**
 * A workspace built with the roster's own entry creators, each signed by a real identity: an admin,
 * an analyst, two partners (a sheriff's office and a police department), a releasable compartment
 * the sheriff is in, and a restricted one the admin and the analyst are in. The admin's copy of the
 * directory is `transport`.
 */
function workspace() {
  const { workspaceId, transport, admin, join } = rosterOnNoRelay();
  const analyst = join('analyst');
  const sheriff = join('partner');
  const police = join('partner');
  /** Appends an entry signed over the admin copy's heads; returns its id. */
  const write = (make: (prev: string[]) => Uint8Array): string => {
    const entry = make(computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray()).heads);
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    return entryIdOf(entry);
  };
  const create = (kind: CompartmentKind, members: Identity[]) =>
    write((prev) =>
      createCompartmentEntry(
        workspaceId,
        admin,
        kind,
        members.map(memberIdOf),
        sealLabel(workspaceId, generateSymmetricKey(), 0, { title: 'x', marking: 'TLP:AMBER' }),
        Date.now(),
        prev,
      ),
    );
  const releasable = create('releasable', [sheriff]);
  const restricted = create('restricted', [analyst]);
  const takeOut = (compartment: string, member: Identity) =>
    write((prev) =>
      createCompartmentRemoveEntry(workspaceId, admin, compartment, memberIdOf(member), 1, Date.now(), { prev }),
    );
  const core = coreCompartmentId(workspaceId);
  return { workspaceId, transport, admin, analyst, sheriff, police, core, releasable, restricted, write, takeOut };
}

/** Opens the admin's directory on the relay (its connection carries the genesis), and waits until the relay holds it. */
async function hosted(r: Relay) {
  const w = workspace();
  const c = connectRelay(r.url, w.workspaceId, w.transport, w.admin);
  cleanup.push(() => c.destroy());
  await c.upToDate(5000);
  return { ...w, directory: c };
}

const query = (auth: object) =>
  Object.entries(auth)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The upgrade URL of `room` as `identity`, with `w` when given: what RelayConnection builds. */
const roomUrl = (r: Relay | { url: string }, room: string, identity: Identity, w?: string) =>
  `${r.url}/${room}?${w === undefined ? '' : `w=${w}&`}${query(createRelayAuth(room, identity, Date.now()))}`;

interface Served {
  ws: WebSocket;
  /** The close code and reason the relay ends this socket with. */
  closed: Promise<[number, string]>;
}

/**
 * A raw socket to a room: served (the relay sent it anything: a refused socket is closed before
 * any frame), or refused with the close code (4000 + status) and reason.
 */
function attempt(url: string): Promise<Served | [number, string]> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    cleanup.push(() => ws.terminate());
    const closed = new Promise<[number, string]>((done) => ws.on('close', (code, why) => done([code, why.toString()])));
    ws.on('open', () => ws.send(new Uint8Array([MESSAGE_STATE_QUERY])));
    ws.once('message', () => resolve({ ws, closed }));
    ws.on('close', (code, why) => resolve([code, why.toString()]));
    ws.on('error', () => {});
  });
}

async function served(url: string): Promise<Served> {
  const result = await attempt(url);
  if (Array.isArray(result)) throw new Error(`refused: ${result.join(' ')}`);
  return result;
}

/** Resolves with the next state answer on a served socket: it is still open and served. */
const answers = (s: Served) =>
  new Promise<boolean>((resolve) => {
    s.ws.on('message', (data: Buffer) => data[0] === MESSAGE_STATE_QUERY && resolve(true));
    s.ws.send(new Uint8Array([MESSAGE_STATE_QUERY]));
  });

const NOT_IN = [4403, 'not a member of this compartment'];
const TAKEN_OUT = [4403, 'no longer a member of this compartment'];

describe('compartment rooms at the relay (ADR 0012 §4)', () => {
  it('the relay refuses a partner’s upgrade to a compartment it is not in, and closes its socket when it is taken out', async () => {
    const r = await relay();
    const w = await hosted(r);
    const directory = await served(roomUrl(r, w.workspaceId, w.sheriff));
    const releasable = await served(roomUrl(r, w.releasable, w.sheriff, w.workspaceId));
    // Not in the core, nor in the restricted compartment; the other partner is not in the releasable one.
    expect(await attempt(roomUrl(r, w.core, w.sheriff, w.workspaceId))).toEqual(NOT_IN);
    expect(await attempt(roomUrl(r, w.restricted, w.sheriff, w.workspaceId))).toEqual(NOT_IN);
    expect(await attempt(roomUrl(r, w.releasable, w.police, w.workspaceId))).toEqual(NOT_IN);

    w.takeOut(w.releasable, w.sheriff);
    await w.directory.upToDate(5000);
    expect(await releasable.closed).toEqual(TAKEN_OUT);
    expect(await answers(directory), 'its directory socket stays').toBe(true);
    expect(await attempt(roomUrl(r, w.releasable, w.sheriff, w.workspaceId))).toEqual(NOT_IN);
  });

  it('admits an analyst to the core and releasable rooms and a restricted one it is in, and refuses it at one it is not in', async () => {
    const r = await relay();
    const w = await hosted(r);
    const other = w.write((prev) =>
      createCompartmentEntry(
        w.workspaceId,
        w.admin,
        'restricted',
        [],
        sealLabel(w.workspaceId, generateSymmetricKey(), 0, { title: 'source', marking: 'TLP:RED' }),
        Date.now(),
        prev,
      ),
    );
    await w.directory.upToDate(5000);
    for (const room of [w.core, w.releasable, w.restricted]) await served(roomUrl(r, room, w.analyst, w.workspaceId));
    expect(await attempt(roomUrl(r, other, w.analyst, w.workspaceId))).toEqual(NOT_IN);
    // Its creator is in it; and the relay opened each of these rooms for the first member who came.
    await served(roomUrl(r, other, w.admin, w.workspaceId));
  });

  it('through RelayConnection: a content room syncs with `w`, and a member taken out is refused for good', async () => {
    const r = await relay();
    const w = await hosted(r);
    const mine = new Y.Doc();
    mine.getArray<Uint8Array>('doc:workspace').push([new Uint8Array([1, 2, 3])]);
    const sheriff = RelayConnection.forRoom(r.url, w.workspaceId, w.releasable, mine, w.sheriff, nodePlatform);
    cleanup.push(() => sheriff.destroy());
    await sheriff.upToDate(5000);
    const theirs = new Y.Doc();
    const analyst = RelayConnection.forRoom(r.url, w.workspaceId, w.releasable, theirs, w.analyst, nodePlatform);
    cleanup.push(() => analyst.destroy());
    await analyst.upToDate(5000);
    expect(theirs.getArray('doc:workspace').length).toBe(1);

    const closed = new Promise((resolve) => sheriff.provider.once('connection-close', resolve));
    w.takeOut(w.releasable, w.sheriff);
    await w.directory.upToDate(5000);
    await closed;
    expect(sheriff.lastClose).toBe('no longer a member of this compartment');
    await expect(sheriff.upToDate(10_000)).rejects.toThrow('the relay refused: not a member of this compartment');
  });

  it('refuses invite keys at content rooms, a wrong `w`, and a directory named as a compartment', async () => {
    const r = await relay();
    const w = await hosted(r);
    const seed = addInvite(w.transport, w.workspaceId, w.admin, 'analyst', Date.now() + HOUR, Date.now());
    await w.directory.upToDate(5000);
    const invite = identityFromSeed(seed);
    await served(roomUrl(r, w.workspaceId, invite));
    expect(await attempt(roomUrl(r, w.core, invite, w.workspaceId))).toEqual(NOT_IN);

    const elsewhere = await hosted(r);
    expect(await attempt(roomUrl(r, w.core, w.analyst, elsewhere.workspaceId))).toEqual([4404, 'no such compartment']);
    expect(await attempt(roomUrl(r, w.core, w.analyst, coreCompartmentId(w.core)))).toEqual([
      4404,
      'no such workspace on this relay',
    ]);
    expect(await attempt(roomUrl(r, w.core, w.analyst, 'not-a-workspace'))).toEqual([4404, 'no such workspace']);
    expect(await attempt(roomUrl(r, elsewhere.workspaceId, w.analyst, w.workspaceId))).toEqual([
      4404,
      'this room is a workspace directory, not a compartment',
    ]);
    // A content room named without `w` is taken for a directory nobody created: no genesis can hash to its id.
    expect(await attempt(roomUrl(r, w.core, w.analyst))).toEqual([4404, 'no such workspace on this relay']);
  });

  it('a hostile member’s forged compartment-add admits nobody', async () => {
    const r = await relay();
    const w = await hosted(r);
    // The analyst signs an add of the other partner, and one naming the admin as its signer.
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(w.transport));
    const heads = computeRoster(w.workspaceId, mine.getArray(ROSTER_LIST).toArray()).heads;
    const byAnalyst = createCompartmentAddEntry(
      w.workspaceId,
      w.analyst,
      w.releasable,
      memberIdOf(w.police),
      Date.now(),
      heads,
    );
    const asAdmin = createCompartmentAddEntry(
      w.workspaceId,
      { ...w.analyst, signPublicKey: w.admin.signPublicKey },
      w.releasable,
      memberIdOf(w.police),
      Date.now(),
      heads,
    );
    mine.getArray<Uint8Array>(ROSTER_LIST).push([byAnalyst, asAdmin]);
    const hostile = connectRelay(r.url, w.workspaceId, mine, w.analyst);
    cleanup.push(() => hostile.destroy());
    await hostile.upToDate(5000);
    expect(await attempt(roomUrl(r, w.releasable, w.police, w.workspaceId))).toEqual(NOT_IN);
  });

  it('a `roster` list written into a content room closes nobody', async () => {
    const r = await relay();
    const w = await hosted(r);
    const analyst = await served(roomUrl(r, w.core, w.analyst, w.workspaceId));
    const sheriff = await served(roomUrl(r, w.releasable, w.sheriff, w.workspaceId));
    // A hostile member writes a roster list into the core room: the workspace's own genesis, and junk.
    const hostileCopy = new Y.Doc();
    hostileCopy.getArray(ROSTER_LIST).push([w.transport.getArray(ROSTER_LIST).get(0), new Uint8Array([7])]);
    const hostile = RelayConnection.forRoom(r.url, w.workspaceId, w.core, hostileCopy, w.analyst, nodePlatform);
    cleanup.push(() => hostile.destroy());
    await hostile.upToDate(5000);
    // Read as a roster, it would admit no one in the room (its id is no workspace's). Then a real
    // change in the directory, settled after the hostile write would have been: only it closes a socket.
    w.takeOut(w.releasable, w.sheriff);
    await w.directory.upToDate(5000);
    const first = await Promise.race([
      sheriff.closed.then((why) => ['sheriff', ...why]),
      analyst.closed.then((why) => ['analyst', ...why]),
    ]);
    expect(first).toEqual(['sheriff', ...TAKEN_OUT]);
    expect(await answers(analyst)).toBe(true);
    expect(hostile.status).toBe('connected');
  });

  it('refuses partners at a directory that still holds content, and admits them once it is moved out', async () => {
    const r = await relay();
    const w = await hosted(r);
    const content = w.transport.getArray<Uint8Array>('doc:workspace');
    content.push([new Uint8Array([1])]);
    const partnerSeed = addInvite(w.transport, w.workspaceId, w.admin, 'partner', Date.now() + HOUR, Date.now());
    await w.directory.upToDate(5000);
    const refused = [4403, DIRECTORY_HOLDS_CONTENT];
    expect(await attempt(roomUrl(r, w.workspaceId, w.sheriff))).toEqual(refused);
    expect(await attempt(roomUrl(r, w.workspaceId, identityFromSeed(partnerSeed))), 'a partner invite').toEqual(
      refused,
    );
    await served(roomUrl(r, w.workspaceId, w.analyst));
    // Its content rooms are open to it meanwhile: they hold nothing of the directory's.
    await served(roomUrl(r, w.releasable, w.sheriff, w.workspaceId));

    content.delete(0, 1);
    await w.directory.upToDate(5000);
    await served(roomUrl(r, w.workspaceId, w.sheriff));
  });

  it('never sends a content room’s envelopes to a socket of the directory', async () => {
    const r = await relay();
    const w = await hosted(r);
    const partnerWire = await wireCapture(r.port);
    cleanup.push(() => partnerWire.close());
    const analystWire = await wireCapture(r.port);
    cleanup.push(() => analystWire.close());
    const partnerCopy = new Y.Doc();
    const sheriff = connectRelay(partnerWire.url, w.workspaceId, partnerCopy, w.sheriff);
    cleanup.push(() => sheriff.destroy());
    await sheriff.upToDate(5000);

    const core = new Y.Doc();
    const marker = `core-only-${Math.random().toString(36).slice(2)}`;
    core.getArray<Uint8Array>('doc:workspace').push([new TextEncoder().encode(marker)]);
    const analyst = RelayConnection.forRoom(analystWire.url, w.workspaceId, w.core, core, w.analyst, nodePlatform);
    cleanup.push(() => analyst.destroy());
    await analyst.upToDate(5000);
    // A second core member reads it from the relay: the control that the marker crosses a wire at all.
    const reader = RelayConnection.forRoom(analystWire.url, w.workspaceId, w.core, new Y.Doc(), w.admin, nodePlatform);
    cleanup.push(() => reader.destroy());
    await reader.upToDate(5000);
    w.transport.getMap('probe').set('after', true);
    await w.directory.upToDate(5000);
    await sheriff.upToDate(5000);

    const seen = (wire: typeof partnerWire) => wire.payloads().some((p) => p.includes(marker));
    expect(seen(analystWire)).toBe(true);
    expect(partnerCopy.getMap('probe').get('after')).toBe(true);
    expect(seen(partnerWire)).toBe(false);
  });
});
