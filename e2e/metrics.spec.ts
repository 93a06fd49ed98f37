import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

import { addOrganization, card, createWorkspace, inviteAndJoin, openCard, openTab, person } from './people';

const TITLE = 'Metrics Table';
const ORG = 'Quartz Ferry Group';

/** What the page functions below touch (the e2e type check knows no DOM). */
interface PolicyPage {
  cspSeen: string[];
  document: {
    addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
    querySelectorAll(selector: string): { length: number };
  };
}
interface PageElement {
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
}

/** What a Content-Security-Policy refused on this page: the browser's own events and its console lines. */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) lines.push(m.text());
  });
  await page.evaluate(() => {
    const g = globalThis as unknown as PolicyPage;
    g.cspSeen = [];
    g.document.addEventListener('securitypolicyviolation', (e) =>
      g.cspSeen.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  return async () => [...lines, ...(await page.evaluate(() => (globalThis as unknown as PolicyPage).cspSeen))];
}

/** Records an outcome through the card's form, as a member at the table does. */
async function recordOutcome(panel: Locator, kind: string, agency: string, seized?: Record<string, string>) {
  const form = panel.getByRole('form', { name: 'Record an outcome' });
  await form.getByLabel('Outcome kind').selectOption(kind);
  await form.getByLabel('Outcome agency').fill(agency);
  if (seized) {
    await form.getByLabel('Seized').selectOption(seized['category']!);
    for (const [label, value] of Object.entries(seized))
      if (label !== 'category') await form.getByLabel(label, { exact: true }).fill(value);
  }
  await form.getByRole('button', { name: 'Record outcome' }).click();
}

/** A table's body rows as text cells, the row header first. */
async function bodyRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      (rows as unknown as PageElement[]).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
    );
}

/**
 * Issue 16: a member records outcomes on a card; another member's Metrics tab shows them as charts (SVG
 * images with a summary) beside tables with the same numbers, under the page's CSP, axe-clean.
 */
test("a member's outcomes show in another member's Metrics: charts and their tables", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Ruiz', agency: 'DEA' });
  await createWorkspace(ana, TITLE);
  await addOrganization(ana, ORG);
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'Border Patrol' }, TITLE);
  await expect(card(ben, ORG)).toBeVisible({ timeout: 15_000 });

  const policy = await watchPolicy(ana);
  await openTab(ana, 'Metrics');
  await expect(ana.getByText(/No outcomes are recorded on this board yet/)).toBeVisible();
  await expect(ana.getByRole('tabpanel', { name: 'Metrics' }).locator('svg')).toHaveCount(0);

  const panel = await openCard(ben, ORG);
  await recordOutcome(panel, 'seizure', 'Border Patrol', {
    category: 'narcotics',
    Drug: 'methamphetamine',
    'Weight (kg)': '12.5',
  });
  await recordOutcome(panel, 'seizure', 'ATF', { category: 'weapons', Weapons: '4' });
  await recordOutcome(panel, 'seizure', 'HSI', { category: 'currency', 'Amount (USD)': '25000' });
  await recordOutcome(panel, 'arrest', 'Border Patrol');
  await expect(panel.getByRole('heading', { name: 'Outcomes (4)' })).toBeVisible();
  // The card's outcomes open Ben's Metrics tab on that organization.
  await panel.getByRole('button', { name: `Metrics of ${ORG}` }).click();
  await expect(ben.getByRole('tab', { name: 'Metrics' })).toHaveAttribute('aria-selected', 'true');
  const chosen = ben.getByRole('form', { name: 'What to count' }).getByRole('combobox', { name: 'Organization' });
  await expect(chosen.locator('option:checked')).toHaveText(ORG);
  await expect(ben.getByRole('heading', { name: /^4 outcomes from / })).toBeVisible();

  // Ana's tab follows the sync: the sentence gives way to the charts.
  const total = ana.getByRole('heading', { name: /^4 outcomes from / });
  await expect(total).toBeVisible({ timeout: 15_000 });
  // Each chart is one image named by its summary (the SVG inside it is presentational to a screen reader).
  const images = ana.getByRole('img', { name: /The table beside it holds every value\.$/ });
  await expect(images).toHaveCount(7);
  for (const image of await images.all()) await expect(image.locator('svg.recharts-surface').first()).toBeVisible();
  const overTime = ana.getByRole('region', { name: 'Outcomes per month' });
  await expect(overTime.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const month = new Date().toISOString().slice(0, 7);
  const perMonth = await bodyRows(overTime.getByRole('table', { name: 'Outcomes by kind, per period' }));
  expect(perMonth).toHaveLength(13);
  expect(perMonth.find((r) => r[0] === month)).toEqual([month, '1', '3', '0', '0', '4']);
  expect(await bodyRows(ana.getByRole('table', { name: 'Narcotics seized, kilograms by drug kind' }))).toEqual([
    ['methamphetamine', '12.5 kg'],
  ]);
  const weapons = await bodyRows(ana.getByRole('table', { name: 'Weapons seized, per period' }));
  expect(weapons.find((r) => r[0] === month)).toEqual([month, '4']);
  const usd = await bodyRows(ana.getByRole('table', { name: 'Currency seized (US dollars), per period' }));
  expect(usd.find((r) => r[0] === month)).toEqual([month, '$25,000']);
  const agencies = await bodyRows(ana.getByRole('table', { name: 'Outcomes per agency (top 10)' }));
  expect(agencies.map((r) => [r[0], r[5]])).toEqual([
    ['Border Patrol', '2'],
    ['ATF', '1'],
    ['HSI', '1'],
  ]);

  // Week by week: the same four in this week's row.
  await ana.getByRole('radio', { name: 'Week' }).check();
  await expect(ana.getByRole('region', { name: 'Outcomes per week' })).toBeVisible();
  const weeks = await bodyRows(ana.getByRole('table', { name: 'Outcomes by kind, per period' }));
  expect(weeks.at(-1)!.slice(1)).toEqual(['1', '3', '0', '0', '4']);

  const axe = await new AxeBuilder({ page: ana }).include('.workspace-view').analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
  expect(await policy()).toEqual([]);
  expect(
    await ana.evaluate(() => (globalThis as unknown as PolicyPage).document.querySelectorAll('style').length),
  ).toBe(0);
});
