import { expect, test } from '@playwright/test';
import type { Dialog } from '@playwright/test';

import { addOrganization, createWorkspace, openTab, person } from './people';

/**
 * Two people at two machines (two browser contexts) through the real relay: an admin creates a
 * workspace and invites; an analyst joins with the token; both see each other in the roster with
 * agencies and fingerprints; both edit; the admin removes the analyst.
 */
test('an admin invites an analyst, both see the roster and edit, then the admin removes the analyst', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Sector Table');
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Online/, { timeout: 15_000 });

  await openTab(ana, 'Members');
  await ana.getByLabel('Role for the invite').selectOption('analyst');
  await ana.getByRole('button', { name: 'Create invite' }).click();
  const token = await ana.getByLabel('Invite token').inputValue();
  expect(token).toMatch(/^UT1-/);
  await expect(ana.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/);

  const ben = await person(browser, { name: 'Ben Sample', agency: 'County Sheriff' });
  await ben.getByRole('textbox', { name: 'Invite token' }).fill(token);
  await ben.getByRole('button', { name: 'Join' }).click();
  await expect(ben.getByRole('heading', { name: 'Sector Table' })).toBeVisible({ timeout: 20_000 });

  // Both rosters show both people, agencies, roles and the same fingerprints.
  const benFingerprint = await (async () => {
    await openTab(ben, 'Members');
    return (await ben.getByLabel('Your fingerprint').textContent())!;
  })();
  await openTab(ana, 'Members');
  for (const page of [ana, ben]) {
    const roster = page.getByRole('table', { name: 'Members of this workspace' });
    await expect(roster.getByRole('row', { name: /Ana Example/ })).toContainText('Border Patrol');
    await expect(roster.getByRole('row', { name: /Ben Sample/ })).toContainText('County Sheriff');
    await expect(roster.getByRole('row', { name: /Ben Sample/ })).toContainText('analyst');
    await expect(roster.getByRole('row', { name: /Ben Sample/ })).toContainText(benFingerprint);
  }

  // Verification aloud: Ana types what Ben reads.
  ana.once('dialog', async (d) => await d.accept(benFingerprint));
  await ana.getByRole('button', { name: 'Verify Ben Sample' }).click();
  await expect(ana.getByRole('row', { name: /Ben Sample/ })).toContainText('verified');
  await expect(ana.getByRole('row', { name: /Ben Sample/ })).not.toContainText('not verified');

  // Both edit; each sees the other's edit.
  await addOrganization(ana, 'Org Falcon');
  await addOrganization(ben, 'Org Heron');
  for (const page of [ana, ben]) {
    const list = page.getByRole('region', { name: 'Board' });
    await expect(list).toContainText('Org Falcon', { timeout: 10_000 });
    await expect(list).toContainText('Org Heron', { timeout: 10_000 });
  }

  // The invite Ben used shows as used; a spare one is still open.
  await openTab(ana, 'Members');
  await ana.getByText(/^Invites \(/).click();
  const invites = ana.getByRole('table', { name: 'Invites' });
  await expect(invites.getByRole('row', { name: /analyst/ })).toContainText('used (Ben Sample)', { timeout: 10_000 });
  await ana.getByLabel('Role for the invite').selectOption('lead');
  await ana.getByRole('button', { name: 'Create invite' }).click();
  await expect(invites.getByRole('row', { name: /lead/ })).toContainText('not used yet');
  await ana.getByText(/^Invites \(/).click(); // folded again: its rows name Ben too

  // Removal (and, when asked, the open invites with it): Ben's connection is closed, and what Ana
  // writes afterwards never reaches him.
  const prompts: string[] = [];
  const accept = async (d: Dialog) => {
    prompts.push(d.message());
    await d.accept();
  };
  ana.on('dialog', accept);
  await ana.getByRole('button', { name: 'Remove Ben Sample' }).click();
  await expect(ana.getByRole('row', { name: /Ben Sample/ })).toHaveCount(0);
  ana.off('dialog', accept);
  expect(prompts[1]).toMatch(/Also revoke the 1 open invite\?/);
  await ana.getByText(/^Invites \(/).click();
  await expect(invites.getByRole('row', { name: /lead/ })).toContainText('revoked');
  await expect(ben.getByRole('status', { name: 'Sync' })).toHaveText(/Offline.*member/, { timeout: 15_000 });
  await addOrganization(ana, 'Org After Removal');
  await expect(ana.getByRole('region', { name: 'Board' })).toContainText('Org After Removal');
  await ben.waitForTimeout(1500);
  await expect(ben.getByRole('region', { name: 'Board' })).not.toContainText('Org After Removal');
});

test('a wrong passphrase gets a clear message; changing it loses nothing; leaving forgets the workspace', async ({
  browser,
}) => {
  const page = await person(browser, { name: 'Cara Test', agency: 'Coast Guard' });
  await createWorkspace(page, 'Harbor Table', 'ws://127.0.0.1:9');
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Wrong passphrase/);
  await page.getByLabel('Passphrase').fill('a long test passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Open Harbor Table' })).toBeVisible();
  await page.getByRole('button', { name: 'Open Harbor Table' }).click();
  await expect(page.getByRole('heading', { name: 'Harbor Table' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Offline|Connecting/);

  // A new passphrase re-seals the vault and loses nothing; the old one no longer opens it.
  await page.getByRole('button', { name: 'All workspaces' }).click();
  await page.getByLabel('New passphrase', { exact: true }).fill('another long passphrase');
  await page.getByLabel('Repeat new passphrase').fill('another long passphrase');
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passphrase changed.' })).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Passphrase').fill('a long test passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Wrong passphrase/);
  await page.getByLabel('Passphrase').fill('another long passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Open Harbor Table' })).toBeVisible();

  // Leaving forgets the workspace on this machine.
  page.once('dialog', async (d) => await d.accept());
  await page.getByRole('button', { name: 'Leave Harbor Table' }).click();
  await expect(page.getByRole('button', { name: 'Open Harbor Table' })).toHaveCount(0);
});

test('an admin sees the open invites and revokes one', async ({ browser }) => {
  const page = await person(browser, { name: 'Dana Test', agency: 'ATF' });
  await createWorkspace(page, 'Invite Table', 'ws://127.0.0.1:9');
  await openTab(page, 'Members');
  await page.getByLabel('Role for the invite').selectOption('observer');
  await page.getByRole('button', { name: 'Create invite' }).click();
  await page.getByText(/^Invites \(/).click();
  const row = page.getByRole('table', { name: 'Invites' }).getByRole('row', { name: /observer/ });
  await expect(row).toContainText('not used yet');
  await expect(row).toContainText('Dana Test');
  page.once('dialog', async (d) => await d.accept());
  await row.getByRole('button', { name: 'Revoke observer invite' }).click();
  await expect(row).toContainText('revoked');
  await expect(row.getByRole('button')).toHaveCount(0);
});
