import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Locator, Page } from '@playwright/test';

import type { Log } from './harness';
import { now, sleep } from './harness';

// Bench P3 in the browser: the board found as a person finds it (roles and names), and probes
// that run inside the page, timed on the page's own clock.

/** The passphrase every bench identity is made with. */
export const PASSPHRASE = 'a long bench passphrase';

/** Opens the app and makes a new identity (a fictional name and agency) as a person does. */
export async function createIdentity(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Dana Sample');
  await page.getByLabel('Agency').fill('County Sheriff');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create my identity' }).click();
}

/** A card on the live board (exact: the cold open's preview is a region of its own name). */
export const card = (page: Page, lane: string, name: string): Locator =>
  page
    .getByRole('region', { name: 'Board', exact: true })
    .getByRole('region', { name: lane, exact: true })
    .getByRole('article', { name, exact: true });

/** The same card on a cold open's board preview, painted from the local board cache (ADR 0022). */
export const previewCard = (page: Page, lane: string, name: string): Locator =>
  page
    .getByRole('region', { name: 'Board preview (not live)', exact: true })
    .getByRole('region', { name: lane, exact: true })
    .getByRole('article', { name, exact: true });

/**
 * Waits until the page has written a board cache (ADR 0022: a few seconds after the board is live), so
 * the next cold open can paint it; false if none came in `timeoutMs`. Reads only whether a record exists.
 */
export async function boardCacheWritten(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('unity-table-transport');
          open.onerror = () => resolve(0);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) return resolve(0);
            const range = IDBKeyRange.bound('board-cache:', 'board-cache:\uffff');
            const req = db.transaction('records').objectStore('records').index('byWorkspace').count(range);
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => resolve(0);
          };
        }),
    );
    if (count > 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

export async function openAndClose(page: Page, name: string, timeoutMs: number): Promise<number> {
  const t = now();
  await page.getByRole('button', { name: `Open ${name}`, exact: true }).click({ timeout: timeoutMs });
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  const ms = now() - t;
  await dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: timeoutMs });
  await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
  return ms;
}

/** Click → dialog, timed in the page (Playwright's own checks and round trips left out); null if none came. */
export async function clickProbe(page: Page, name: string, timeoutMs: number): Promise<number | null> {
  // A dialog the previous probe could not close is closed first (or this probe is missed too).
  if (!(await closeDialogs(page, timeoutMs))) return null;
  const button = await page
    .getByRole('button', { name: `Open ${name}`, exact: true })
    .elementHandle({ timeout: timeoutMs })
    .catch(() => null);
  if (!button) return null;
  const ms = await button.evaluate(clickUntil, { selector: '[role="dialog"], dialog[open]', timeoutMs });
  await button.dispose();
  // Closed whether or not it came in time, so the next probe starts from the board. A page too busy to
  // close it within the timeout misses this probe (the next one closes it first), rather than ending the run.
  const closed = await closeDialogs(page, timeoutMs);
  return ms >= 0 && closed ? ms : null;
}

/** Closes an open dialog, if any; false if the page did not within `timeoutMs`. */
async function closeDialogs(page: Page, timeoutMs: number): Promise<boolean> {
  const dialog = page.getByRole('dialog');
  try {
    if ((await dialog.count()) === 0) return true;
    await dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: timeoutMs });
    await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

export async function inSync(page: Page, timeoutMs: number): Promise<void> {
  const status = page.getByRole('status', { name: 'Sync' });
  const deadline = Date.now() + timeoutMs;
  while (!((await status.textContent({ timeout: timeoutMs })) ?? '').startsWith('Online: in sync')) {
    if (Date.now() > deadline) throw new Error(`the page is not in sync after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * With the environment variable `envVar` set to a file (UNITY_P3_PROFILE for P3's load phase),
 * starts the page's CPU profiler; the returned function stops it and writes the profile there
 * (a .cpuprofile, for Chrome DevTools' Performance panel), logging `what`.
 */
export async function startPageProfile(
  context: BrowserContext,
  page: Page,
  envVar = 'UNITY_P3_PROFILE',
  what = "[P3] the page's CPU profile under load",
): Promise<((log: Log) => Promise<void>) | null> {
  const path = process.env[envVar];
  if (!path) return null;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async (log) => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    await cdp.detach();
    log(`${what}: ${path}`);
  };
}

export async function readHeap(context: BrowserContext, page: Page): Promise<{ used: number; total: number }> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { used: metric('JSHeapUsedSize'), total: metric('JSHeapTotalSize') };
  } finally {
    await cdp.detach();
  }
}

// Functions that run in the page (serialized by Playwright: they may use nothing from this file).
// The Node-only type check knows no DOM: what they touch is declared here.
interface PageNode {
  textContent: string | null;
  getAttribute?(name: string): string | null;
}
interface PageMutation {
  type: 'attributes' | 'characterData' | 'childList';
  target: PageNode;
  attributeName: string | null;
  addedNodes: ArrayLike<PageNode>;
}
interface PageGlobal {
  document: { querySelector(selector: string): unknown; body: unknown };
  MutationObserver: new (callback: (mutations: PageMutation[]) => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  __p3seen?: Record<string, number>;
  requestAnimationFrame(callback: () => void): number;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(value: unknown): void } };
  PerformanceObserver: new (callback: (list: { getEntries(): Array<{ duration: number }> }) => void) => PageObserver;
  __p3?: { lags: number[]; longTasks: number[]; started: number; running: boolean; observer: PageObserver };
}
interface PageObserver {
  observe(options: { type: string }): void;
  disconnect(): void;
}

/** Clicks `button`, then resolves with the ms until `selector` matches and that frame is painted (-1 past `timeoutMs`). */
export function clickUntil(
  button: unknown,
  { selector, timeoutMs }: { selector: string; timeoutMs: number },
): Promise<number> {
  const page = globalThis as unknown as PageGlobal;
  return new Promise((resolve) => {
    const t0 = performance.now();
    (button as { click(): void }).click();
    const check = () => {
      if (page.document.querySelector(selector)) {
        // Found in a frame's callbacks, before its paint: a task later, that frame is on screen.
        const channel = new page.MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - t0);
        channel.port2.postMessage(0);
      } else if (performance.now() - t0 > timeoutMs) resolve(-1);
      else page.requestAnimationFrame(check);
    };
    page.requestAnimationFrame(check);
  });
}

export function watchForText(text: string): void {
  const page = globalThis as unknown as PageGlobal;
  const seen = (page.__p3seen ??= {});
  const has = (node: PageNode | null) => Boolean(node?.textContent?.includes(text));
  const observer = new page.MutationObserver((mutations) => {
    const found = mutations.some((m) =>
      m.type === 'attributes'
        ? Boolean(m.attributeName && m.target.getAttribute?.(m.attributeName)?.includes(text))
        : m.type === 'characterData'
          ? has(m.target)
          : Array.from(m.addedNodes).some(has),
    );
    if (!found) return;
    observer.disconnect();
    page.requestAnimationFrame(() => {
      const channel = new page.MessageChannel();
      channel.port1.onmessage = () => (seen[text] = Date.now());
      channel.port2.postMessage(0);
    });
  });
  observer.observe(page.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

export function seenAt(text: string): number | false {
  return (globalThis as unknown as PageGlobal).__p3seen?.[text] ?? false;
}

export function startLagMonitor(): void {
  const page = globalThis as unknown as PageGlobal;
  const state = { lags: [] as number[], longTasks: [] as number[], started: performance.now(), running: true };
  const observer = new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  page.__p3 = { ...state, observer };
  const period = 50;
  let due = performance.now() + period;
  const tick = () => {
    const at = performance.now();
    page.__p3!.lags.push(Math.max(0, at - due));
    due = at + period;
    if (page.__p3!.running) setTimeout(tick, period);
  };
  setTimeout(tick, period);
}

export function stopLagMonitor(): { lags: number[]; longTasks: number[]; elapsedMs: number } {
  const p3 = (globalThis as unknown as PageGlobal).__p3!;
  p3.running = false;
  p3.observer.disconnect();
  return { lags: p3.lags, longTasks: p3.longTasks, elapsedMs: performance.now() - p3.started };
}

/** Builds the browser host (out/web) if it is missing or older than the sources it is built from. */
export async function ensureWebBuild(log: Log): Promise<void> {
  const root = join(import.meta.dirname, '..');
  const built = join(root, 'out/web/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'shared')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('[P3] building the browser host (out/web)…');
  const { build } = await import('vite');
  const { rendererConfig } = await import('../vite.web.config');
  await build({ ...rendererConfig('out/web'), configFile: false, logLevel: 'warn' });
}
