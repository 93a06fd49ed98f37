import type { BrowserContext, Page } from '@playwright/test';

import type { Log } from './harness';
import { now, sleep } from './harness';
import { enterUntilPainted, plainInput, removePlainInput } from './ownEdit';
import { heapSnapshotPath, plainSnapshotPath, writeHeapSnapshot } from './heapSnapshot';
import { applyPlainInPage, holdPlainInPage, joinPlainInPage, loadPageKit } from './pageKitBundle';
import {
  boardCacheWritten,
  card,
  createIdentity,
  inSync,
  openAndClose,
  PASSPHRASE,
  previewCard,
  readHeap,
  startPageProfile,
} from './p3Page';
import type { Distribution } from './stats';
import { distribution, median, quantile, ratio, round } from './stats';

// P3's open in the browser: the first join and the cold opens, each beside its plain baseline in
// the same page (pageKit.ts), and own edits beside a plain input's.

export type Percentiles = Distribution & { p95: number };

export interface P3OpenConfig {
  coldOpenReps: number;
  /** The plain open (a bare Y.applyUpdate of the content) this many times after each cold open. */
  plainReps: number;
  /** Own edits (Enter in the Name field of a card's panel → the board shows the new name), and as many plain. */
  ownEdits: number;
  /**
   * The bench harness only (UNITY_P3_OPEN_SLOWDOWN; the app never reads it): the page's CPU is
   * throttled this many times during each cold open, to show that the P3 gate fails on a slower open.
   */
  openSlowdown: number;
  timeoutMs: number;
}

export interface P3Open {
  /** Click Join → a known card visible: download, decrypt, store locally, render. */
  firstJoinMs: number;
  /** Click the workspace in the list (unlocked, after a reload) → a known card visible on the live board. */
  coldOpenMs: number;
  coldOpenRuns: number[];
  /**
   * Board shown (ADR 0022): the same click → the card visible, on the cache's preview or the live board,
   * whichever comes first. Not interactive when it is the preview: see liveMs.
   */
  shownMs: number;
  shownRuns: number[];
  /** How many of the cold opens painted the preview first (the others had no cache yet: shown = live). */
  previewRuns: number;
  /** Board live and interactive: the same click → the live card visible, then its Open button → its dialog shown. */
  liveMs: number;
  liveRuns: number[];
  /** Passphrase → workspace list (Argon2id), not part of the open. */
  unlockMs: number;
  /** Once the card shows: click its Open button → its dialog. */
  firstDialogMs: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  /** What a bare Y.Doc of the same content adds to the same page's heap (Yjs's own share). */
  heapPlainDocMiB: number;
  /** The CPU throttling during the cold opens (1: none). */
  slowdown: number;
  /** The plain baselines, in the same page after each cold open (see pageKit.ts). */
  plain: {
    /** The content as one plaintext update over a WebSocket from loopback, applied into a fresh Y.Doc. */
    joinMs: number;
    joinRuns: number[];
    /** The same bytes, already in the page, applied into a fresh Y.Doc (what Yjs alone costs). */
    openMs: number;
    openRuns: number[];
  };
  /** Own edit: Enter in the card's Name field → the board's card shows the new name, painted. */
  ownEdit: Percentiles;
  /** The same probe on a bare input writing its value into an output (no framework, no workspace). */
  ownEditPlain: Percentiles;
  ratios: { coldOverPlain: number; joinOverPlain: number; ownEditP95: number };
}

const MiB = 2 ** 20;
const mib = (bytes: number) => round(bytes / MiB, 1);

/** UNITY_P3_OPEN_SLOWDOWN=n: the cold opens with the page's CPU n times slower (1 without it). */
export function openSlowdownFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['UNITY_P3_OPEN_SLOWDOWN'];
  if (raw === undefined || raw === '') return 1;
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate < 1) throw new Error(`UNITY_P3_OPEN_SLOWDOWN must be a number ≥ 1, not "${raw}"`);
  return rate;
}

export interface OpenTarget {
  token: string;
  /** The plain first join's server (plainContentServer.ts). */
  plainUrl: string;
  /** The workspace's title, as its Open button names it. */
  title: string;
}

/**
 * Joins with `token`, opens the workspace `coldOpenReps` times after a reload, each beside the
 * plain baselines, and times own edits; `[lane, name]` is a card the board shows first in its lane.
 */
export async function measureOpen(
  page: Page,
  context: BrowserContext,
  target: OpenTarget,
  probe: [string, string, string],
  config: P3OpenConfig,
  log: Log,
): Promise<P3Open> {
  const { firstJoinMs, firstDialogMs } = await joinAsNewMember(page, context, target.token, probe, config, log);
  const opens = await coldOpens(page, context, target, probe, config, log);
  const own = await measureOwnEdits(page, probe[1], config, log);
  const coldOpenMs = round(median(opens.coldOpenRuns));
  const { joinRuns, openRuns } = opens;
  const plain = { joinMs: round(median(joinRuns)), joinRuns, openMs: round(median(openRuns)), openRuns };
  const ownEdit = percentiles(own.app);
  const ownEditPlain = percentiles(own.plain);
  log(
    `[P3] own edit → on own screen p50 ${Math.round(ownEdit.p50)} ms, p95 ${Math.round(ownEdit.p95)} ms ` +
      `(a plain input: p50 ${Math.round(ownEditPlain.p50)} ms, p95 ${Math.round(ownEditPlain.p95)} ms)`,
  );
  return {
    firstJoinMs: round(firstJoinMs),
    coldOpenMs,
    coldOpenRuns: opens.coldOpenRuns,
    shownMs: round(median(opens.shownRuns)),
    shownRuns: opens.shownRuns,
    previewRuns: opens.previewRuns,
    liveMs: round(median(opens.liveRuns)),
    liveRuns: opens.liveRuns,
    unlockMs: round(median(opens.unlockRuns)),
    firstDialogMs: round(firstDialogMs),
    heapUsedMiB: round(opens.heap.used / MiB, 1),
    heapTotalMiB: round(opens.heap.total / MiB, 1),
    heapPlainDocMiB: round(opens.plainDocHeap / MiB, 1),
    slowdown: config.openSlowdown,
    plain,
    ownEdit,
    ownEditPlain,
    ratios: {
      coldOverPlain: ratio(coldOpenMs, plain.openMs),
      joinOverPlain: ratio(firstJoinMs, plain.joinMs),
      ownEditP95: ratio(ownEdit.p95, ownEditPlain.p95),
    },
  };
}

/** A new identity joins with `token` (download, decrypt, store, render) until the card `name` shows. */
export async function joinAsNewMember(
  page: Page,
  context: BrowserContext,
  token: string,
  [lane, name]: [string, string, string],
  config: P3OpenConfig,
  log: Log,
): Promise<{ firstJoinMs: number; firstDialogMs: number }> {
  // tsx (esbuild) wraps nested functions in __name(); the page functions of p3Page.ts need it defined.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await createIdentity(page);
  await page.getByRole('textbox', { name: 'Invite token' }).fill(token);
  log('[P3] the browser joins…');
  const t = now();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await card(page, lane, name).waitFor({ state: 'visible', timeout: config.timeoutMs });
  const firstJoinMs = now() - t;
  log(`[P3] joined: a known card visible after ${Math.round(firstJoinMs)} ms`);
  const firstDialogMs = await openAndClose(page, name, config.timeoutMs);
  await inSync(page, config.timeoutMs);
  return { firstJoinMs, firstDialogMs };
}

export interface ColdOpens {
  coldOpenRuns: number[];
  /** Click → the card shown, preview or live (ADR 0022). */
  shownRuns: number[];
  previewRuns: number;
  /** Click → the live card's dialog open. */
  liveRuns: number[];
  unlockRuns: number[];
  /** The plain baselines after each cold open: one join, then `plainReps` opens. */
  joinRuns: number[];
  openRuns: number[];
  /** After the last cold open, before the page kit enters the page. */
  heap: { used: number; total: number };
  /** After the last cold open: the heap a bare Y.Doc of the content adds in the same page. */
  plainDocHeap: number;
}

/**
 * `coldOpenReps` times: reload, unlock, then click the workspace → the card `name` visible (with
 * the CPU `openSlowdown` times slower during that click); then, in the same page, the plain baselines.
 */
export async function coldOpens(
  page: Page,
  context: BrowserContext,
  { plainUrl, title }: OpenTarget,
  [lane, name]: [string, string, string],
  config: P3OpenConfig,
  log: Log,
): Promise<ColdOpens> {
  const runs: ColdOpens = {
    coldOpenRuns: [],
    shownRuns: [],
    previewRuns: 0,
    liveRuns: [],
    unlockRuns: [],
    joinRuns: [],
    openRuns: [],
    heap: { used: NaN, total: NaN },
    plainDocHeap: NaN,
  };
  const snapshot = heapSnapshotPath();
  for (let rep = 0; rep < config.coldOpenReps; rep++) {
    // The local copy is written asynchronously: let it settle before the page goes away. The board
    // cache is written a few seconds after the board is live: the open after this one paints it.
    await sleep(1000);
    if (!(await boardCacheWritten(page, BOARD_CACHE_WAIT_MS))) log('[P3] no board cache was written before the reload');
    await page.reload();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    let t = now();
    await page.getByRole('button', { name: 'Unlock' }).click();
    const openButton = page.getByRole('button', { name: `Open ${title}`, exact: true });
    await openButton.waitFor({ state: 'visible', timeout: config.timeoutMs });
    runs.unlockRuns.push(round(now() - t));
    const last = rep === config.coldOpenReps - 1;
    // UNITY_P3_OPEN_PROFILE=file: the last cold open's CPU profile, from the click to the card shown.
    const profiler = last
      ? await startPageProfile(context, page, 'UNITY_P3_OPEN_PROFILE', "[P3] the page's CPU profile of a cold open")
      : null;
    const slowed = config.openSlowdown > 1 ? await throttle(context, page, config.openSlowdown) : null;
    t = now();
    await openButton.click();
    const live = card(page, lane, name);
    const preview = previewCard(page, lane, name);
    await preview.or(live).first().waitFor({ state: 'visible', timeout: config.timeoutMs });
    const shown = round(now() - t);
    const fromPreview = await preview.isVisible();
    await live.waitFor({ state: 'visible', timeout: config.timeoutMs });
    const ms = round(now() - t);
    const dialog = page.getByRole('dialog', { name });
    await live.getByRole('button', { name: `Open ${name}`, exact: true }).click({ timeout: config.timeoutMs });
    await dialog.waitFor({ state: 'visible', timeout: config.timeoutMs });
    const liveMs = round(now() - t);
    runs.coldOpenRuns.push(ms);
    runs.shownRuns.push(shown);
    runs.liveRuns.push(liveMs);
    if (fromPreview) runs.previewRuns++;
    await slowed?.();
    await profiler?.(log);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: config.timeoutMs });
    await dialog.waitFor({ state: 'hidden', timeout: config.timeoutMs });
    await inSync(page, config.timeoutMs);
    // Read before the page kit enters the page: the heap is the app's alone.
    if (last) runs.heap = await readHeap(context, page);
    if (last && snapshot) await writeHeapSnapshot(context, page, snapshot, log);
    await loadPageKit(page);
    const join = round(await page.evaluate(joinPlainInPage, plainUrl));
    if (last) {
      const before = (await readHeap(context, page)).used;
      await page.evaluate(holdPlainInPage, true);
      runs.plainDocHeap = (await readHeap(context, page)).used - before;
      if (snapshot) await writeHeapSnapshot(context, page, plainSnapshotPath(snapshot), log);
      await page.evaluate(holdPlainInPage, false);
      log(
        `[P3] heap after open ${mib(runs.heap.used)} MiB; a bare Y.Doc of the content adds ${mib(runs.plainDocHeap)} MiB`,
      );
    }
    const opens = (await page.evaluate(applyPlainInPage, config.plainReps)).map((x) => round(x));
    runs.joinRuns.push(join);
    runs.openRuns.push(...opens);
    log(
      `[P3] cold open ${rep + 1}: board shown after ${Math.round(shown)} ms (${fromPreview ? 'the cache preview' : 'live, no preview'}), ` +
        `a known card live after ${Math.round(ms)} ms, its dialog open after ${Math.round(liveMs)} ms` +
        (config.openSlowdown > 1 ? ` (CPU ${config.openSlowdown}× slower)` : '') +
        `; plain: join ${Math.round(join)} ms, open ${opens.map(Math.round).join(', ')} ms`,
    );
  }
  return runs;
}

/** How long a cold open waits, before its reload, for the board cache the last open writes. */
const BOARD_CACHE_WAIT_MS = 15_000;

/** Throttles the page's CPU `rate` times (DevTools' CPU throttling); the returned function ends it. */
async function throttle(context: BrowserContext, page: Page, rate: number): Promise<() => Promise<void>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return async () => {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  };
}

/**
 * `ownEdits` renames of the card `name` in its panel's Name field, each timed from Enter to the
 * board painting the new name; before them as many on a plain input. The card gets its name back.
 */
async function measureOwnEdits(
  page: Page,
  name: string,
  config: P3OpenConfig,
  log: Log,
): Promise<{ app: number[]; plain: number[] }> {
  const plain: number[] = [];
  const app: number[] = [];
  if (config.ownEdits === 0) return { app, plain };
  const timeoutMs = OWN_EDIT_TIMEOUT_MS;
  // A probe that cannot run (no field, an edit never shown) costs its row, never the rest of P3.
  try {
    const base = await plainInput(page);
    for (let i = 1; i <= config.ownEdits; i++) {
      const text = `Plain edit ${i}`;
      const ms = await enterUntilPainted(page, base.field, text, base.selector(text), timeoutMs);
      if (ms !== null) plain.push(round(ms));
    }
    await removePlainInput(page);
    await page.getByRole('button', { name: `Open ${name}`, exact: true }).click({ timeout: timeoutMs });
    const dialog = page.getByRole('dialog');
    const field = dialog.getByRole('textbox', { name: 'Name', exact: true });
    const onBoard = (text: string) => `[aria-label="Board"] article[aria-label="${text.replace(/["\\]/g, '\\$&')}"]`;
    // UNITY_P3_OWN_EDIT_PROFILE=file: the page's CPU profile over the renames (not the plain input's).
    const profiler = await startPageProfile(
      page.context(),
      page,
      'UNITY_P3_OWN_EDIT_PROFILE',
      "[P3] the page's CPU profile of the own edits",
    );
    try {
      for (let i = 1; i <= config.ownEdits; i++) {
        const text = `${name} (own edit ${i})`;
        const ms = await enterUntilPainted(page, field, text, onBoard(text), timeoutMs);
        if (ms !== null) app.push(round(ms));
      }
      await profiler?.(log);
    } finally {
      // Its name back, so the probes after the open find the card as before.
      await enterUntilPainted(page, field, name, onBoard(name), timeoutMs);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: timeoutMs });
      await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
  } catch (e) {
    log(
      `[P3] own edits stopped after ${app.length} of ${config.ownEdits}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { app, plain };
}

/** One own edit may take this long to show; beyond it the probe counts as missed. */
const OWN_EDIT_TIMEOUT_MS = 10_000;

export const percentiles = (samples: number[]): Percentiles => ({
  ...distribution(samples),
  p95: round(quantile(samples, 0.95)),
});
