import { expect, test } from '@playwright/test';

import { inviteAndJoin, openTab, person, RELAY_URL } from './people';

/** The agencies a text names as "Name (Agency)". */
const agenciesIn = (texts: string[]): Set<string> =>
  new Set(texts.flatMap((t) => [...t.matchAll(/\(([^()]+)\)/g)].map((m) => m[1]!)));

test('a newcomer opens the demo in one step: a task force’s year, signed by members of several agencies', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await person(browser, { name: 'Nora Newcomer', agency: 'Training Unit' });
  const started = Date.now();
  await page.getByRole('button', { name: 'Open the demo workspace (fictional data)' }).click();
  await expect(page.getByRole('heading', { name: 'Demo table (fictional data)' })).toBeVisible({ timeout: 15_000 });
  const board = page.getByRole('region', { name: 'Board' });
  await expect(board.getByRole('article')).toHaveCount(12);
  console.log(`demo opened in ${Date.now() - started} ms (click to a full board)`);
  for (const lane of ['Identify', 'Collect', 'Target', 'Disrupt', 'Dismantled']) {
    await expect(board.getByRole('region', { name: lane })).toBeVisible();
  }
  // The busiest card: its network and outcomes, each signed by the member who added it.
  const name = 'Copper Heron Network';
  await board.getByRole('button', { name: `Open ${name}` }).click();
  const panel = page.getByRole('dialog', { name });
  await expect(panel.getByRole('table', { name: 'Network entries' }).getByRole('row')).not.toHaveCount(0);
  await expect(panel.getByRole('table', { name: 'Outcome list' })).toBeVisible();
  await expect(panel.locator('.provenance')).toContainText('Added by Nora Quill (DEA)');
  const signed = await panel.locator('.provenance, .fact-author').allTextContents();
  const agencies = agenciesIn(signed);
  expect(agencies.size, `agencies in the card's provenance: ${[...agencies].join(', ')}`).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Escape');

  // Closed rounds: the top five moved between quarters.
  await openTab(page, 'Priorities');
  const history = page.getByRole('table', { name: 'Rank history' });
  await expect(history).toBeVisible();
  await expect(history.getByRole('columnheader')).toHaveCount(5); // the organization, and four rounds
  await expect(history.getByRole('cell').filter({ hasText: /[▲▼]/ }).first()).toBeVisible();

  // A year of outcomes: every chart of the Metrics tab, each with its table.
  await openTab(page, 'Metrics');
  const charts = page.getByRole('img', { name: /The table beside it holds every value\.$/ });
  await expect(charts).toHaveCount(7, { timeout: 15_000 });
  const overTime = page.getByRole('region', { name: 'Outcomes per month' });
  await expect(overTime.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(overTime.getByRole('table', { name: 'Outcomes by kind, per period' }).getByRole('row')).toHaveCount(14);
  await expect(
    page.getByRole('table', { name: 'Narcotics seized, kilograms by drug kind' }).getByRole('row'),
  ).not.toHaveCount(1);

  // This week's briefing is ready to hand out: its bottom line written, the top five, the week's moves.
  await openTab(page, 'Briefing');
  const preview = page.getByRole('article', { name: /— Briefing / });
  await expect(preview.getByRole('note', { name: 'Classification banner' })).toHaveCount(2);
  await expect(preview.getByRole('region', { name: 'Bottom line up front' })).toContainText('moved lanes this week');
  await expect(preview.getByRole('region', { name: 'Top five priorities' }).getByRole('listitem')).toHaveCount(5);
  await expect(preview.getByRole('region', { name: 'Lane changes' }).getByRole('listitem')).not.toHaveCount(0);

  // The demo is offered once: it is now in the list of workspaces.
  await page.getByRole('button', { name: 'All workspaces' }).click();
  await expect(page.getByRole('button', { name: 'Open Demo table (fictional data)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open the demo workspace (fictional data)' })).toHaveCount(0);
});

test('the demo reaches the relay: a colleague invited to it sees the whole board', async ({ browser }) => {
  test.setTimeout(90_000);
  const trainer = await person(browser, { name: 'Tess Trainer', agency: 'Training Unit' });
  await trainer.getByLabel('Relay address').fill(RELAY_URL);
  await trainer.getByRole('button', { name: 'Open the demo workspace (fictional data)' }).click();
  const title = 'Demo table (fictional data)';
  await expect(trainer.getByRole('heading', { name: title })).toBeVisible({ timeout: 15_000 });
  await expect(trainer.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 30_000 });
  const trainee = await inviteAndJoin(browser, trainer, { name: 'Tom Trainee', agency: 'Border Patrol' }, title);
  await expect(trainee.getByRole('region', { name: 'Board' }).getByRole('article')).toHaveCount(12, {
    timeout: 20_000,
  });
});
