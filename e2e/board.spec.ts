import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, lane, openCard, person } from './people';

/** Drags a card by its handle onto a lane with the mouse, in small steps as a hand would. */
async function dragToLane(page: Page, name: string, laneName: string): Promise<void> {
  const handle = card(page, name).getByRole('button', { name: `Move ${name}` });
  const from = (await handle.boundingBox())!;
  const to = (await lane(page, laneName).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 15 });
  await page.mouse.up();
}

/**
 * The board as text, lane by lane: what both people must end up seeing alike. Who else is looking
 * is left out: each sees the other there, never itself.
 */
async function boardText(page: Page): Promise<string[]> {
  const cards = await page.getByRole('region', { name: 'Board' }).getByRole('article').allInnerTexts();
  return cards.map((text) => text.replace(/\n*Looking now: [^\n]*/, ''));
}

test('two people co-edit the board live, see who wrote what, and merge offline edits', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Corridor Table');
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'County Sheriff' }, 'Corridor Table');

  // A adds an organization; B sees it without reloading.
  await addOrganization(ana, 'Cobalt Mesa Ring');
  await expect(lane(ben, 'Identify').getByRole('article', { name: 'Cobalt Mesa Ring' })).toBeVisible({
    timeout: 10_000,
  });

  // B drags it to another lane; A sees it move.
  await dragToLane(ben, 'Cobalt Mesa Ring', 'Collect');
  await expect(lane(ben, 'Collect').getByRole('article', { name: 'Cobalt Mesa Ring' })).toBeVisible();
  await expect(lane(ana, 'Collect').getByRole('article', { name: 'Cobalt Mesa Ring' })).toBeVisible({
    timeout: 10_000,
  });

  // A edits the network while B records an outcome, in the same card at the same time.
  const anaPanel = ana.getByRole('dialog', { name: 'Cobalt Mesa Ring' });
  await expect(anaPanel).toBeVisible();
  const benPanel = await openCard(ben, 'Cobalt Mesa Ring');
  // Presence: each sees the other looking at this card.
  await expect(anaPanel).toContainText('Also looking: Ben Sample (County Sheriff)', { timeout: 10_000 });
  await expect(card(ana, 'Cobalt Mesa Ring')).toContainText('Looking now: Ben Sample (County Sheriff)');

  await anaPanel.getByLabel('Entry kind').selectOption('person');
  await anaPanel.getByLabel('Entry name').fill('Courier Sable');
  await anaPanel.getByLabel('Role').selectOption('driver');
  await anaPanel.getByRole('button', { name: 'Add to network' }).click();
  await benPanel.getByLabel('Outcome kind').selectOption('arrest');
  await benPanel.getByLabel('Date').fill('2026-10-02');
  await benPanel.getByLabel('Outcome agency').fill('County Sheriff');
  await benPanel.getByLabel('Outcome note').fill('traffic stop, I-8');
  await benPanel.getByRole('button', { name: 'Record outcome' }).click();

  for (const panel of [anaPanel, benPanel]) {
    await expect(panel.getByRole('table', { name: 'Network entries' })).toContainText('Courier Sable', {
      timeout: 10_000,
    });
    await expect(panel.getByLabel('Note of arrest of 2026-10-02')).toHaveValue('traffic stop, I-8', {
      timeout: 10_000,
    });
  }
  // Provenance: the outcome B recorded names B and B's agency on A's screen, from B's signature.
  await expect(anaPanel.getByRole('row', { name: /arrest/ })).toContainText('Ben Sample (County Sheriff)');
  await expect(benPanel.getByRole('row', { name: /Courier Sable/ })).toContainText('Ana Example (Border Patrol)');
  // B edits A's network entry in place; A sees the new detail and who changed it.
  await benPanel.getByLabel('Detail of Courier Sable').fill('drives the grey pickup');
  await benPanel.getByLabel('Detail of Courier Sable').press('Enter');
  await expect(anaPanel.getByLabel('Detail of Courier Sable')).toHaveValue('drives the grey pickup', {
    timeout: 10_000,
  });
  await expect(anaPanel.getByRole('row', { name: /Courier Sable/ })).toContainText(
    'changed by Ben Sample (County Sheriff)',
  );
  await expect(card(ana, 'Cobalt Mesa Ring')).toContainText('Network: 1');
  await expect(card(ana, 'Cobalt Mesa Ring')).toContainText('Outcomes: 1');

  // Both go offline and edit the same card; both come back: one board, nothing lost.
  for (const page of [ana, ben]) {
    await page.context().setOffline(true);
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Offline/, { timeout: 15_000 });
  }
  await anaPanel.getByLabel('Summary').fill('Ana: runs loads through the wash at night');
  await anaPanel.getByLabel('Threat level').selectOption('high');
  await anaPanel.getByLabel('Entry kind').selectOption('phone');
  await anaPanel.getByLabel('Number').fill('+1 555 0170');
  await anaPanel.getByRole('button', { name: 'Add to network' }).click();
  await benPanel.getByLabel('Summary').fill('Ben: uses a tire shop as a front');
  await benPanel.getByLabel('Aliases', { exact: true }).fill('The Mesa');
  await benPanel.getByLabel('Aliases', { exact: true }).press('Enter');
  await benPanel.getByLabel('Outcome kind').selectOption('indictment');
  await benPanel.getByLabel('Date').fill('2026-10-20');
  await benPanel.getByLabel('Outcome agency').fill('USAO');
  await benPanel.getByLabel('Outcome note').fill('four counts');
  await benPanel.getByRole('button', { name: 'Record outcome' }).click();
  await expect(ben.getByRole('status', { name: 'Sync' })).toHaveText(/Offline: \d+ changes waiting/);
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Offline: \d+ changes waiting/);

  for (const page of [ana, ben]) await page.context().setOffline(false);
  for (const page of [ana, ben]) {
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 30_000 });
  }
  for (const panel of [anaPanel, benPanel]) {
    await expect(panel.getByRole('table', { name: 'Network entries' })).toContainText('+1 555 0170', {
      timeout: 10_000,
    });
    await expect(panel.getByLabel('Note of indictment of 2026-10-20')).toHaveValue('four counts', { timeout: 10_000 });
    await expect(panel.getByLabel('Aliases', { exact: true })).toHaveValue('The Mesa');
    await expect(panel.getByLabel('Threat level')).toHaveValue('high');
  }
  // The same field edited on both sides ends in one value, the same for both.
  const summaries = await Promise.all([anaPanel, benPanel].map((p) => p.getByLabel('Summary').inputValue()));
  expect(summaries[0]).toBe(summaries[1]);
  expect(['Ana: runs loads through the wash at night', 'Ben: uses a tire shop as a front']).toContain(summaries[0]);
  await expect.poll(async () => JSON.stringify(await boardText(ben))).toBe(JSON.stringify(await boardText(ana)));
});
