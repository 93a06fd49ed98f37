import * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { seedDemoWorkspace } from '../shared/demo';
import type { DemoOptions } from '../shared/demo';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { bundleTable, memoryPlatform, openMember } from '../shared/testkit';
import type { TableMember } from '../shared/testkit';
import { exportBundle } from '../shared/workspace';
import type { OpenWorkspace } from '../shared/workspace';
import type { Log } from './harness';
import { now } from './harness';
import { prng } from './stats';

/**
 * The workloads of B1–B3 (issue 14): members opened as OpenWorkspaces on the in-memory platform of
 * the test kit (records kept in a map, as a profile's file or IndexedDB would keep them), so that
 * export and import run exactly as the app and the CLI call them.
 */

/** A member's sealed local copy, kept aside: each run opens a fresh OpenWorkspace on a copy of it. */
export interface SavedMember {
  workspaceId: string;
  identity: Identity;
  storageKey: Uint8Array;
  stores: ReadonlyMap<string, readonly Uint8Array[]>;
}

export async function save(m: TableMember): Promise<SavedMember> {
  await m.ow.close();
  return {
    workspaceId: m.ow.workspaceId,
    identity: m.identity,
    storageKey: m.storageKey,
    stores: new Map([...m.platform.stores].map(([k, v]) => [k, [...v]])),
  };
}

/** Opens the saved member on a fresh copy of its records (a second device restored from its backup). */
export async function reopen(saved: SavedMember): Promise<TableMember> {
  const platform = memoryPlatform();
  for (const [k, v] of saved.stores) platform.stores.set(k, [...v]);
  return openMember(saved.workspaceId, saved.identity, undefined, platform, saved.storageKey);
}

/** What a bundle carries in the clear: every content document of the rooms, as one Yjs update each. */
export function plaintextBytes(ow: OpenWorkspace, since?: ReadonlyMap<string, Uint8Array>): number {
  let bytes = 0;
  for (const [c, room] of ow.workspace.rooms())
    for (const id of room.documentIds())
      bytes += Y.encodeStateAsUpdate(room.document(id), since?.get(`${c}/${id}`)).byteLength;
  return bytes;
}

/** Every content document's state vector, to measure what a small change adds (plaintextBytes' `since`). */
export function contentStateVectors(ow: OpenWorkspace): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [c, room] of ow.workspace.rooms())
    for (const id of room.documentIds()) out.set(`${c}/${id}`, Y.encodeStateVector(room.document(id)));
  return out;
}

export interface EnvelopeWorkloadConfig {
  /** Members who write; each seals `envelopes / writers` envelopes of one edit each. */
  writers: number;
  envelopes: number;
  seed: number;
}

export interface EnvelopeWorkload {
  config: EnvelopeWorkloadConfig;
  /** The exporter: an admin who collected every writer's envelopes (as a courier at headquarters would). */
  courier: TableMember;
  /** A member who joined and holds nothing of the writers' edits: each run imports into a copy of it. */
  receiver: SavedMember;
  /** The courier's full bundle (no state file). */
  file: Uint8Array;
  /** Content envelopes in the bundle, over every room (BundleExport.envelopes). */
  envelopes: number;
  generateMs: number;
  close(): Promise<void>;
}

/**
 * `envelopes` envelopes of one edit each, from `writers` members (organizations added, network
 * entries added, organizations updated), collected by the admin, with no compaction: every
 * writer's edits are sealed and handed to the courier in one go, before any timer (the product's
 * automatic compaction waits a second) can run; the courier compacts only its own envelopes.
 */
export async function makeEnvelopeWorkload(config: EnvelopeWorkloadConfig, log: Log): Promise<EnvelopeWorkload> {
  const t0 = now();
  const { admin, members } = await bundleTable(Array.from({ length: config.writers + 1 }, () => 'analyst' as const));
  const writers = members.slice(1, -1);
  const receiver = await save(members.at(-1)!);
  const random = prng(config.seed);
  const courierRoom = () => [...admin.ow.workspace.rooms().values()][0]!.transport;
  for (const [w, m] of writers.entries()) {
    const room = [...m.ow.workspace.rooms().values()][0]!.transport;
    const before = Y.encodeStateVector(room);
    let org = '';
    const count = Math.floor(config.envelopes / writers.length) + (w < config.envelopes % writers.length ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const n = Math.floor(random() * 1e6);
      if (i % 5 === 0) org = m.api.board.addOrganization({ name: `Writer ${w} organization ${i} ${n}` });
      else if (i % 5 === 4) m.api.board.updateOrganization(org, { summary: `Seen ${n} times near the crossing` });
      else m.api.board.addEntity(org, { kind: 'person', name: `Person ${n}`, detail: `met on day ${i}` });
      m.ow.workspace.flush();
    }
    Y.applyUpdate(courierRoom(), Y.encodeStateAsUpdate(room, before), 'network');
  }
  const made = await exportBundle(admin.ow);
  for (const m of writers) await m.ow.close();
  const generateMs = now() - t0;
  log(
    `[B] ${made.envelopes} envelopes from ${writers.length} writers, bundle ${made.bytes} B, made in ${Math.round(generateMs)} ms`,
  );
  return {
    config,
    courier: admin,
    receiver,
    file: made.file,
    envelopes: made.envelopes,
    generateMs,
    close: () => admin.ow.close(),
  };
}

export interface P3MemberConfig {
  demo: Omit<DemoOptions, 'now'>;
  /** Members besides the admin (P3's editors): each is a recipient of a full export. */
  members: number;
  /** Seeding runs in one go with no timer turn: an envelope is sealed every this many steps. */
  seedFlushEvery: number;
}

/**
 * P3's workspace (seedDemoWorkspace, as P3 seeds it: an envelope every `seedFlushEvery` steps) in
 * the admin's OpenWorkspace, compacted as the product compacts a list past 512 envelopes.
 */
export async function p3Member(
  config: P3MemberConfig,
  log: Log,
): Promise<{ admin: TableMember; seedMs: number; organizations: number }> {
  const { admin, members } = await bundleTable(Array.from({ length: config.members }, () => 'analyst' as const));
  for (const m of members.slice(1)) await m.ow.close();
  const doc = admin.ow.workspace.document(WORKSPACE_DOC_ID);
  const t0 = now();
  const summary = seedDemoWorkspace(doc, { ...config.demo, now: Date.now() }, (done) => {
    if (done % config.seedFlushEvery === 0) admin.ow.workspace.flush();
  });
  admin.ow.workspace.flush();
  admin.ow.workspace.compact(512);
  await admin.ow.stored();
  const seedMs = now() - t0;
  log(`[B3] P3 workspace seeded (${summary.organizationIds.length} organizations) in ${Math.round(seedMs)} ms`);
  return { admin, seedMs, organizations: summary.organizationIds.length };
}
