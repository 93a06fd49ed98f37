import { expect, test } from '@playwright/test';

import { addOrganization, createWorkspace, openTab, person } from './people';

/**
 * A tab that throws while rendering (here: the date display, broken on purpose from the test)
 * says what failed in a sentence and offers to try again, while the other tabs, the header and
 * the sync state keep working. Without a boundary React unmounts the whole page: a blank app.
 */
test('a tab that fails says so in a sentence, the rest of the app keeps working, and Try again recovers', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Boundary Table');
  for (const org of ['Org One', 'Org Two']) await addOrganization(ana, org);
  await openTab(ana, 'Priorities');
  const form = ana.getByRole('form', { name: 'Open a round' });
  await form.getByLabel('Round title').fill('Spring priorities');
  for (const org of ['Org One', 'Org Two']) await form.getByRole('checkbox', { name: org }).check();
  await form.getByRole('button', { name: 'Open round' }).click();
  await expect(ana.getByRole('heading', { name: 'Spring priorities' })).toBeVisible();

  await openTab(ana, 'Target board');
  await ana.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the same prototype below
    const original = Date.prototype.toLocaleString;
    (globalThis as unknown as { restoreDates: () => void }).restoreDates = () => {
      Date.prototype.toLocaleString = original;
    };
    Date.prototype.toLocaleString = () => {
      throw new Error('the date display broke');
    };
  });
  await openTab(ana, 'Priorities');
  await expect(ana.getByRole('alert', { name: 'The Priorities tab failed' })).toHaveText(
    /The Priorities tab failed: the date display broke\. Nothing was lost; the rest of the app still works\./,
  );

  // The rest of the app is alive: the header, the sync state and the other tabs.
  await expect(ana.getByRole('button', { name: 'Lock' })).toBeVisible();
  await expect(ana.getByRole('status', { name: 'Sync' })).toBeVisible();
  await openTab(ana, 'Members');
  await expect(ana.getByRole('table', { name: 'Members of this workspace' })).toContainText('Ana Example');
  await openTab(ana, 'Priorities');
  await expect(ana.getByRole('alert', { name: 'The Priorities tab failed' })).toBeVisible();

  await ana.evaluate(() => (globalThis as unknown as { restoreDates: () => void }).restoreDates());
  await ana.getByRole('button', { name: 'Try again' }).click();
  await expect(ana.getByRole('heading', { name: 'Spring priorities' })).toBeVisible();
  await expect(ana.getByRole('alert', { name: 'The Priorities tab failed' })).toHaveCount(0);
});
