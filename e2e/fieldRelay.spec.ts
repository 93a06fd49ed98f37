import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { spawnRelay } from '../relay/relayProcess';
import { addOrganization, createWorkspace, inviteAndJoin, person } from './people';

/**
 * A field office (issue 14, ADR 0014): an analyst — not the workspace's creator — points the
 * workspace at the office's relay, which has never seen it; the app brings it there, and the
 * admin, switched to the same relay, syncs with the analyst through it.
 */
let office: ChildProcess | null = null;
test.afterEach(() => {
  office?.kill('SIGTERM');
  office = null;
});

async function useRelay(page: Page, url: string): Promise<void> {
  await page.getByText(/^Relay: ws:/).click();
  await page.getByLabel('Relay for this workspace').fill(url);
  await page.getByRole('button', { name: 'Use this relay' }).click();
  await expect(page.getByText(`Relay: ${url}`)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 20_000 });
}

test('a member switches the workspace to an empty office relay, brings it there, and a second member syncs through it', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const spawned = await spawnRelay(mkdtempSync(join(tmpdir(), 'unity-office-relay-')));
  office = spawned.process;

  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Field Table');
  const bo = await inviteAndJoin(browser, ana, { name: 'Bo Field', agency: 'Field Office' }, 'Field Table');
  // The admin's client confirms the join and wraps the key for the analyst: both in sync at headquarters.
  await addOrganization(ana, 'Org From Headquarters');
  await expect(bo.getByRole('region', { name: 'Board' })).toContainText('Org From Headquarters', { timeout: 15_000 });

  // The analyst takes the workspace to the office's relay, which has never seen it.
  await useRelay(bo, spawned.url);
  await addOrganization(bo, 'Org Seen In The Field');
  await expect(bo.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 15_000 });

  // The admin, at the office too, switches and syncs with the analyst through it.
  await useRelay(ana, spawned.url);
  await expect(ana.getByRole('region', { name: 'Board' })).toContainText('Org Seen In The Field', { timeout: 15_000 });
  await addOrganization(ana, 'Org Answered At The Office');
  await expect(bo.getByRole('region', { name: 'Board' })).toContainText('Org Answered At The Office', {
    timeout: 15_000,
  });

  // A typo is refused with a sentence, and the workspace stays where it is.
  await bo.getByText(/^Relay: ws:/).click();
  await bo.getByLabel('Relay for this workspace').fill('office relay');
  await bo.getByRole('button', { name: 'Use this relay' }).click();
  await expect(bo.getByRole('alert')).toHaveText(/is not an address/);
  await expect(bo.getByText(`Relay: ${spawned.url}`)).toBeVisible();

  // The browser host cannot listen: it says how to host a table from this laptop.
  await ana.getByText('Host a table from this laptop', { exact: true }).click();
  await expect(ana.getByLabel('How to host a table')).toContainText('npm run relay -- --host 0.0.0.0 --port');
});
