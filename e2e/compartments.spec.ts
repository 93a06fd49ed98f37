import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, openCard, openTab, person } from './people';

const TITLE = 'Border Table';
const SHERIFF = 'Webb County SO';
const RELEASED = `TLP:AMBER — REL TO ${SHERIFF}`;
const CORE = 'TLP:AMBER — Task force';

/** The marking a fact's releasability menu shows as chosen (its current compartment). */
const shownMarking = (within: Locator, label: string) => within.getByLabel(label).locator('option:checked');

/** The names of the cards on a page's board, sorted: what two views must agree on. */
async function cardNames(page: Page): Promise<string[]> {
  const cards = await page.getByRole('region', { name: 'Board' }).getByRole('article').all();
  const names = await Promise.all(cards.map(async (c) => (await c.getAttribute('aria-label')) ?? ''));
  return names.sort();
}

/**
 * Three people at three machines through the real relay (ADR 0012 step 8): an admin, an analyst and
 * a partner (a sheriff's office) in a releasable compartment. What is released reaches the partner
 * live; what is not never does; a narrowing drops from its screen; its outcome reaches the analyst
 * with its agency; and "View as" shows the admin exactly the partner's board.
 */
test('an admin releases to a partner’s compartment, narrows, and views the board as the partner', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, TITLE);
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'DEA' }, TITLE);

  // A releasable compartment for the sheriff's office; the partner's invite enters it.
  await openTab(ana, 'Members');
  await ana.getByText(/^Compartments \(/).click();
  const make = ana.getByRole('form', { name: 'New compartment' });
  await make.getByLabel('Compartment title').fill(SHERIFF);
  await expect(make.getByLabel('Kind')).toHaveValue('releasable');
  await expect(make.getByLabel('TLP label')).toHaveValue('TLP:AMBER');
  await make.getByRole('button', { name: 'Create compartment' }).click();
  const grid = ana.getByRole('table', { name: 'Who can read what' });
  await expect(grid.getByRole('columnheader', { name: SHERIFF })).toBeVisible();
  await expect(grid.getByRole('cell', { name: `Ben Sample in ${SHERIFF}` })).toHaveText('reads');

  await ana.getByLabel('Role for the invite').selectOption('partner');
  await ana.getByRole('checkbox', { name: SHERIFF }).check();
  await ana.getByRole('button', { name: 'Create invite' }).click();
  const token = await ana.getByLabel('Invite token').inputValue();
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 15_000 });
  const pat = await person(browser, { name: 'Pat Partner', agency: SHERIFF });
  await pat.getByRole('textbox', { name: 'Invite token' }).fill(token);
  await pat.getByRole('button', { name: 'Join' }).click();
  await expect(pat.getByRole('heading', { name: TITLE })).toBeVisible({ timeout: 20_000 });

  // The grid: the partner reads its compartment, not the task force's.
  await expect(grid.getByRole('cell', { name: `Pat Partner in ${SHERIFF}` })).toHaveText('reads', {
    timeout: 15_000,
  });
  await expect(grid.getByRole('cell', { name: 'Pat Partner in Task force' })).toHaveText('—');

  // Two organizations in the core; one, with its network entry, is released to the partner.
  await addOrganization(ana, 'Org Hidden');
  await addOrganization(ana, 'Org Shared');
  const panel = ana.getByRole('dialog', { name: 'Org Shared' });
  await panel.getByLabel('Entry kind').selectOption('person');
  await panel.getByLabel('Entry name').fill('Courier Sable');
  await panel.getByRole('button', { name: 'Add to network' }).click();
  await expect(card(ana, 'Org Shared')).toContainText(CORE);
  await panel.getByRole('combobox', { name: 'Releasability', exact: true }).selectOption({ label: RELEASED });
  const confirm = panel.getByRole('group', { name: 'Confirm the move of Org Shared' });
  await expect(confirm).toContainText(`Partners in ${SHERIFF} will see it and keep what they see`);
  await confirm.getByRole('button', { name: 'Yes, move it' }).click();
  await expect(card(ana, 'Org Shared')).toContainText(RELEASED);
  await expect(
    panel.getByText(/released to TLP:AMBER — REL TO Webb County SO by Ana Example \(Border Patrol\)/),
  ).toBeVisible();

  // The partner sees the released card live, with its marking and entry; the other never.
  await expect(card(pat, 'Org Shared')).toContainText(RELEASED, { timeout: 15_000 });
  const patPanel = await openCard(pat, 'Org Shared');
  await expect(patPanel.getByRole('table', { name: 'Network entries' })).toContainText('Courier Sable', {
    timeout: 10_000,
  });
  await expect(card(ben, 'Org Hidden')).toBeVisible({ timeout: 10_000 });
  await expect(card(pat, 'Org Hidden')).toHaveCount(0);

  // Narrowing the entry back to the task force: it drops from the partner's screen, not from the analyst's.
  await panel.getByLabel('Releasability of Courier Sable').selectOption({ label: CORE });
  const narrow = panel.getByRole('group', { name: 'Confirm the move of Courier Sable' });
  await expect(narrow).toContainText(
    `Partners in ${SHERIFF} keep what they already saw; no later edit reaches them, and their screens drop it.`,
  );
  await narrow.getByRole('button', { name: 'Yes, move it' }).click();
  await expect(shownMarking(panel, 'Releasability of Courier Sable')).toHaveText(CORE);
  await expect(patPanel.getByText('Courier Sable')).toHaveCount(0, { timeout: 15_000 });
  const benPanel = await openCard(ben, 'Org Shared');
  await expect(shownMarking(benPanel, 'Releasability of Courier Sable')).toHaveText(CORE, { timeout: 10_000 });

  // The partner records an outcome; the analyst sees it, signed with the partner's agency.
  await patPanel.getByLabel('Outcome kind').selectOption('arrest');
  await patPanel.getByLabel('Date').fill('2026-10-02');
  await patPanel.getByLabel('Outcome agency').fill(SHERIFF);
  await patPanel.getByRole('button', { name: 'Record outcome' }).click();
  const arrest = benPanel.getByRole('row', { name: /arrest/ });
  await expect(arrest).toContainText(`Pat Partner (${SHERIFF})`, { timeout: 15_000 });
  await expect(shownMarking(arrest, 'Releasability of arrest of 2026-10-02')).toHaveText(RELEASED);

  // "View as" the partner: exactly the partner's board, read-only, under a banner naming whose it is.
  await panel.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(card(ana, 'Org Hidden')).toBeVisible();
  await ana.getByLabel('View as').selectOption({ label: 'Pat Partner (partner)' });
  await expect(ana.getByRole('region', { name: 'View as' })).toContainText(
    'Viewing the board as Pat Partner (partner)',
  );
  await expect(card(ana, 'Org Shared')).toBeVisible();
  expect(await cardNames(ana)).toEqual(await cardNames(pat));
  expect(await cardNames(ana)).toEqual(['Org Shared']);
  await expect(card(ana, 'Org Shared').getByRole('button')).toHaveCount(0);
  await ana.getByRole('button', { name: 'Back to my board' }).click();
  expect(await cardNames(ana)).toEqual(['Org Hidden', 'Org Shared']);

  // "Releasable to …" filters the admin's board to the partner's compartment.
  await ana.getByLabel('Releasable to').selectOption({ label: SHERIFF });
  await expect(card(ana, 'Org Hidden')).toHaveCount(0);
  await expect(card(ana, 'Org Shared')).toBeVisible();
});
