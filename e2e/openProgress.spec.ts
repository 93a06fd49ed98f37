import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { initCrypto, randomBytes } from '../shared/crypto';
import { encodeInviteToken } from '../shared/protocol';
import { openTab, person, RELAY_URL } from './people';

/** From now on the page records every sentence its progress region shows. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Array<{ phase: string; text: string }> = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const status = document.querySelector<HTMLElement>('.open-progress [role="status"]');
      if (!status) return;
      const entry = { phase: status.dataset['phase'] ?? '', text: status.textContent ?? '' };
      const last = seen[seen.length - 1];
      if (!last || last.text !== entry.text) seen.push(entry);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const progressSeen = (page: Page): Promise<Array<{ phase: string; text: string }>> =>
  page.evaluate(() => (window as unknown as { progressSeen: Array<{ phase: string; text: string }> }).progressSeen);

/**
 * Issue 17: whatever takes longer than a moment says what it is doing and how far along it is. The page
 * records every sentence its progress region shows (a MutationObserver, so no timing is asserted).
 */
test('a join of the demo’s year shows its progress: connecting, downloading, checking envelopes, in that order', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await ana.getByLabel('Relay address').fill(RELAY_URL);
  await recordProgress(ana);
  await ana.getByRole('button', { name: 'Open the demo workspace (fictional data)' }).click();
  await expect(ana.getByRole('heading', { name: 'Demo table (fictional data)' })).toBeVisible({ timeout: 20_000 });
  // The demo's build said how far it was: cards written, then months of history, then envelopes checked.
  const built = await progressSeen(ana);
  console.log(`progress seen while the demo was built:\n${built.map((p) => `  ${p.phase}: ${p.text}`).join('\n')}`);
  const builtSentence: Record<string, RegExp> = {
    starting: /^Starting…$/,
    building: /^Writing the demo's cards: [\d,]+ of [\d,]+ organizations?$/,
    history: /^Writing the demo's year of history: month [\d,]+ of [\d,]+$/,
    checking: /^Checking envelopes: [\d,]+ of [\d,]+$/,
    opening: /^Opening the board…$/,
    ready: /^Ready$/,
  };
  for (const p of built) expect(p.text, `the ${p.phase} sentence`).toMatch(builtSentence[p.phase] ?? /^$/);
  const builtRanks = built.map((p) => Object.keys(builtSentence).indexOf(p.phase));
  expect(builtRanks, 'phases only move forward').toEqual([...builtRanks].sort((a, b) => a - b));
  expect(new Set(built.map((p) => p.phase)).has('building'), 'the cards written were shown').toBe(true);
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 30_000 });
  await openTab(ana, 'Members');
  await ana.getByLabel('Role for the invite').selectOption('analyst');
  await ana.getByRole('button', { name: 'Create invite' }).click();
  const token = await ana.getByLabel('Invite token').inputValue();
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 15_000 });

  const ben = await person(browser, { name: 'Ben Sample', agency: 'County Sheriff' });
  await recordProgress(ben);
  await ben.getByRole('textbox', { name: 'Invite token' }).fill(token);
  await ben.getByRole('button', { name: 'Join' }).click();
  await expect(ben.getByRole('heading', { name: 'Demo table (fictional data)' })).toBeVisible({ timeout: 30_000 });
  // Opened whole: the board is there at once, not filled in later by the live connection.
  await expect(ben.getByRole('region', { name: 'Board' }).getByRole('article')).toHaveCount(12, { timeout: 2_000 });

  const seen = await progressSeen(ben);
  console.log(`progress seen while joining:\n${seen.map((s) => `  ${s.phase}: ${s.text}`).join('\n')}`);
  const sentence: Record<string, RegExp> = {
    starting: /^Starting…$/,
    connecting: /^Connecting to the relay(…|: [\d.,]+ (bytes?|kB|MB) received)$/,
    joining: /^Sending your join to the relay…$/,
    reading: /^Reading the local copy(…|: [\d,]+ records? \([\d.,]+ (bytes?|kB|MB)\))$/,
    downloading: /^Downloading the workspace(…|: [\d.,]+ (bytes?|kB|MB) received)$/,
    checking: /^Checking envelopes: [\d,]+ of [\d,]+$/,
    opening: /^Opening the board…$/,
    ready: /^Ready$/,
  };
  for (const s of seen) expect(s.text, `the ${s.phase} sentence`).toMatch(sentence[s.phase] ?? /^$/);
  const order = Object.keys(sentence);
  const ranks = seen.map((s) => order.indexOf(s.phase));
  expect(ranks, 'phases only move forward').toEqual([...ranks].sort((a, b) => a - b));
  const phases = new Set(seen.map((s) => s.phase));
  expect(phases.has('downloading'), 'the download was shown').toBe(true);
  expect(phases.has('checking'), 'the envelope checks were shown').toBe(true);
  for (const s of seen.filter((x) => x.phase === 'checking')) {
    const [done, total] = s.text.match(/[\d,]+/g)!.map((n) => Number(n.replace(/,/g, '')));
    expect(total).toBeGreaterThan(0);
    expect(done).toBeLessThanOrEqual(total!);
  }
});

test('a join that waits on a relay: the progress fits 360 px, passes axe, and Cancel returns to the list with nothing added', async ({
  browser,
}) => {
  // A relay address where something accepts the connection and never answers.
  const sockets = new Set<Socket>();
  const silent = createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  try {
    await initCrypto();
    const token = encodeInviteToken({
      workspaceId: 'w-progress-check',
      relayUrl: `ws://127.0.0.1:${port}`,
      seed: randomBytes(32),
    });
    const page = await person(browser, { name: 'Cara Field', agency: 'Coast Guard' });
    await page.setViewportSize({ width: 360, height: 720 });
    await page.getByRole('textbox', { name: 'Invite token' }).fill(token);
    await page.getByRole('button', { name: 'Join' }).click();

    const status = page.getByRole('status').filter({ hasText: /^Connecting to the relay/ });
    await expect(status).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Joining the workspace' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Joining the workspace' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'nothing scrolls sideways at 360 px').toBeLessThanOrEqual(360);
    const axe = await new AxeBuilder({ page }).include('.open-progress').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible();
    await expect(page.getByText('No workspace yet')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
