import { readFile, writeFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, openTab, person } from './people';

const TITLE = 'Field Table';

/** Clicks `button` on `page` and keeps the file the browser host downloads, under the test's output. */
async function download(page: Page, button: string, path: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  await file.saveAs(path);
  return file.suggestedFilename();
}

/** Clicks `button` on `page` and picks `path` in the file chooser it opens (the browser host's upload). */
async function upload(page: Page, button: string, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await chooser.setFiles(path);
}

/**
 * Issue 14 item 3, by file only: Ben is offline (a field office with no link), Ana at headquarters is not.
 * Ben hands over what his machine has; Ana exports only what he lacks; Ben imports it and sees the new
 * organization and who sent it. The same file again changes nothing and says so; a file with one byte
 * flipped is refused in one line and applies nothing.
 */
test('a bundle carries the board to an offline member by file; a replayed or tampered file changes nothing', async ({
  browser,
}, info) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, TITLE);
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'DEA' }, TITLE);
  await addOrganization(ana, 'Org Before');
  await expect(card(ben, 'Org Before')).toBeVisible({ timeout: 15_000 });

  await ben.context().setOffline(true);
  await expect(ben.getByRole('status', { name: 'Sync' })).toHaveText(/Offline/, { timeout: 15_000 });
  await addOrganization(ana, 'Org From HQ');

  // Ben's state file: what his machine already has.
  await openTab(ben, 'Exchange');
  const statePath = info.outputPath('ben.utstate');
  expect(await download(ben, 'Save what this machine has…', statePath)).toMatch(
    /^unity-table-Field-Table-\d{4}-\d\d-\d\d\.utstate$/,
  );
  await expect(ben.getByRole('status').filter({ hasText: 'hand it to the other side' })).toBeVisible();

  // Ana exports against it, for Ben.
  await openTab(ana, 'Exchange');
  await ana.getByRole('button', { name: 'Export for another network…' }).click();
  const dialog = ana.getByRole('dialog', { name: 'Export for another network' });
  await dialog.getByRole('radio', { name: 'What chosen people may read' }).check();
  await dialog.getByRole('checkbox', { name: 'Ben Sample (DEA)' }).check();
  await expect(dialog).toContainText('Carries what all of them may read: Task force.');
  await upload(ana, 'Use what they already have…', statePath);
  await expect(dialog).toContainText('Only what is missing from ben.utstate goes in.');
  const bundlePath = info.outputPath('first.utbundle');
  expect(await download(ana, 'Export…', bundlePath)).toMatch(/^unity-table-Field-Table-\d{4}-\d\d-\d\d\.utbundle$/);
  const made = ana.getByRole('status', { name: 'Export made' });
  await expect(made).toContainText('Carries 1 compartment: Task force.');
  await expect(made).toContainText('Sealed for 1 person: Ben Sample (DEA).');

  // Ben, still offline, imports it: the summary names Ana, and the card is on his board.
  await upload(ben, 'Import a bundle…', bundlePath);
  const summary = ben.getByRole('region', { name: 'Import summary' });
  await expect(summary).toContainText('from Ana Example');
  await expect(summary).toContainText(/[1-9][\d,]* new envelopes?/);
  await summary.getByRole('button', { name: 'Org From HQ' }).click();
  await expect(card(ben, 'Org From HQ')).toBeVisible();
  await expect(ben.getByRole('dialog', { name: 'Org From HQ' })).toBeVisible();

  // The same file again: nothing changes, and the app says so.
  await openTab(ben, 'Exchange');
  await upload(ben, 'Import a bundle…', bundlePath);
  await expect(ben.getByRole('alert')).toContainText('already imported');
  await expect(ben.getByRole('region', { name: 'Import summary' })).toHaveCount(0);

  // A second bundle with one byte flipped in its middle: refused in one line, and its organization never appears.
  await addOrganization(ana, 'Org Second');
  await openTab(ana, 'Exchange');
  await ana.getByRole('button', { name: 'Export for another network…' }).click();
  const secondPath = info.outputPath('second.utbundle');
  await download(ana, 'Export…', secondPath);
  const bytes = await readFile(secondPath);
  bytes[bytes.length >> 1]! ^= 0x01;
  const tamperedPath = info.outputPath('tampered.utbundle');
  await writeFile(tamperedPath, bytes);
  await upload(ben, 'Import a bundle…', tamperedPath);
  const refusal = ben.getByRole('alert');
  await expect(refusal).toContainText('damaged');
  expect((await refusal.innerText()).split('\n')).toHaveLength(1);
  await openTab(ben, 'Target board');
  await expect(card(ben, 'Org From HQ')).toBeVisible();
  await expect(card(ben, 'Org Second')).toHaveCount(0);

  // The untouched file is accepted: the refusal was the flipped byte's.
  await openTab(ben, 'Exchange');
  await upload(ben, 'Import a bundle…', secondPath);
  await expect(ben.getByRole('region', { name: 'Import summary' })).toContainText('from Ana Example');
  await openTab(ben, 'Target board');
  await expect(card(ben, 'Org Second')).toBeVisible();
});
