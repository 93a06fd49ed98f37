import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { BoardIndex, DEFAULT_LANES } from '../shared/model';
import { seedDemoWorkspace } from '../shared/demo';
import type { DemoOptions } from '../shared/demo';
import { generateSymmetricKey } from '../shared/crypto';
import { coreCompartmentId } from '../shared/membership';
import { docIdOfList, docListName, encodeInviteToken, WORKSPACE_DOC_ID } from '../shared/protocol';
import { memoryPlatform } from '../shared/testkit';
import { openWorkspace, WorkspaceApi } from '../shared/workspace';
import type { OpenWorkspace, Platform } from '../shared/workspace';
import { nodePlatform } from '../cli';
import { startWebServer } from '../scripts/webServer';
import type { Log } from './harness';
import { createTable, now, sleep, startBenchRelay, until } from './harness';
import { ratio, round } from './stats';
import { connectEditor, EditLoad } from './p3Editors';
import type { P3Open, P3OpenConfig, Percentiles } from './p3Open';
import { measureOpen, percentiles } from './p3Open';
import {
  card,
  clickProbe,
  ensureWebBuild,
  readHeap,
  seenAt,
  startLagMonitor,
  startPageProfile,
  stopLagMonitor,
  watchForText,
} from './p3Page';
import type { PlainContentServer } from './plainContentServer';
import { servePlainContent } from './plainContentServer';

/**
 * P3: a generated workspace (2,000 organizations, 20,000 network entries, a year of history) opens
 * to an interactive board in Chromium; the board stays responsive while 30 members edit.
 */
export type { Percentiles } from './p3Open';

export interface P3Config extends P3OpenConfig {
  demo: Omit<DemoOptions, 'now'>;
  /** Simulated members editing during the load phase. */
  clients: number;
  editsPerSecondPerClient: number;
  /** Share of edits that move a card (the rest change a field); each move reads the whole board. */
  moveShare: number;
  editSeconds: number;
  /** Click → dialog probes per phase. */
  probes: number;
  /** Seeding runs in one go with no timer turn: an envelope is sealed every this many steps. */
  seedFlushEvery: number;
  /** The target for opening (cold open from the local copy). */
  targetOpenMs: number;
  /** "Responsive", read as RAIL's input budget: click → dialog p95 while others edit. */
  responsiveP95Ms: number;
}

export interface P3Phase {
  editors: number;
  durationMs: number;
  editsSent: number;
  editsPerSecond: number;
  /** Probes that timed out (PROBE_TIMEOUT_MS): not in the figures. */
  missedProbes: number;
  /** In the page: click on a card's Open button → its dialog in the DOM and a frame later. */
  click: Percentiles;
  /** A remote rename (sealed in Node) → the renamed card visible on the board. */
  remoteEdit: Percentiles;
  /** In the page: how late a 50 ms timer fires (the main thread's availability). */
  lag: Percentiles;
  longTasks: { count: number; totalMs: number; busyShare: number };
  heapUsedMiB: number;
}

export interface P3Result {
  config: P3Config;
  notes: string[];
  workspace: {
    organizations: number;
    entities: number;
    links: number;
    outcomes: number;
    historyEdits: number;
    /** The content document as one Yjs update (what the compacted snapshot carries). */
    contentBytes: number;
    /** Envelopes in the core room's `workspace` list when the browser joins (after automatic compaction). */
    envelopesAtJoin: number;
    /** Envelopes in the directory's content lists (the pre-compartment layout): 0, or a first join migrates them. */
    directoryEnvelopes: number;
    seedMs: number;
    uploadMs: number;
  };
  open: P3Open;
  idle: P3Phase;
  editing: P3Phase;
  /** editing / idle. */
  ratios: { clickP50: number; clickP95: number; remoteEditP50: number; lagP95: number };
  targets: {
    open: { compared: 'coldOpenMs'; limitMs: number; valueMs: number; met: boolean };
    responsive: { compared: 'editing.click.p95'; limitMs: number; valueMs: number; met: boolean };
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TITLE = 'Sector Demo Table';
const MiB = 2 ** 20;

export async function runP3(config: P3Config, log: Log): Promise<P3Result> {
  return withBoardPage(config, log, async ({ relayUrl, ws, page, context, plain }) => {
    const open = await measureOpen(page, context, openTarget(ws, plain), ws.probeCards[0]!, config, log);
    log(`[P3] ${config.clients} editors connect…`);
    const editors = ws.editorMembers.map((m) => connectEditor(relayUrl, ws.workspaceId, m));
    try {
      await Promise.all(editors.map((e) => e.ready(config.timeoutMs)));
      const load = new EditLoad(ws.mirror, editors, ws.probeCards, config);
      const idle = await measurePhase(page, context, load, 0, config, log);
      const editing = await measurePhase(page, context, load, config.clients, config, log);
      const coldOpenMs = open.coldOpenMs;
      return {
        config,
        notes: NOTES,
        workspace: ws.stats,
        open,
        idle,
        editing,
        ratios: {
          clickP50: ratio(editing.click.p50, idle.click.p50),
          clickP95: ratio(editing.click.p95, idle.click.p95),
          remoteEditP50: ratio(editing.remoteEdit.p50, idle.remoteEdit.p50),
          lagP95: ratio(editing.lag.p95, idle.lag.p95),
        },
        targets: {
          open: {
            compared: 'coldOpenMs',
            limitMs: config.targetOpenMs,
            valueMs: coldOpenMs,
            met: coldOpenMs <= config.targetOpenMs,
          },
          responsive: {
            compared: 'editing.click.p95',
            limitMs: config.responsiveP95Ms,
            valueMs: editing.click.p95,
            met: editing.click.p95 <= config.responsiveP95Ms,
          },
        },
      };
    } finally {
      editors.forEach((e) => e.close());
    }
  });
}

export interface BoardPage {
  relayUrl: string;
  ws: SeededWorkspace;
  context: BrowserContext;
  page: Page;
  /** The plain first join's server, holding the same content as plaintext. */
  plain: PlainContentServer;
}

/**
 * P3's setting, for `body`: the relay with the seeded workspace, the built browser host, a
 * Chromium with a profile on disk and its page, and the plain baseline's server; all closed after.
 */
export async function withBoardPage<T>(config: P3Config, log: Log, body: (board: BoardPage) => Promise<T>): Promise<T> {
  await ensureWebBuild(log);
  const relay = await startBenchRelay();
  const web = await startWebServer({ port: 0, relayUrl: null, hosted: false });
  const profileDir = mkdtempSync(join(tmpdir(), 'unity-bench-chromium-'));
  const closers: Array<() => unknown> = [];
  try {
    const ws = await seedWorkspace(relay.url, config, log);
    closers.push(() => ws.close());
    const plain = await servePlainContent(ws.content);
    closers.push(() => plain.close());
    // A profile on disk, so the local copy is read from disk on a cold open as on a real machine.
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      baseURL: web.url,
    });
    closers.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => log(`[P3] page error: ${e.message}`));
    return await body({ relayUrl: relay.url, ws, context, page, plain });
  } finally {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
    await web.close();
    await relay.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

export const openTarget = (ws: SeededWorkspace, plain: PlainContentServer) => ({
  token: ws.token,
  plainUrl: plain.url,
  title: TITLE,
});

const NOTES = [
  'The workspace is generated by seedDemoWorkspace (fictional names) and made as the product makes one today (ADR 0012): the admin’s client opens it as the CLI does (openWorkspace over a sealed local copy, here in memory) and names it; the generator writes into the core room’s workspace document, which the admin’s SecureWorkspace seals (an envelope every seedFlushEvery steps) and compacts automatically as the product does; sync uploads the directory and the core room to the relay. The directory holds no content (workspace.directoryEnvelopes: 0), so the first join migrates nothing. The browser joins with an invite token, then goes offline-capable with its encrypted local copy in IndexedDB (a profile on disk).',
  'open.coldOpenMs is compared to the target: the page is reloaded and unlocked (Argon2id, reported apart as unlockMs), then the clock runs from the click on the workspace to a known card (the first of a lane) visible. firstJoinMs also downloads the workspace. Both are taken in Node around Playwright calls (± 20 ms).',
  'open.plain, in the same page after each cold open (pageKit.ts, put in over the DevTools protocol; the app is unchanged): joinMs connects a WebSocket to a bare loopback server that sends the content as one plaintext Yjs update and applies it into a fresh Y.Doc; openMs applies those bytes again (plainReps times). What Yjs alone costs, with no decryption, signatures, store or render: the ratios to the cold open and the first join are the P3 gate’s measure (p3Gate.ts).',
  'ownEdit: in a card’s panel, Enter in the Name field → the board’s card carries the new name, a frame and a task later, timed in the page from the key event’s timestamp; ownEditPlain: the same on a bare input whose Enter writes an output (the frame pipeline’s floor).',
  'Editors are real members (own identities, joins and relay connections for the directory and the core room, as the product’s Node client holds them in bench/compartmentClient.ts; the core room’s key; one signed, encrypted envelope per edit in the core room’s list) whose edits are made on one shared decrypted copy under each editor’s own Yjs client id: 30 full copies (≈ 220 MB and a share of the decryption work each) would not fit beside Chromium on this machine and would measure the machine rather than the board.',
  'After the upload the admin goes offline, so the browser is the one client holding the decrypted board. Compaction replaces only its author’s own envelopes (ADR 0008) and the editors hold no decrypted copy to compact from, so their envelopes stay in the core room’s list for the run (in a real table each member’s app compacts its own). The probed and the renamed cards are never moved by the editors, so they stay in view.',
  'click: in the page, from the DOM click on "Open <name>" to the first frame in which a dialog exists, then a task later. remoteEdit: Node seals a rename of a card in view → a MutationObserver in the page sees the new name, a frame and a task later (wall clock on both sides). lag: how late a 50 ms timer fires in the page. longTasks: the page’s long-task entries (> 50 ms).',
  'The relay, the editors and Playwright share this one Node process, and Chromium the same two cores: editsPerSecond is what was actually sent.',
];

// ---------------------------------------------------------------------------------------------
// Node side: the workspace, its members (the editors are in p3Editors.ts)

export interface SeededWorkspace {
  workspaceId: string;
  token: string;
  /** The decrypted workspace the editors make their edits on (it holds every edit they send). */
  mirror: Y.Doc;
  /** The content document as one plaintext update (the plain baselines' bytes). */
  content: Uint8Array;
  /** Cards among the first of their lane: `[lane, name, id]`. */
  probeCards: Array<[string, string, string]>;
  editorMembers: Array<{ identity: Identity; transport: Y.Doc }>;
  stats: P3Result['workspace'];
  close(): void;
}

export async function seedWorkspace(relayUrl: string, config: P3Config, log: Log): Promise<SeededWorkspace> {
  // The admin and the editors, joined by invite in the directory before anyone opens it.
  const table = createTable(1 + config.clients);
  const admin = table.members[0]!;
  const { workspaceId } = table;
  // The admin's client as the CLI's `workspace create` runs it (openWorkspace, not live; its relay reached
  // by sync): the directory, and the core room opened on it with its own transport (ADR 0012 §5). Its
  // sealed local copy is kept in memory.
  const platform: Platform = { ...memoryPlatform(), WebSocket: nodePlatform.WebSocket };
  const session = await openWorkspace(platform, {
    workspaceId,
    identity: admin.identity,
    storageKey: generateSymmetricKey(),
    relayUrl,
    transport: admin.transport,
  });
  const api = new WorkspaceApi(session.workspace, admin.identity);
  try {
    const core = session.workspace.room(coreCompartmentId(workspaceId));
    if (!core) throw new Error('P3: the admin holds no core room');
    api.name(TITLE, { name: 'Bench Admin', agency: 'HSI' });
    const doc = core.document(WORKSPACE_DOC_ID);
    const { demo } = config;
    const steps = demo.organizations + demo.historyEdits;
    log(`[P3] seeding ${demo.organizations} organizations, ${demo.historyEdits} history edits…`);
    let t = now();
    const summary = seedDemoWorkspace(doc, { ...demo, now: Date.now() }, (done) => {
      if (done % config.seedFlushEvery === 0) session.workspace.flush();
      if (done % Math.ceil(steps / 10) === 0)
        log(`[P3]   ${Math.round((100 * done) / steps)} % (${Math.round(now() - t)} ms)`);
    });
    session.workspace.flush();
    const seedMs = now() - t;
    const list = core.transport.getArray(docListName(WORKSPACE_DOC_ID));
    log(`[P3] seeded in ${Math.round(seedMs)} ms, ${list.length} envelopes; waiting for automatic compaction…`);
    // The product compacts a long list a second after it grows past its threshold (512).
    if (list.length > 512) await until(() => list.length <= 512, config.timeoutMs, 'automatic compaction', 50);
    await session.stored();
    t = now();
    await syncAll(session, config.timeoutMs);
    const uploadMs = now() - t;
    const seed = api.invite('analyst', 3_600_000);
    await syncAll(session, config.timeoutMs);
    // The admin's part is done: from here the browser is the one client holding the decrypted board.
    const contentBytes = Y.encodeStateAsUpdate(doc);
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, contentBytes);
    const index = new BoardIndex(mirror);
    const probeCards = index
      .read()
      .flatMap((lane) =>
        lane.cards
          .slice(0, Math.ceil(config.probes / DEFAULT_LANES.length) + 1)
          .map((c) => [lane.name, c.name, c.id] as [string, string, string]),
      );
    index.destroy();
    log(`[P3] uploaded in ${Math.round(uploadMs)} ms (${list.length} envelope(s) in the core room); invite ready`);
    return {
      workspaceId,
      token: encodeInviteToken({ workspaceId, relayUrl, seed }),
      mirror,
      content: contentBytes,
      probeCards,
      editorMembers: table.members.slice(1),
      stats: {
        organizations: summary.organizationIds.length,
        entities: summary.entities,
        links: summary.links,
        outcomes: summary.outcomes,
        historyEdits: demo.historyEdits,
        contentBytes: contentBytes.length,
        envelopesAtJoin: list.length,
        directoryEnvelopes: directoryEnvelopes(admin.transport),
        seedMs: round(seedMs),
        uploadMs: round(uploadMs),
      },
      close: () => mirror.destroy(),
    };
  } finally {
    api.destroy();
    await session.close();
  }
}

/** `sync` until the directory and every room are up to date with the relay, or one sentence why not. */
async function syncAll(session: OpenWorkspace, timeoutMs: number): Promise<void> {
  const rooms = await session.sync(timeoutMs);
  const behind = rooms.filter((r) => !r.upToDate).map((r) => r.compartmentId);
  if (behind.length) throw new Error(`P3: room(s) ${behind.join(', ')} did not reach the relay within ${timeoutMs} ms`);
}

/** Envelopes in a directory's content lists: none in the rooms layout (ADR 0012), where content lives in rooms. */
export function directoryEnvelopes(directory: Y.Doc): number {
  let n = 0;
  for (const name of directory.share.keys()) if (docIdOfList(name) !== null) n += directory.getArray(name).length;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Browser side (the page helpers and probes are in p3Page.ts)

async function measurePhase(
  page: Page,
  context: BrowserContext,
  load: EditLoad,
  editors: number,
  config: P3Config,
  log: Log,
): Promise<P3Phase> {
  const what = editors === 0 ? 'no one else editing' : `${editors} editors at ${config.editsPerSecondPerClient}/s each`;
  log(`[P3] ${what}: probing…`);
  await page.evaluate(startLagMonitor);
  let release = () => {};
  const stop = new Promise<void>((resolve) => (release = resolve));
  const start = now();
  // A page that cannot keep up must not keep the run going forever: probes stop at this deadline.
  const deadline = start + 4 * config.editSeconds * 1000;
  const sending = editors > 0 ? load.run(editors, stop) : Promise.resolve(0);
  const profiler = editors > 0 ? await startPageProfile(context, page) : null;
  const clicks: number[] = [];
  const remote: number[] = [];
  let missed = 0;
  for (let i = 0; i < config.probes && now() < deadline; i++) {
    await sleep(Math.max(0, start + (i * config.editSeconds * 1000) / config.probes - now()));
    const [, name] = load.probes[i % load.probes.length]!;
    const click = await clickProbe(page, name, PROBE_TIMEOUT_MS);
    if (click === null) missed++;
    else clicks.push(click);
    const shown = await remoteRename(page, load, PROBE_TIMEOUT_MS);
    if (shown === null) missed++;
    else remote.push(shown);
  }
  await sleep(Math.max(0, start + config.editSeconds * 1000 - now()));
  release();
  const sent = await sending;
  const durationMs = now() - start;
  await profiler?.(log);
  const monitor = await page.evaluate(stopLagMonitor);
  const heap = await readHeap(context, page);
  const busyMs = monitor.longTasks.reduce((a, b) => a + b, 0);
  const phase: P3Phase = {
    editors,
    durationMs: round(durationMs),
    editsSent: sent,
    editsPerSecond: round((sent * 1000) / durationMs, 1),
    missedProbes: missed,
    click: percentiles(clicks),
    remoteEdit: percentiles(remote),
    lag: percentiles(monitor.lags),
    longTasks: {
      count: monitor.longTasks.length,
      totalMs: round(busyMs),
      busyShare: round(busyMs / monitor.elapsedMs),
    },
    heapUsedMiB: round(heap.used / MiB, 1),
  };
  log(
    `[P3]   click → dialog p50 ${Math.round(phase.click.p50)} ms, p95 ${Math.round(phase.click.p95)} ms; ` +
      `remote edit → on screen p50 ${Math.round(phase.remoteEdit.p50)} ms; timer lag p95 ${Math.round(phase.lag.p95)} ms; ` +
      `long tasks ${Math.round(phase.longTasks.busyShare * 100)} % of the time; ${sent} edits (${phase.editsPerSecond}/s)` +
      (missed > 0 ? `; ${missed} probe(s) timed out` : ''),
  );
  return phase;
}

/** One probe may wait this long for its dialog or its card; beyond it counts as missed. */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * Renames the marker card from Node and times until the page shows the new name: both ends on
 * the wall clock (Date.now) of this one machine, the page's end found by a MutationObserver, a
 * frame later (so Node's own load cannot delay the reading).
 */
async function remoteRename(page: Page, load: EditLoad, timeoutMs: number): Promise<number | null> {
  const name = load.nextName();
  await page.evaluate(watchForText, name);
  const sentAt = Date.now();
  load.rename(name);
  try {
    const seen = await page.waitForFunction(seenAt, name, { timeout: timeoutMs, polling: 100 });
    const shownAt = (await seen.jsonValue()) as number;
    await card(page, load.marker[0], name).waitFor({ state: 'visible', timeout: timeoutMs });
    return shownAt - sentAt;
  } catch {
    return null;
  }
}
