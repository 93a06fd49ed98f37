import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import type * as Y from 'yjs';

import { asFact, facts, OUTCOMES, str } from '../shared/model';
import { startWebServer } from '../scripts/webServer';
import type { Log } from './harness';
import { now, startBenchRelay } from './harness';
import type { P3Config } from './p3Board';
import { CHROMIUM_ARGS, seedWorkspace } from './p3Board';
import { card, clickUntil, createIdentity, ensureWebBuild, inSync, startPageProfile } from './p3Page';
import { median, quantile, ratio, round } from './stats';

/**
 * The Metrics tab on P3's workspace (issue 16): from the click on the tab to the first chart's bars on
 * screen, against the Target board tab shown on the same page (click → the first card on screen).
 */
export interface MetricsTabConfig {
  /** P3's workspace and seeding (its editors are not used: no one edits here). */
  p3: P3Config;
  /** Openings of each tab, alternating which goes first. */
  reps: number;
  targetMs: number;
}

export interface MetricsTabResult {
  config: MetricsTabConfig;
  notes: string[];
  workspace: {
    organizations: number;
    outcomes: number;
    /** Outcomes dated in the tab's default period (the last twelve months), counted in Node from the document. */
    outcomesLastYear: number;
    oldestOutcome: string;
    newestOutcome: string;
  };
  /** Click on the tab → the first chart's bars in the DOM, a frame and a task later (page clock), ms. */
  metricsRuns: number[];
  boardRuns: number[];
  metrics: { first: number; p50: number; p95: number };
  board: { first: number; p50: number; p95: number };
  /** metrics p50 / board p50. */
  ratio: number;
  target: { compared: 'metrics.p50'; limitMs: number; valueMs: number; met: boolean };
}

/** The Metrics tab's first chart, drawn: a bar of its first image. */
const FIRST_CHART = '[role="tabpanel"] .metrics-figure[role="img"] .recharts-bar-rectangle';
const FIRST_CARD = '[role="tabpanel"] article';

const NOTES = [
  'The workspace is P3’s (seedDemoWorkspace written into the core room by the admin’s client, sealed, compacted and uploaded as the product makes a workspace), joined by the browser with an invite; no one edits.',
  'Each run starts on the Members tab; the clock runs in the page from the DOM click on the tab to the first frame in which the selector matches, then a task later (the frame is on screen). Metrics: the first bar of the first chart; board: the first card. Metrics and board alternate which goes first.',
  'Every opening of the Metrics tab reads the board’s outcomes afresh (the panel mounts when its tab opens): metrics.first is the first opening in the page, the median includes it.',
  'outcomesLastYear is counted in Node from the decrypted document (each outcome’s date within the last twelve months), independently of shared/metrics.',
];

export async function runMetricsTab(config: MetricsTabConfig, log: Log): Promise<MetricsTabResult> {
  await ensureWebBuild(log);
  const relay = await startBenchRelay();
  const web = await startWebServer({ port: 0, relayUrl: null, hosted: false });
  const closers: Array<() => unknown> = [];
  try {
    const ws = await seedWorkspace(relay.url, { ...config.p3, clients: 0 }, log);
    closers.push(() => ws.close());
    const span = outcomeSpan(ws.mirror);
    log(
      `[Metrics] ${span.outcomes} outcomes from ${span.oldest} to ${span.newest}, ${span.lastYear} in the last twelve months`,
    );
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    closers.push(() => browser.close());
    const context = await browser.newContext({ baseURL: web.url });
    // tsx (esbuild) wraps nested functions in __name(); the page functions below need it defined.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`[Metrics] page error: ${e.message}`));
    await join(page, ws.token, ws.probeCards[0]!, config.p3.timeoutMs, log);

    const stopProfile = await startPageProfile(
      context,
      page,
      'UNITY_METRICS_PROFILE',
      "[Metrics] the page's CPU profile over the runs",
    );
    const metricsRuns: number[] = [];
    const boardRuns: number[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const order: Array<['Metrics' | 'Target board', string, number[]]> = [
        ['Metrics', FIRST_CHART, metricsRuns],
        ['Target board', FIRST_CARD, boardRuns],
      ];
      if (rep % 2 === 1) order.reverse();
      for (const [tab, selector, runs] of order) {
        await page.getByRole('tab', { name: 'Members', exact: true }).click();
        await page.getByRole('tabpanel', { name: 'Members' }).waitFor({ state: 'visible' });
        const ms = await tabProbe(page, tab, selector, config.p3.timeoutMs);
        if (ms === null) throw new Error(`the ${tab} tab showed nothing within ${config.p3.timeoutMs} ms`);
        runs.push(round(ms));
      }
      log(`[Metrics] run ${rep + 1}: metrics ${metricsRuns.at(-1)} ms, board ${boardRuns.at(-1)} ms`);
    }
    await stopProfile?.(log);
    const stats = (runs: number[]) => ({
      first: runs[0]!,
      p50: round(median(runs)),
      p95: round(quantile(runs, 0.95)),
    });
    const metrics = stats(metricsRuns);
    const board = stats(boardRuns);
    return {
      config,
      notes: NOTES,
      workspace: {
        organizations: ws.stats.organizations,
        outcomes: span.outcomes,
        outcomesLastYear: span.lastYear,
        oldestOutcome: span.oldest,
        newestOutcome: span.newest,
      },
      metricsRuns,
      boardRuns,
      metrics,
      board,
      ratio: ratio(metrics.p50, board.p50),
      target: {
        compared: 'metrics.p50',
        limitMs: config.targetMs,
        valueMs: metrics.p50,
        met: metrics.p50 <= config.targetMs,
      },
    };
  } finally {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
    await web.close();
    await relay.close();
  }
}

/** The outcomes of the document as it was seeded: how many, their date range, and how many in the last year. */
function outcomeSpan(doc: Y.Doc): { outcomes: number; lastYear: number; oldest: string; newest: string } {
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const dates: string[] = [];
  facts(doc, OUTCOMES).forEach((value) => {
    const fact = asFact(value);
    if (fact) dates.push(str(fact, 'date'));
  });
  dates.sort();
  return {
    outcomes: dates.length,
    lastYear: dates.filter((d) => d > yearAgo && d <= today).length,
    oldest: dates[0] ?? '',
    newest: dates.at(-1) ?? '',
  };
}

async function join(page: Page, token: string, [lane, name]: [string, string, string], timeoutMs: number, log: Log) {
  await createIdentity(page);
  await page.getByRole('textbox', { name: 'Invite token' }).fill(token);
  log('[Metrics] the browser joins…');
  const t = now();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await card(page, lane, name).waitFor({ state: 'visible', timeout: timeoutMs });
  await inSync(page, timeoutMs);
  log(`[Metrics] joined and in sync after ${Math.round(now() - t)} ms`);
}

/** Click on the tab named `tab` → `selector` matches, timed in the page; null if it never did. */
async function tabProbe(page: Page, tab: string, selector: string, timeoutMs: number): Promise<number | null> {
  const button = await page.getByRole('tab', { name: tab, exact: true }).elementHandle({ timeout: timeoutMs });
  const ms = await button.evaluate(clickUntil, { selector, timeoutMs });
  await button.dispose();
  return ms >= 0 ? ms : null;
}
