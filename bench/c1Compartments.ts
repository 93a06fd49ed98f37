import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as Y from 'yjs';

import { generateSymmetricKey } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import { seedDemoWorkspace } from '../shared/demo';
import type { DemoOptions } from '../shared/demo';
import { coreCompartmentId, createCompartment } from '../shared/membership';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { LocalTransportStore } from '../shared/storage';
import { SecureWorkspace } from '../shared/sync';
import { FileRecordBackend, nodePlatform } from '../cli';
import type { Log } from './harness';
import { createTable, now, startBenchRelay, until } from './harness';
import { boardCards, connectRoomsClient, roomsOpen, splitFacts } from './compartmentClient';
import { median, ratio, round } from './stats';

/**
 * C1 (issue 13): the P3 workspace split across ten compartments, against the same content in one —
 * opening it from the local copy, and a fresh member syncing it through the relay.
 */
export interface C1Config {
  demo: Omit<DemoOptions, 'now'>;
  compartments: number;
  reps: number;
  seedFlushEvery: number;
  timeoutMs: number;
}

export interface C1Variant {
  compartments: number;
  facts: number;
  cards: number;
  /** Envelopes across every room's `workspace` list after compaction. */
  envelopes: number;
  /** Local copy (directory and rooms, sealed files) → transports → decrypted rooms → merged board read. */
  openMs: number;
  openRuns: number[];
  /** Of the open: reading and unsealing the local files. */
  openLoadMs: number;
  /** Of the open: the workspace, its rooms decrypted, the merged board read. */
  openBoardMs: number;
  /** A fresh device of a member: connect → every room up to date and every card on its merged board. */
  syncMs: number;
  syncRuns: number[];
}

export interface C1Result {
  config: C1Config;
  notes: string[];
  one: C1Variant;
  split: C1Variant;
  /** split / one. */
  ratios: { open: number; sync: number };
}

const NOTES = [
  'The content is seedDemoWorkspace’s (P3’s generator), written by an admin’s SecureWorkspace into one room (the core) or split by organization across the core and nine releasable compartments, each fact with its organization; history is not carried (a move writes content, not history), the same for both. Each room is compacted (one envelope per writer) before anything is measured.',
  'open: the admin’s sealed local copies (FileRecordBackend files, one per room) are read into fresh transports, a SecureWorkspace opens its rooms on them, each room’s workspace document is decrypted and a MergedBoard over them is read. sync: a fresh device of an analyst (only its join in its directory) connects the directory to the relay, a room connection opens per compartment as the roster arrives, until every room is up to date and the merged board shows every card.',
  'After one untimed round of each, runs alternate one / ten, so drift on this shared machine hits both; the relay and the clients share this one Node process on 127.0.0.1.',
];

interface Prepared {
  workspaceId: string;
  analyst: { identity: Identity; joined: Uint8Array };
  admin: { identity: Identity };
  rooms: string[];
  dir: string;
  storageKey: Uint8Array;
  stats: Pick<C1Variant, 'compartments' | 'facts' | 'cards' | 'envelopes'>;
}

export async function runC1(config: C1Config, log: Log): Promise<C1Result> {
  const relay = await startBenchRelay();
  const prepared: Prepared[] = [];
  try {
    const source = new Y.Doc();
    log(`[C1] generating ${config.demo.organizations} organizations…`);
    const summary = seedDemoWorkspace(source, { ...config.demo, now: Date.now() });
    const orgs = summary.organizationIds;
    for (const n of [1, config.compartments]) prepared.push(await prepare(relay.url, source, orgs, n, config, log));
    source.destroy();
    const runs = prepared.map(() => ({
      open: [] as number[],
      load: [] as number[],
      board: [] as number[],
      sync: [] as number[],
    }));
    // One untimed round first: the first open and sync of a run pay for compiling the code paths.
    for (const p of prepared) {
      await openLocal(p);
      await syncFresh(relay.url, p, config.timeoutMs);
    }
    for (let rep = 0; rep < config.reps; rep++) {
      for (const [i, p] of prepared.entries()) {
        const open = await openLocal(p);
        runs[i]!.open.push(open.totalMs);
        runs[i]!.load.push(open.loadMs);
        runs[i]!.board.push(open.boardMs);
        runs[i]!.sync.push(await syncFresh(relay.url, p, config.timeoutMs));
        log(
          `[C1] ${p.rooms.length} room(s), run ${rep + 1}: open ${Math.round(open.totalMs)} ms, sync ${Math.round(runs[i]!.sync.at(-1)!)} ms`,
        );
      }
    }
    const [one, split] = prepared.map((p, i): C1Variant => ({
      ...p.stats,
      openMs: round(median(runs[i]!.open)),
      openRuns: runs[i]!.open.map((x) => round(x)),
      openLoadMs: round(median(runs[i]!.load)),
      openBoardMs: round(median(runs[i]!.board)),
      syncMs: round(median(runs[i]!.sync)),
      syncRuns: runs[i]!.sync.map((x) => round(x)),
    })) as [C1Variant, C1Variant];
    return {
      config,
      notes: NOTES,
      one,
      split,
      ratios: { open: ratio(split.openMs, one.openMs), sync: ratio(split.syncMs, one.syncMs) },
    };
  } finally {
    for (const p of prepared) rmSync(p.dir, { recursive: true, force: true });
    await relay.close();
  }
}

/** A workspace holding `source`'s facts in `n` compartments, uploaded, and its admin's local copy on disk. */
async function prepare(
  relayUrl: string,
  source: Y.Doc,
  orgs: string[],
  n: number,
  config: C1Config,
  log: Log,
): Promise<Prepared> {
  const table = createTable(2);
  const { workspaceId } = table;
  const [admin, analyst] = table.members as [(typeof table.members)[0], (typeof table.members)[0]];
  const joined = Y.encodeStateAsUpdate(analyst.transport);
  const rooms = [coreCompartmentId(workspaceId)];
  for (let i = 1; i < n; i++) {
    const spec = { kind: 'releasable' as const, title: `Desk ${i}`, members: [] };
    rooms.push(createCompartment(admin.transport, workspaceId, admin.identity, spec, Date.now()));
  }
  const client = connectRoomsClient(relayUrl, workspaceId, admin.identity, admin.transport);
  try {
    await roomsOpen(client, n, config.timeoutMs);
    const contents = client.contents();
    const roomOf = new Map(orgs.map((org, i) => [org, rooms[i % n]!]));
    const t = now();
    const copied = splitFacts(
      source,
      contents,
      (org) => roomOf.get(org)!,
      () => client.workspace.flush(),
      config.seedFlushEvery,
    );
    client.workspace.compact(0);
    await client.upToDate(config.timeoutMs);
    const cards = boardCards(client.workspace, contents);
    if (cards !== orgs.length) throw new Error(`C1: ${cards} cards on the board, ${orgs.length} organizations written`);
    const envelopes = [...client.transports.values()].reduce(
      (sum, doc) => sum + doc.getArray(`doc:${WORKSPACE_DOC_ID}`).length,
      0,
    );
    log(`[C1] ${n} room(s): ${copied} facts written, compacted and uploaded in ${Math.round(now() - t)} ms`);
    const dir = mkdtempSync(join(tmpdir(), 'unity-bench-c1-'));
    const storageKey = generateSymmetricKey();
    for (const [room, doc] of [[null, admin.transport] as const, ...client.transports]) {
      const backend = new FileRecordBackend(join(dir, room ?? 'directory'));
      const { store } = await LocalTransportStore.open(doc, backend, storageKey, workspaceId, room);
      await store.close();
    }
    return {
      workspaceId,
      admin: { identity: admin.identity },
      analyst: { identity: analyst.identity, joined },
      rooms,
      dir,
      storageKey,
      stats: { compartments: n, facts: copied, cards, envelopes },
    };
  } finally {
    client.destroy();
  }
}

/** The admin opens the workspace from its local copy, with no relay. */
async function openLocal(p: Prepared): Promise<{ totalMs: number; loadMs: number; boardMs: number }> {
  const t0 = now();
  const load = async (room: string | null) => {
    const doc = new Y.Doc();
    const backend = new FileRecordBackend(join(p.dir, room ?? 'directory'));
    const { store, problems } = await LocalTransportStore.open(doc, backend, p.storageKey, p.workspaceId, room);
    if (problems.length) throw new Error(`C1: the local copy did not load: ${problems.join('; ')}`);
    return { doc, store };
  };
  const [directory, ...rooms] = await Promise.all([load(null), ...p.rooms.map(load)]);
  const transports = new Map(p.rooms.map((id, i) => [id, rooms[i]!.doc]));
  const t1 = now();
  const workspace = new SecureWorkspace({
    workspaceId: p.workspaceId,
    identity: p.admin.identity,
    transport: directory.doc,
    schedule: nodePlatform.schedule,
    openRoom: (id) => transports.get(id) ?? new Y.Doc(),
  });
  const contents = new Map([...workspace.rooms()].map(([id, room]) => [id, room.document(WORKSPACE_DOC_ID)]));
  const cards = boardCards(workspace, contents);
  const t2 = now();
  if (cards !== p.stats.cards) throw new Error(`C1: opened ${cards} cards, expected ${p.stats.cards}`);
  workspace.destroy();
  for (const r of [directory, ...rooms]) await r.store.close();
  return { totalMs: t2 - t0, loadMs: t1 - t0, boardMs: t2 - t1 };
}

/** A fresh device of the analyst syncs everything through the relay: connect → every card on its board. */
async function syncFresh(relayUrl: string, p: Prepared, timeoutMs: number): Promise<number> {
  const directory = new Y.Doc();
  Y.applyUpdate(directory, p.analyst.joined);
  const t0 = now();
  const client = connectRoomsClient(relayUrl, p.workspaceId, p.analyst.identity, directory);
  try {
    await roomsOpen(client, p.rooms.length, timeoutMs);
    await client.upToDate(timeoutMs);
    await until(() => boardCards(client.workspace, client.contents()) === p.stats.cards, timeoutMs, 'every card', 5);
    return now() - t0;
  } finally {
    client.destroy();
  }
}
