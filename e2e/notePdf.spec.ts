import { execFileSync } from 'node:child_process';

import { expect, test } from '@playwright/test';

import { addOrganization, card, createWorkspace, openTab, person } from './people';

const ORG = 'Quarry Lane Group';

test('a note exports as a PDF in the browser, under the CSP: pdfmake loads, fonts embedded, the marking on the page', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const ana = await person(browser, { name: 'Ana Example', agency: 'Border Patrol' });
  const blocked: string[] = [];
  ana.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  await createWorkspace(ana, 'Export Table');
  await addOrganization(ana, ORG);
  await openTab(ana, 'Target board');
  await card(ana, ORG)
    .getByRole('button', { name: `Open ${ORG}` })
    .click();
  await ana.getByRole('dialog', { name: ORG }).getByRole('button', { name: 'Open note' }).click();
  const editor = ana.getByRole('textbox', { name: `Text of ${ORG}` });
  await editor.click();
  await editor.pressSequentially('Ñandú crossing — “crystal” at Łódź gate');

  const download = ana.waitForEvent('download');
  await ana.getByRole('button', { name: 'Export PDF' }).click();
  const file = await (await download).path();
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Ñandú crossing — “crystal” at Łódź gate');
  expect(text).toMatch(/TLP:AMBER — /);
  expect(text).toContain('Page 1 of 1');
  expect(blocked).toEqual([]);
});
