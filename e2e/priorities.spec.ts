import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, openTab, person } from './people';

const ORGS = ['Org One', 'Org Two', 'Org Three', 'Org Four', 'Org Five', 'Org Six'];

/** Fills a ballot: `ranks[i]` for ORGS[i] (0 leaves it unranked), then casts it. */
async function vote(page: Page, round: string, ranks: number[]): Promise<void> {
  await openTab(page, 'Priorities');
  const ballot = page.getByRole('form', { name: `Ballot for ${round}` });
  await expect(ballot).toBeVisible({ timeout: 10_000 });
  for (const [i, org] of ORGS.entries()) await ballot.getByLabel(`Rank for ${org}`).selectOption(String(ranks[i]));
  await ballot.getByRole('button', { name: 'Cast ballot' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your ballot is cast' })).toBeVisible();
}

test('three leads vote, the round closes, all three see the same verified order and the top five on the board', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Priority Table');
  for (const org of ORGS) await addOrganization(ana, org);
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'DEA' }, 'Priority Table', 'lead');
  const cleo = await inviteAndJoin(browser, ana, { name: 'Cleo Test', agency: 'USCG' }, 'Priority Table', 'lead');

  await openTab(ana, 'Priorities');
  const form = ana.getByRole('form', { name: 'Open a round' });
  await form.getByLabel('Round title').fill('Winter priorities');
  for (const org of ORGS) await form.getByRole('checkbox', { name: org }).check();
  await form.getByRole('button', { name: 'Open round' }).click();

  await vote(ana, 'Winter priorities', [1, 2, 3, 4, 5, 6]);
  await vote(ben, 'Winter priorities', [2, 1, 3, 4, 5, 6]);
  await vote(cleo, 'Winter priorities', [1, 3, 2, 4, 5, 0]);
  // Before the close, everyone sees who voted — never how.
  for (const page of [ana, ben, cleo]) {
    await expect(page.getByLabel('Who has voted')).toHaveText(
      'Voted: Ana Example (Border Patrol), Ben Sample (DEA), Cleo Test (USCG)',
      {
        timeout: 15_000,
      },
    );
  }
  await expect(ben.getByRole('button', { name: 'Close round now' })).toHaveCount(0);
  await ana.getByRole('button', { name: 'Close round now' }).click();

  for (const page of [ana, ben, cleo]) {
    const result = page.getByRole('list', { name: 'Result of Winter priorities' });
    await expect(result.getByRole('listitem')).toHaveText(ORGS, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('status', { name: 'Verification' })).toHaveText(
      'Verified: recounting the 3 signed ballots gives the published result.',
    );
    await openTab(page, 'Target board');
    for (const [i, org] of ORGS.slice(0, 5).entries()) {
      await expect(card(page, org)).toContainText(`Priority #${i + 1}`);
    }
    await expect(card(page, 'Org Six')).not.toContainText('Priority #');
  }
});
