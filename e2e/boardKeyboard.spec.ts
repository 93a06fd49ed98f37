import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { card, createWorkspace, lane, person } from './people';

const FOCUSED_LABEL = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  const label = el.labels && el.labels[0] && el.labels[0].firstChild ? el.labels[0].firstChild.textContent : null;
  return (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim().replace(/\\s+/g, ' ');
})()`;

/** Presses Tab until the focused element's accessible label is `label` (no mouse involved). */
async function tabTo(page: Page, label: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // A string, not a function: this file is type-checked without the DOM's types.
    const focused = await page.evaluate<string>(FOCUSED_LABEL);
    if (focused === label) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

test('keyboard only: create a card, edit it, move it to another lane, undo and redo the move', async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await person(browser, { name: 'Kay Board', agency: 'HSI' });
  await createWorkspace(page, 'Keyboard Table');

  await page.getByLabel('Organization name').focus();
  await page.keyboard.type('Quartz Ferry Group');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Quartz Ferry Group' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Quartz Ferry Group' })).toBeFocused();

  await tabTo(page, 'Threat level');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'Summary');
  await page.keyboard.type('Moves people by boat at night');
  await page.keyboard.press('Tab');
  await expect(card(page, 'Quartz Ferry Group')).toContainText('Threat: high');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await tabTo(page, 'Move Quartz Ferry Group');
  // dnd-kit's live region tells a screen reader what happens; the test waits for it like one would.
  const announced = page.getByRole('status').filter({ hasText: /Picked up|is over|dropped/ });
  await page.keyboard.press('Space');
  await expect(announced).toContainText(/(Picked up Quartz Ferry Group|Quartz Ferry Group is over lane Identify)/);
  await page.keyboard.press('ArrowRight');
  await expect(announced).toContainText('Quartz Ferry Group is over lane Collect');
  await page.keyboard.press('Space');
  await expect(announced).toContainText('Quartz Ferry Group dropped in lane Collect');
  await expect(lane(page, 'Collect').getByRole('article', { name: 'Quartz Ferry Group' })).toBeVisible();

  // Ctrl+Z takes back my move (not a text field's undo: focus is on the card's handle).
  await page.keyboard.press('Control+z');
  await expect(lane(page, 'Identify').getByRole('article', { name: 'Quartz Ferry Group' })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(lane(page, 'Collect').getByRole('article', { name: 'Quartz Ferry Group' })).toBeVisible();

  // The edit is kept: reopen by keyboard and read it back.
  await tabTo(page, 'Open Quartz Ferry Group');
  await page.keyboard.press('Enter');
  await expect(panel.getByLabel('Summary')).toHaveValue('Moves people by boat at night');
});

test('the board and the detail panel have no serious or critical accessibility violations (axe)', async ({
  browser,
}) => {
  const page = await person(browser, { name: 'Axel Check', agency: 'CBP' });
  await createWorkspace(page, 'Audit Table');
  await page.getByLabel('Organization name').fill('Amber Pass Cell');
  await page.getByRole('button', { name: 'Add organization' }).click();
  const panel = page.getByRole('dialog', { name: 'Amber Pass Cell' });
  await panel.getByLabel('Entry name').fill('Lookout Wren');
  await panel.getByRole('button', { name: 'Add to network' }).click();
  await panel.getByLabel('Entry kind').selectOption('vehicle');
  await panel.getByRole('textbox', { name: 'Vehicle' }).fill('Grey pickup');
  await panel.getByRole('button', { name: 'Add to network' }).click();
  await panel.getByLabel('Outcome agency').fill('CBP');
  await panel.getByRole('button', { name: 'Record outcome' }).click();
  await expect(panel.getByRole('table', { name: 'Outcome list' })).toBeVisible();

  const serious = async () => {
    const result = await new AxeBuilder({ page }).include('.workspace-view').analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  expect(await serious()).toEqual([]);
  await panel.getByRole('button', { name: 'Show network graph' }).click();
  await expect(panel.getByRole('img', { name: /Network graph of Amber Pass Cell: 2 entries/ })).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  expect(await serious()).toEqual([]);
});
