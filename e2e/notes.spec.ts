import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import {
  addOrganization,
  card,
  createWorkspace,
  framesSent,
  inviteAndJoin,
  openTab,
  person,
  socketsOpened,
} from './people';

const ORG = 'Slate Harbor Ring';

/** Opens the organization's note from its card on the board. */
async function openOrgNote(page: Page): Promise<void> {
  await openTab(page, 'Target board');
  await card(page, ORG)
    .getByRole('button', { name: `Open ${ORG}` })
    .click();
  await page.getByRole('dialog', { name: ORG }).getByRole('button', { name: 'Open note' }).click();
  await expect(page.getByRole('heading', { name: ORG, level: 2 })).toBeVisible();
}

const editor = (page: Page) => page.getByRole('textbox', { name: `Text of ${ORG}` });

/** Every file under `dir`, recursively (the relay's LevelDB store). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('two people write one note at once, see each other’s cursor, merge offline edits; nothing readable leaves', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, 'Notes Table');
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'County Sheriff' }, 'Notes Table');
  await addOrganization(ana, ORG);
  await expect(card(ben, ORG)).toBeVisible({ timeout: 10_000 });

  await openOrgNote(ana);
  await openOrgNote(ben);
  await expect(ana.getByRole('status', { name: 'In this note' })).toHaveText(/Ben Sample \(County Sheriff\)/, {
    timeout: 10_000,
  });

  // Both type at the same moment.
  const marker = `MARKER-${Date.now().toString(36)}-note`;
  await editor(ana).click();
  await editor(ben).click();
  // Ben starts a paragraph of his own; then both type at the same moment. (Two carets at the end
  // of the very same paragraph interleave: Lexical keeps a caret at a paragraph's end at its end.)
  await editor(ben).press('Enter');
  await expect(editor(ana).locator('p')).toHaveCount(2, { timeout: 10_000 });
  await Promise.all([
    editor(ana).pressSequentially(`Alpha line from Ana ${marker}. `, { delay: 15 }),
    editor(ben).pressSequentially('Bravo line from Ben. ', { delay: 15 }),
  ]);
  for (const page of [ana, ben]) {
    await expect(editor(page)).toContainText('Alpha line from Ana', { timeout: 10_000 });
    await expect(editor(page)).toContainText('Bravo line from Ben', { timeout: 10_000 });
  }
  await expect.poll(async () => editor(ben).innerText()).toBe(await editor(ana).innerText());
  // Each sees the other's cursor, labelled with the other's name and agency.
  await expect(ana.getByLabel("Others' cursors")).toContainText('Ben Sample (County Sheriff)', { timeout: 10_000 });
  await expect(ben.getByLabel("Others' cursors")).toContainText('Ana Example (Border Patrol)', { timeout: 10_000 });

  // Both offline, both write; back online: the same note on both, both edits kept.
  for (const page of [ana, ben]) {
    await page.context().setOffline(true);
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Offline/, { timeout: 15_000 });
  }
  await editor(ana).press('End');
  await editor(ana).pressSequentially(' Charlie written offline by Ana.');
  await editor(ben).press('Control+End');
  await editor(ben).press('Enter');
  await editor(ben).pressSequentially('Delta written offline by Ben.');
  for (const page of [ana, ben]) await page.context().setOffline(false);
  for (const page of [ana, ben]) {
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 30_000 });
    await expect(editor(page)).toContainText('Charlie written offline by Ana.', { timeout: 10_000 });
    await expect(editor(page)).toContainText('Delta written offline by Ben.', { timeout: 10_000 });
  }
  await expect.poll(async () => editor(ben).innerText()).toBe(await editor(ana).innerText());

  // The marker never crossed the wire in clear, nor reached the relay's disk. The disk scan is
  // shown to see the store's contents by a control the relay does keep in clear: the room name.
  await ana.waitForTimeout(1_000);
  const sent = [...framesSent(ana), ...framesSent(ben)];
  expect(sent.length).toBeGreaterThan(10);
  expect(sent.some((f) => f.includes(marker))).toBe(false);
  const stores = readdirSync('test-results').filter((d) => d.startsWith('relay-'));
  const files = stores.flatMap((d) => filesUnder(join('test-results', d)));
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  const room = new URL(socketsOpened(ana).at(-1)!).pathname.split('/').pop()!;
  expect(room.length).toBeGreaterThan(10);
  expect(bytes.includes(room)).toBe(true);
  expect(bytes.includes(marker)).toBe(false);
});

test('an @-mention of an organization links to its card and opens it', async ({ browser }) => {
  const page = await person(browser, { name: 'Mia Mention', agency: 'DEA' });
  await createWorkspace(page, 'Mention Table');
  await addOrganization(page, ORG);
  await openOrgNote(page);
  await editor(page).click();
  await editor(page).pressSequentially('Seen with @Slate');
  await page.getByRole('option', { name: /Slate Harbor Ring/ }).click();
  const mention = editor(page).getByRole('link', { name: `@${ORG}` });
  await expect(mention).toBeVisible();
  await mention.click();
  await expect(page.getByRole('dialog', { name: ORG })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Target board' })).toHaveAttribute('aria-selected', 'true');
});

test('meeting notes: title, date and attendees from the roster, listed newest first; search finds notes and cards', async ({
  browser,
}) => {
  const page = await person(browser, { name: 'Tess Minutes', agency: 'HSI' });
  await createWorkspace(page, 'Meeting Table');
  await addOrganization(page, ORG);
  await openTab(page, 'Notes');
  for (const [title, date] of [
    ['Weekly brief', '2026-11-02'],
    ['Port debrief', '2026-11-16'],
  ] as const) {
    const form = page.getByRole('form', { name: 'New meeting note' });
    await form.getByLabel('Meeting title').fill(title);
    await form.getByLabel('Meeting date').fill(date);
    await expect(form.getByRole('checkbox', { name: 'Tess Minutes (HSI)' })).toBeChecked();
    await form.getByRole('button', { name: 'Create meeting note' }).click();
    await expect(page.getByRole('heading', { name: `${date} · ${title}`, level: 2 })).toBeVisible();
  }
  await expect(page.getByRole('list', { name: 'Meeting notes' }).getByRole('button')).toHaveText([
    '2026-11-16 · Port debrief',
    '2026-11-02 · Weekly brief',
  ]);
  await expect(page.getByText('Attendees: Tess Minutes (HSI)')).toBeVisible();
  const text = page.getByRole('textbox', { name: 'Text of 2026-11-02 · Weekly brief' });
  await page.getByRole('button', { name: '2026-11-02 · Weekly brief' }).click();
  await text.click();
  await text.pressSequentially('Tide tables suggest a Thursday landing.');

  const search = page.getByRole('search', { name: 'Search notes and the board' });
  await search.getByLabel('Search notes and board').fill('thursday landing');
  await expect(search.getByRole('list', { name: 'Search results' })).toContainText('Note: 2026-11-02 · Weekly brief');
  await search.getByLabel('Search notes and board').fill('slate harbor');
  await search.getByRole('button', { name: `Card: ${ORG}` }).click();
  await expect(page.getByRole('dialog', { name: ORG })).toBeVisible();
});

test('pasting from another app keeps headings, lists, links and emphasis, and drops the rest', async ({ browser }) => {
  const page = await person(browser, { name: 'Pat Paste', agency: 'FBI' });
  await createWorkspace(page, 'Paste Table');
  await addOrganization(page, ORG);
  await openOrgNote(page);
  await editor(page).click();
  const html =
    '<h2>Pasted heading</h2><p style="color:red;font-family:Comic Sans MS">Red <b>bold</b> text ' +
    '<a href="https://example.org/report">report</a> <a href="javascript:alert(1)">bad link</a></p>' +
    '<ul><li>one</li><li>two</li></ul><img src="https://tracker.example/x.png"><script>window.pwned=1</script>' +
    '<iframe src="https://example.org"></iframe>';
  // A paste as the browser would deliver it from another app's clipboard (a string: this file is
  // type-checked without the DOM's types).
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.setData('text/html', ${JSON.stringify(html)});
    transfer.setData('text/plain', 'fallback');
    const el = document.querySelector('[aria-label="Text of ${ORG}"]');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  })()`);
  await expect(editor(page).getByRole('heading', { name: 'Pasted heading' })).toBeVisible();
  await expect(editor(page).getByRole('listitem')).toHaveText(['one', 'two']);
  await expect(editor(page).locator('b, strong')).toHaveText('bold');
  await expect(editor(page).getByRole('link', { name: 'report' })).toBeVisible();
  expect(await editor(page).locator('img, script, iframe, [style*="Comic"]').count()).toBe(0);
  // The javascript: link is not a link any more; its words stay.
  expect(await editor(page).getByRole('link', { name: 'bad link' }).count()).toBe(0);
  await expect(editor(page)).toContainText('bad link');
  expect(await page.evaluate('window.pwned')).toBeUndefined();
});

test('a note with text shows it again when reopened — after switching tabs and after a reload — and typing goes on at its end', async ({
  browser,
}) => {
  const page = await person(browser, { name: 'Rae Reopen', agency: 'CBP' });
  await createWorkspace(page, 'Reopen Table');
  await addOrganization(page, ORG);
  await openOrgNote(page);
  await editor(page).click();
  await editor(page).pressSequentially('First line written.');
  await expect(editor(page)).toHaveText('First line written.');

  await openTab(page, 'Target board');
  await openTab(page, 'Notes');
  await page.getByRole('list', { name: 'Organization notes' }).getByRole('button', { name: ORG }).click();
  await expect(editor(page)).toHaveText('First line written.');

  await page.reload();
  await page.getByLabel('Passphrase').fill('a long test passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Open Reopen Table' }).click();
  await openTab(page, 'Notes');
  await page.getByRole('list', { name: 'Organization notes' }).getByRole('button', { name: ORG }).click();
  await expect(editor(page)).toHaveText('First line written.', { timeout: 10_000 });
  await editor(page).click();
  await editor(page).press('Control+End');
  await editor(page).pressSequentially(' Second part.');
  await expect(editor(page)).toHaveText('First line written. Second part.');
});
