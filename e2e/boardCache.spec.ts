import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, person } from './people';

const PREVIEW = 'Board preview (not live)';

/**
 * ADR 0022: a cold open paints the board from the local board cache at once, marked not live and with
 * nothing to edit, then the live board takes its place. The page records what the preview showed (a
 * MutationObserver), so no timing is asserted: a small workspace's preview lasts a moment.
 */
test('after a reload the board preview appears first, marked not live, then the live board; both pass axe', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(page, 'Sector Table');
  await addOrganization(page, 'Org Falcon');
  await addOrganization(page, 'Org Heron');
  await expect(card(page, 'Org Heron')).toBeVisible();
  // Leaving the workspace writes its cache (as does the timer a few seconds after the open).
  await page.getByRole('button', { name: 'All workspaces' }).click();
  await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible();

  await page.reload();
  await page.getByLabel('Passphrase').fill('a long test passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.evaluate((name) => {
    const seen: Array<{ cards: string[]; handles: number; note: string; html: string }> = [];
    (window as unknown as { previewSeen: typeof seen }).previewSeen = seen;
    new MutationObserver(() => {
      const region = document.querySelector(`[aria-label="${name}"]`);
      if (!region || seen.length > 0) return;
      const view = region.closest('.board-preview')!;
      seen.push({
        cards: Array.from(region.querySelectorAll('article')).map((a) => a.getAttribute('aria-label') ?? ''),
        handles: view.querySelectorAll('.drag-handle, input, textarea, select').length,
        note: view.querySelector('.preview-note')?.textContent ?? '',
        html: view.outerHTML,
      });
    }).observe(document.body, { subtree: true, childList: true });
  }, PREVIEW);
  await page.getByRole('button', { name: 'Open Sector Table' }).click();

  // The live board, in place of the preview.
  await expect(card(page, 'Org Falcon')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: PREVIEW })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Move Org Falcon' })).toBeVisible();
  const seen = await page.evaluate(
    () =>
      (window as unknown as { previewSeen: Array<{ cards: string[]; handles: number; note: string; html: string }> })
        .previewSeen,
  );
  expect(seen, 'the preview was painted').toHaveLength(1);
  expect(seen[0]!.cards.sort()).toEqual(['Org Falcon', 'Org Heron']);
  expect(seen[0]!.handles, 'nothing to edit on the preview').toBe(0);
  expect(seen[0]!.note).toMatch(/^Opening… showing the board as of .+ It is not live yet/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // The preview as it was painted, with the app's styles, checked by axe on its own.
  await page.evaluate((html) => {
    document.querySelector('main')!.innerHTML = html;
  }, seen[0]!.html);
  await expect(page.getByRole('region', { name: PREVIEW }).getByRole('article', { name: 'Org Falcon' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('a workspace left on this machine has no cache: its next open paints no preview', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await person(browser, { name: 'Ben Sample', agency: 'County Sheriff' });
  await createWorkspace(page, 'Harbor Table');
  await addOrganization(page, 'Org Osprey');
  await page.getByRole('button', { name: 'All workspaces' }).click();
  await expect.poll(() => cacheRecords(page), { message: 'closing wrote the cache' }).toBe(1);
  page.once('dialog', (d) => {
    d.accept().catch(() => undefined);
  });
  await page.getByRole('button', { name: 'Leave Harbor Table' }).click();
  await expect(page.getByRole('button', { name: 'Open Harbor Table' })).toHaveCount(0);
  expect(await cacheRecords(page)).toBe(0);
});

/** How many board cache records this browser profile holds (ADR 0022: one per workspace at most). */
function cacheRecords(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('unity-table-transport');
        open.onsuccess = () => {
          const range = IDBKeyRange.bound('board-cache:', 'board-cache:\uffff');
          const req = open.result.transaction('records').objectStore('records').index('byWorkspace').count(range);
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
}
