import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, lane, openCard, person } from './people';

const TITLE = 'History Table';
const ORG = 'Cobalt Mesa Ring';

/**
 * Issue 16, "What changed": Rosa Lind (CBP) moves a card on her own machine; Ana, at hers, opens it and its
 * History names Rosa, her agency and the move, from Rosa's signed change record. The board's "Changed since"
 * filter finds it.
 */
test("a card's history lists a lane move made by another person, with their name and agency", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Ruiz', agency: 'DEA' });
  await createWorkspace(ana, TITLE);
  await addOrganization(ana, ORG);
  await addOrganization(ana, 'Quiet Heron Cell');
  const rosa = await inviteAndJoin(browser, ana, { name: 'Rosa Lind', agency: 'CBP' }, TITLE);
  await expect(lane(rosa, 'Identify').getByRole('article', { name: ORG })).toBeVisible({ timeout: 15_000 });

  // Rosa moves the card with the keyboard: pick it up, one lane to the right, drop it.
  await card(rosa, ORG)
    .getByRole('button', { name: `Move ${ORG}` })
    .focus();
  const announced = rosa.getByRole('status').filter({ hasText: /Picked up|is over|dropped/ });
  await rosa.keyboard.press('Space');
  await expect(announced).toContainText(/(Picked up|is over lane Identify)/);
  await rosa.keyboard.press('ArrowRight');
  await expect(announced).toContainText(`${ORG} is over lane Collect`);
  await rosa.keyboard.press('Space');
  await expect(lane(rosa, 'Collect').getByRole('article', { name: ORG })).toBeVisible();
  await expect(lane(ana, 'Collect').getByRole('article', { name: ORG })).toBeVisible({ timeout: 15_000 });

  const panel = await openCard(ana, ORG);
  const history = panel.getByRole('list', { name: 'Changes, newest first' });
  await expect(history.getByRole('listitem').first()).toContainText(
    'Rosa Lind (CBP) moved it from Identify to Collect',
  );
  await expect(history.getByRole('listitem').last()).toContainText('Ana Ruiz (DEA) added it to Identify');
  await expect(history).not.toContainText('without a signed record');

  const axe = await new AxeBuilder({ page: ana }).include('.org-panel').analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);

  // "Changed since" today: both cards were made today, so both show; the count says so.
  await panel.getByRole('button', { name: 'Close' }).click();
  const today = await ana.evaluate<string>(
    `(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()`,
  );
  await ana.getByLabel('Changed since').fill(today);
  await expect(ana.getByRole('status').filter({ hasText: 'changed since' })).toHaveText(
    `2 cards changed since ${today}`,
  );
  await expect(card(ana, ORG)).toBeVisible();
  // Since tomorrow: nothing has changed yet, and the board shows no card.
  const tomorrow = await ana.evaluate<string>(
    `(() => { const d = new Date(Date.now() + 86400000); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()`,
  );
  await ana.getByLabel('Changed since').fill(tomorrow);
  await expect(ana.getByRole('status').filter({ hasText: 'changed since' })).toHaveText(
    `0 cards changed since ${tomorrow}`,
  );
  await expect(card(ana, ORG)).toBeHidden();
});
