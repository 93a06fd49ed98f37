import { expect, test } from '@playwright/test';

import { person } from './people';

test('a newcomer opens the demo workspace in one step and finds a full board of fictional data', async ({
  browser,
}) => {
  const page = await person(browser, { name: 'Nora Newcomer', agency: 'USCG' });
  await page.getByRole('button', { name: 'Open the demo workspace (fictional data)' }).click();
  await expect(page.getByRole('heading', { name: 'Demo table (fictional data)' })).toBeVisible({ timeout: 15_000 });
  const board = page.getByRole('region', { name: 'Board' });
  await expect(board.getByRole('article')).toHaveCount(12);
  // Cards spread over the lanes, each with a network and outcomes to look at.
  for (const lane of ['Identify', 'Collect', 'Target', 'Disrupt', 'Dismantled']) {
    await expect(board.getByRole('region', { name: lane })).toBeVisible();
  }
  const first = board.getByRole('article').first();
  const name = (await first.getAttribute('aria-label'))!;
  await first.getByRole('button', { name: `Open ${name}` }).click();
  const panel = page.getByRole('dialog', { name });
  await expect(panel.getByRole('table', { name: 'Network entries' }).getByRole('row')).not.toHaveCount(0);
  await expect(panel.getByRole('table', { name: 'Outcome list' })).toBeVisible();
  await expect(panel).toContainText('Added by Nora Newcomer (USCG)');
  // The demo is offered once: it is now in the list of workspaces.
  await page.getByRole('button', { name: 'All workspaces' }).click();
  await expect(page.getByRole('button', { name: 'Open Demo table (fictional data)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open the demo workspace (fictional data)' })).toHaveCount(0);
});
