import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

import { spawnRelay } from '../relay/relayProcess';
import { addOrganization, card, createWorkspace, inviteAndJoin, openTab, person } from './people';

const TITLE = 'Border Table';
const ORG = 'Sage Tern Circle';

/** This spec's own relay, which it stops and starts again; the shared one must stay up for the others. */
let relay: ChildProcess | null = null;
test.afterEach(() => {
  relay?.kill('SIGTERM');
  relay = null;
});

async function stop(process: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => process.once('exit', resolve));
  process.kill('SIGTERM');
  await exited;
}

/** Adds a network entry of `kind` named `name` in the open panel of `org`. */
async function addEntry(page: Page, org: string, kind: string, field: string, name: string): Promise<void> {
  const panel = page.getByRole('dialog', { name: org });
  await panel.getByLabel('Entry kind').selectOption(kind);
  await panel.getByRole('textbox', { name: field }).fill(name);
  await panel.getByRole('button', { name: 'Add to network' }).click();
  await expect(panel.getByRole('row', { name: new RegExp(name.replace(/[()+]/g, '\\$&')) })).toBeVisible();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('.workspace-view').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Issue 15's field loop: an agent in a 360 px window files a report while the relay is down, carrying a phone
 * the board already holds written another way; once the relay is back an analyst at the table sees it in the
 * queue with its match, links it, and the network shows the report as the new entry's source.
 */
test('a report filed with the relay down reaches the queue with its match; linking makes sourced entries', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'unity-reports-relay-'));
  const first = await spawnRelay(dir);
  relay = first.process;

  const ana = await person(browser, { name: 'Ana Ruiz', agency: 'DEA' });
  await createWorkspace(ana, TITLE, first.url);
  await addOrganization(ana, ORG);
  await addEntry(ana, ORG, 'phone', 'Number', '+1 956 555 0198');
  const ben = await inviteAndJoin(browser, ana, { name: 'Ben Sample', agency: 'Border Patrol' }, TITLE);
  const cara = await inviteAndJoin(browser, ana, { name: 'Cara Vega', agency: 'HSI' }, TITLE);
  await expect(card(ben, ORG)).toBeVisible({ timeout: 15_000 });
  await expect(card(cara, ORG)).toBeVisible({ timeout: 15_000 });

  // The relay goes down; the agent, in a phone-sized window, files anyway.
  await stop(relay);
  relay = null;
  await expect(ben.getByRole('status', { name: 'Sync' })).toHaveText(/Offline/, { timeout: 15_000 });
  await ben.setViewportSize({ width: 360, height: 740 });
  await openTab(ben, 'Field reports');
  const form = ben.getByRole('form', { name: 'File a report' });
  await form.getByLabel('What was found').fill('Burner phone and a grey pickup at the Los Ebanos ferry landing');
  await form.getByLabel('Phones').fill('(956) 555-0198');
  await form.getByLabel('Vehicle plates').fill('TX:ABC-1234');
  await form.getByLabel('Where').fill('Los Ebanos ferry landing');
  await form.getByLabel('Source reliability').selectOption('B');
  await form.getByLabel('Information credibility').selectOption('2');
  await expect(form.getByRole('region', { name: 'Already on the board' })).toContainText(
    `(956) 555-0198 is in ${ORG}’s network as +1 956 555 0198, added by Ana Ruiz (DEA)`,
  );
  expect(await ben.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  await form.getByRole('button', { name: 'File report' }).click();
  await expect(form.getByRole('status', { name: 'Report filed' })).toContainText(
    'it goes to the table when the connection is back',
  );
  await expect(form.getByLabel('Phones')).toHaveValue('');

  // The relay is back, at the same address with the same store: the report reaches the table.
  const again = await spawnRelay(dir, first.port);
  relay = again.process;
  await expect(ben.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/, { timeout: 30_000 });
  await openTab(cara, 'Field reports');
  const item = cara.getByRole('article', { name: /^Field report by Ben Sample \(Border Patrol\)/ });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toContainText('B2');
  await expect(item).toContainText('Los Ebanos ferry landing');
  const matches = item.getByRole('list', { name: 'Matches' });
  await expect(matches).toContainText(
    `(956) 555-0198 is in ${ORG}’s network as +1 956 555 0198, added by Ana Ruiz (DEA)`,
  );

  // Triage: the matched organization comes first in the link choice.
  const triage = item.getByRole('group', { name: /^Triage/ });
  await expect(triage.getByLabel('Link to an organization').locator('option').first()).toHaveText(`${ORG} (matched)`);
  await triage.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(cara.getByText('No new reports: the queue is empty.')).toBeVisible();
  await cara.getByRole('checkbox', { name: /Show all/ }).check();
  await expect(item.getByRole('list', { name: 'Triage steps' })).toContainText(
    `Linked to ${ORG} (1 new entry) by Cara Vega (HSI)`,
  );

  // The match line's link opens the card: the plate is a new entry from the report; the phone shows it too.
  await item.getByRole('list', { name: 'Matches' }).getByRole('button', { name: ORG }).first().click();
  const panel = cara.getByRole('dialog', { name: ORG });
  await expect(panel).toBeVisible();
  const plate = panel.getByRole('row', { name: /ABC.?1234/ });
  await expect(plate).toContainText('From a field report by Ben Sample (Border Patrol)');
  const phone = panel.getByRole('row', { name: /956 555 0198/ });
  await expect(phone).toContainText('Also in: a field report by Ben Sample (Border Patrol)');
  await expect(card(cara, ORG).getByText('2 shared identifiers')).toBeVisible();
});

/**
 * The Connections view: two organizations hold one vehicle, written two ways. The table lists it with both,
 * the graph draws both and the edge between them, and neither tab has a serious accessibility violation.
 */
test('Connections lists a vehicle two organizations share and the graph draws them', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await person(browser, { name: 'Ana Ruiz', agency: 'DEA' });
  await createWorkspace(ana, 'Graph Table');
  await addOrganization(ana, 'Quartz Ferry Group');
  await addEntry(ana, 'Quartz Ferry Group', 'vehicle', 'Vehicle', 'TX ABC-1234');
  await addOrganization(ana, 'Amber Pass Cell');
  await addEntry(ana, 'Amber Pass Cell', 'vehicle', 'Vehicle', 'abc 1234 (Texas)');
  await expect(card(ana, 'Quartz Ferry Group').getByText('1 shared identifier')).toBeVisible();
  await expect(card(ana, 'Amber Pass Cell').getByText('1 shared identifier')).toBeVisible();

  await openTab(ana, 'Connections');
  const table = ana.getByRole('table', { name: 'Shared identifiers' });
  const row = table.getByRole('row', { name: /ABC.?1234/ });
  await expect(row).toContainText('vehicle plate');
  await expect(row.getByRole('button', { name: 'Quartz Ferry Group' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Amber Pass Cell' })).toBeVisible();
  const graph = ana.getByRole('img', { name: /^Connections graph: 2 organizations and 0 field reports/ });
  await expect(graph).toHaveAttribute('data-nodes', '2');
  await expect(graph).toHaveAttribute('data-edges', '1');
  expect(await seriousViolations(ana)).toEqual([]);

  // A field report in the queue, with its triage controls, passes too.
  await openTab(ana, 'Field reports');
  const form = ana.getByRole('form', { name: 'File a report' });
  await form.getByLabel('What was found').fill('Same pickup crossing at Roma');
  await form.getByLabel('Vehicle plates').fill('TX:ABC-1234');
  await expect(form.getByRole('region', { name: 'Already on the board' })).toContainText('Amber Pass Cell');
  await form.getByRole('button', { name: 'File report' }).click();
  await expect(ana.getByRole('article', { name: /^Field report by Ana Ruiz \(DEA\)/ })).toBeVisible();
  expect(await seriousViolations(ana)).toEqual([]);

  // From the table, a holder's name opens its card.
  await openTab(ana, 'Connections');
  await row.getByRole('button', { name: 'Amber Pass Cell' }).click();
  await expect(ana.getByRole('dialog', { name: 'Amber Pass Cell' })).toBeVisible();
});
