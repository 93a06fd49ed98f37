import * as Y from 'yjs';

import { sealBundle } from '../bundles';
import { generateIdentity, generateSymmetricKey } from '../crypto';
import type { Identity } from '../crypto';
import { addInvite, completeJoin, coreCompartmentId, createWorkspaceTransport } from '../membership';
import type { Role } from '../membership';
import type { RecordBackend } from '../storage';
import { clockOver } from '../sync';
import { openWorkspace, WorkspaceApi } from '../workspace';
import type { OpenWorkspace, Platform } from '../workspace';
import { HostileClient } from './HostileClient';

/** The host's timers (shared/ declares none: its code takes them as seams; a test kit runs in Node). */
const timers = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
};

/** A platform whose records live in memory (one map per profile), with real timers and no relay. */
export function memoryPlatform(): Platform & { stores: Map<string, Uint8Array[]> } {
  const stores = new Map<string, Uint8Array[]>();
  const backend = (name: string): RecordBackend => ({
    readAll: async () => ({ records: [...(stores.get(name) ?? [])], problems: [] }),
    append: async (record) =>
      void stores
        .set(name, stores.get(name) ?? [])
        .get(name)!
        .push(record),
    replaceAll: async (records) => void stores.set(name, [...records]),
  });
  return {
    WebSocket: class {},
    ...clockOver(
      (fn, ms) => timers.setTimeout(fn, ms),
      (t) => timers.clearTimeout(t),
    ),
    records: (workspaceId, room) => backend(room === undefined ? workspaceId : `${workspaceId}/${room}`),
    stores,
  };
}

/** One member's open workspace over its own in-memory storage, and its API. */
export interface TableMember {
  identity: Identity;
  platform: ReturnType<typeof memoryPlatform>;
  storageKey: Uint8Array;
  ow: OpenWorkspace;
  /** Made on first use: a partner has no room to write in until a compartment lists it. */
  readonly api: WorkspaceApi;
  /** Closes and opens the workspace again from its local copy (as a restart would). */
  reopen(): Promise<void>;
}

export async function openMember(
  workspaceId: string,
  identity: Identity,
  transport?: Y.Doc,
  platform = memoryPlatform(),
  storageKey = generateSymmetricKey(),
): Promise<TableMember> {
  const open = () =>
    openWorkspace(platform, { workspaceId, identity, storageKey, relayUrl: 'ws://127.0.0.1:9', transport });
  let api: WorkspaceApi | null = null;
  const m: TableMember = {
    identity,
    platform,
    storageKey,
    ow: await open(),
    get api() {
      return (api ??= new WorkspaceApi(m.ow.workspace, identity));
    },
    reopen: async () => {
      api?.destroy();
      api = null;
      await m.ow.close();
      transport = undefined;
      m.ow = await open();
    },
  };
  return m;
}

/**
 * A workspace of an admin and members of `roles` (joined by invite before anyone opens it), each
 * open over its own in-memory storage, all in step, no relay: `sync` exchanges directly.
 */
export async function bundleTable(roles: Role[], now = Date.now()) {
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, now - 1000);
  const joined = roles.map((role) => {
    const transport = new Y.Doc();
    const identity = generateIdentity();
    const seed = addInvite(adminTransport, workspaceId, adminId, role, now + 3_600_000, now - 500);
    exchangeDocs(adminTransport, transport);
    completeJoin(transport, workspaceId, seed, identity, now - 400);
    exchangeDocs(adminTransport, transport);
    return { identity, transport };
  });
  const admin = await openMember(workspaceId, adminId, adminTransport);
  const members = [admin];
  for (const j of joined) members.push(await openMember(workspaceId, j.identity, j.transport));
  admin.api.name('Bundle Table', { name: 'Admin Ana', agency: 'HQ' });
  await settle(members);
  members.forEach((m, i) => {
    if (i > 0 && m.ow.workspace.rooms().size > 0) m.api.signProfile({ name: `Member ${i}`, agency: 'Field' });
  });
  await settle(members);
  return { workspaceId, admin, members };
}

/** Brings two Yjs documents to the same state, as a relay round trip would. */
export function exchangeDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'network');
}

/** Every pair of `members` exchanges its directory and the rooms both hold, as over one relay. */
export function syncDirect(members: readonly TableMember[]): void {
  for (let round = 0; round < 2; round++)
    for (const a of members)
      for (const b of members) {
        if (a === b) continue;
        a.ow.workspace.flush();
        b.ow.workspace.flush();
        exchangeDocs(a.ow.transport, b.ow.transport);
        for (const [c, room] of a.ow.workspace.rooms()) {
          const other = b.ow.workspace.room(c);
          if (other) exchangeDocs(room.transport, other.transport);
        }
      }
}

/** Syncs directly, lets timers (key upkeep, settling) run, and again, until nothing moves. */
export async function settle(members: readonly TableMember[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    syncDirect(members);
    await members[0]!.platform.sleep(20);
    for (const m of members) m.ow.upkeep();
  }
  syncDirect(members);
}

/** A patched client of `member` on copies of the directory and core room it really holds. */
export function hostileCopies(member: TableMember, workspaceId: string) {
  const directory = new Y.Doc();
  Y.applyUpdate(directory, Y.encodeStateAsUpdate(member.ow.transport));
  const room = new Y.Doc();
  Y.applyUpdate(room, Y.encodeStateAsUpdate(member.ow.workspace.room(coreCompartmentId(workspaceId))!.transport));
  return { directory, room, hostile: new HostileClient(workspaceId, member.identity, room, directory) };
}

/** A bundle of `directory` and `room` as the core room's section, signed by `from` and sealed to `to`. */
export function sealDirectoryAndCore(workspaceId: string, directory: Y.Doc, room: Y.Doc, from: Identity, to: Identity) {
  return sealBundle(
    {
      kind: 'bundle',
      workspaceId,
      sections: [
        { room: '', data: Y.encodeStateAsUpdate(directory) },
        { room: coreCompartmentId(workspaceId), data: Y.encodeStateAsUpdate(room) },
      ],
    },
    from,
    [to.boxPublicKey],
  );
}
