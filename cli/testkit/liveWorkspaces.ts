import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as Y from 'yjs';

import { generateIdentity } from '../../shared/crypto';
import type { Identity } from '../../shared/crypto';
import { canonicalJson, documentJson } from '../../shared/model';
import { addInvite, coreCompartmentId, createWorkspaceTransport } from '../../shared/membership';
import { joinByToken, RelayConnection, SecureWorkspace } from '../../shared/sync';
import { HostileClient } from '../../shared/testkit';
import { WORKSPACE_DOC_ID } from '../../shared/protocol';
import type { EncryptedPresence } from '../../shared/presence';
import type { SyncReport } from '../../shared/sync';
import type { Role } from '../../shared/membership';
import { startRelay } from '../../relay';
import type { Relay } from '../../relay';
import { connectRelay, nodePlatform } from '../nodePlatform';

/** A member with a live connection: what the desktop app is, minus the UI. For tests and benches. */
export interface LiveMember {
  identity: Identity;
  transport: Y.Doc;
  workspace: SecureWorkspace;
  connection: RelayConnection;
  presence: EncryptedPresence;
  reports: SyncReport[];
  /** The workspace document as canonical JSON. */
  state(): string;
  /** With rooms of their own (ADR 0012 §5): each room's connection, by compartment id. */
  rooms: Map<string, RelayConnection>;
  /** Waits until the relay holds the directory and every room as this member does. */
  upToDate(timeoutMs: number): Promise<void>;
  close(): void;
}

export async function tempRelay(
  dataDir = mkdtempSync(join(tmpdir(), 'unity-relay-')),
  port = 0,
): Promise<Relay & { dataDir: string }> {
  const relay = await startRelay({ host: '127.0.0.1', port, dataDir });
  return Object.assign(relay, { dataDir });
}

export function liveMember(
  relayUrl: string,
  workspaceId: string,
  identity: Identity,
  transport = new Y.Doc(),
  batchMs = 5,
  /** A room per compartment on its own connection, as the app and the CLI hold them; else content in the directory. */
  withRooms = false,
): LiveMember {
  const reports: SyncReport[] = [];
  const rooms = new Map<string, RelayConnection>();
  const workspace = new SecureWorkspace({
    workspaceId,
    identity,
    transport,
    batchMs,
    schedule: nodePlatform.schedule,
    onReport: (r) => reports.push(r),
    ...(withRooms
      ? {
          openRoom: (c: string) => {
            const doc = new Y.Doc();
            rooms.set(c, RelayConnection.forRoom(relayUrl, workspaceId, c, doc, identity, nodePlatform));
            return doc;
          },
          closeRoom: (c: string) => {
            rooms.get(c)?.destroy();
            rooms.delete(c);
          },
        }
      : {}),
  });
  const connection = connectRelay(relayUrl, workspaceId, transport, identity);
  // With rooms, the core room opens once the directory says so: presence attaches on first use.
  let presence: EncryptedPresence | null = withRooms ? null : workspace.attachPresence(connection.provider.awareness);
  return {
    identity,
    transport,
    workspace,
    connection,
    get presence(): EncryptedPresence {
      const core = rooms.get(coreCompartmentId(workspaceId)) ?? connection;
      return (presence ??= workspace.attachPresence(core.provider.awareness));
    },
    reports,
    rooms,
    state: () => canonicalJson(documentJson(workspace.document(WORKSPACE_DOC_ID))),
    upToDate: async (timeoutMs) => {
      await connection.upToDate(timeoutMs);
      for (const room of rooms.values()) await room.upToDate(timeoutMs);
    },
    close: () => {
      connection.destroy();
      for (const room of rooms.values()) room.destroy();
      workspace.destroy();
    },
  };
}

/**
 * A member's profile opened with no rules, live on the relay: its raw transport document, synced
 * like any member's, with no SecureWorkspace to refuse anything (see HostileClient).
 */
export function hostileMember(
  relayUrl: string,
  workspaceId: string,
  identity: Identity,
  transport = new Y.Doc(),
): { hostile: HostileClient; connection: RelayConnection; close(): void } {
  const connection = connectRelay(relayUrl, workspaceId, transport, identity);
  return {
    hostile: new HostileClient(workspaceId, identity, transport),
    connection,
    close: () => connection.destroy(),
  };
}

/**
 * A workspace on `relayUrl` with an admin and `others` members who joined by invite, each live.
 * Joins go through the relay exactly as the CLI's `join` does.
 */
export async function liveTable(
  relayUrl: string,
  others: number,
  role: Role = 'analyst',
): Promise<{ workspaceId: string; members: LiveMember[] }> {
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, Date.now());
  const seeds = Array.from({ length: others }, () =>
    addInvite(adminTransport, workspaceId, adminId, role, Date.now() + 3600_000, Date.now()),
  );
  const admin = liveMember(relayUrl, workspaceId, adminId, adminTransport);
  await admin.connection.upToDate(10_000);
  const members = [admin];
  for (const seed of seeds) {
    const me = generateIdentity();
    const transport = await joinByToken({ workspaceId, relayUrl, seed }, me, nodePlatform, 10_000);
    const member = liveMember(relayUrl, workspaceId, me, transport);
    await member.connection.upToDate(10_000);
    members.push(member);
  }
  for (const m of members) await m.connection.upToDate(10_000);
  return { workspaceId, members };
}

/** Polls until `check` holds, or throws after `ms` with `what` in the message. */
export async function eventually(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
