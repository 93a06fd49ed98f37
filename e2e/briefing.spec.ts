import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, openTab, person } from './people';

const TITLE = 'Briefing Table';
const SHERIFF = 'Webb County SO';
const RELEASED = `TLP:AMBER — REL TO ${SHERIFF}`;
const CORE = 'TLP:AMBER — Task force';

/** Adds a person to the network of the open card `org`. */
async function addPerson(page: Page, org: string, name: string): Promise<void> {
  const panel = page.getByRole('dialog', { name: org });
  await panel.getByLabel('Entry kind').selectOption('person');
  await panel.getByLabel('Entry name').fill(name);
  await panel.getByRole('button', { name: 'Add to network' }).click();
  await expect(panel.getByRole('table', { name: 'Network entries' })).toContainText(name);
}

/**
 * Issue 16's briefing, in the browser against the real relay: an admin makes a releasable compartment
 * and a few facts, opens the Briefing tab, briefs the compartment and sees its banner at the top and the
 * bottom, writes the bottom line, and exports the Markdown, which carries the banner and the bottom line.
 */
test('the briefing preview shows its audience’s banner, passes axe, and exports Markdown with the banner', async ({
  browser,
}, info) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  await createWorkspace(ana, TITLE);

  await openTab(ana, 'Members');
  await ana.getByText(/^Compartments \(/).click();
  const make = ana.getByRole('form', { name: 'New compartment' });
  await make.getByLabel('Compartment title').fill(SHERIFF);
  await make.getByRole('button', { name: 'Create compartment' }).click();
  await expect(
    ana.getByRole('table', { name: 'Who can read what' }).getByRole('columnheader', { name: SHERIFF }),
  ).toBeVisible();

  await addOrganization(ana, 'Org Hidden');
  await addPerson(ana, 'Org Hidden', 'Courier Gray');
  await ana.getByRole('dialog', { name: 'Org Hidden' }).getByRole('button', { name: 'Close', exact: true }).click();
  await addOrganization(ana, 'Org Shared');
  const panel = ana.getByRole('dialog', { name: 'Org Shared' });
  await addPerson(ana, 'Org Shared', 'Courier Sable');
  await panel.getByRole('combobox', { name: 'Releasability', exact: true }).selectOption({ label: RELEASED });
  await panel
    .getByRole('group', { name: 'Confirm the move of Org Shared' })
    .getByRole('button', { name: 'Yes, move it' })
    .click();
  await expect(card(ana, 'Org Shared')).toContainText(RELEASED);
  await panel.getByRole('button', { name: 'Close', exact: true }).click();

  await openTab(ana, 'Briefing');
  const preview = ana.getByRole('article', { name: /— Briefing / });
  const banners = preview.getByRole('note', { name: 'Classification banner' });
  await expect(preview.getByRole('region', { name: 'Organizations' })).toContainText('Courier Gray');
  await expect(banners).toHaveText([CORE, CORE]);

  await ana.getByRole('combobox', { name: 'Audience' }).selectOption({ label: `${SHERIFF} (${RELEASED})` });
  await expect(banners).toHaveText([RELEASED, RELEASED]);
  await expect(preview.getByRole('region', { name: 'Organizations' })).toContainText('Courier Sable');
  // The sheriff's desk has no partner in it yet, so its members read the core; its briefing still holds none of it.
  await expect(preview.getByRole('region', { name: 'Organizations' })).not.toContainText('Courier Gray');

  // The bottom line, written in the briefing's own note; leaving the editor rebuilds the preview.
  await ana.getByRole('button', { name: 'Write the bottom line up front' }).click();
  const bluf = ana.getByRole('textbox', { name: 'Text of Bottom line up front' });
  await bluf.click();
  await ana.keyboard.type('Sable crossings doubled this week.');
  await ana.getByRole('combobox', { name: 'Audience' }).focus();
  await expect(preview.getByRole('region', { name: 'Bottom line up front' })).toContainText(
    'Sable crossings doubled this week.',
    { timeout: 10_000 },
  );

  const axe = await new AxeBuilder({ page: ana }).include('.briefing-page').analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);

  const path = join(info.outputDir, 'briefing.md');
  const [file] = await Promise.all([
    ana.waitForEvent('download'),
    ana.getByRole('button', { name: 'Export Markdown' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/^briefing-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d-webb-county-so\.md$/);
  await file.saveAs(path);
  await expect(ana.getByRole('status', { name: 'Export' })).toHaveText(`Saved ${file.suggestedFilename()}.`);
  const markdown = readFileSync(path, 'utf8');
  expect(markdown).toContain(RELEASED);
  expect(markdown).toContain('Sable crossings doubled this week.');
  expect(markdown).toContain('Courier Sable');
});
