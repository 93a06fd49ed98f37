import { expect } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';

/** The relay Playwright starts for these specs (playwright.config.ts). */
export const RELAY_URL = 'ws://127.0.0.1:4392';

/** A person at their own machine: a browser context of their own (own IndexedDB, own vault). */
const sentFrames = new WeakMap<Page, Buffer[]>();
const socketUrls = new WeakMap<Page, string[]>();

/** The addresses of the WebSockets this person's page has opened (the room is the workspace id). */
export function socketsOpened(page: Page): string[] {
  return socketUrls.get(page) ?? [];
}

/** Every WebSocket frame this person's page has sent so far (for leak scans). */
export function framesSent(page: Page): Buffer[] {
  return sentFrames.get(page) ?? [];
}

export async function person(browser: Browser, who: { name: string; agency: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error(`[${who.name}] page error: ${e.message}`));
  const frames: Buffer[] = [];
  sentFrames.set(page, frames);
  const urls: string[] = [];
  socketUrls.set(page, urls);
  page.on('websocket', (ws) => {
    urls.push(ws.url());
    ws.on('framesent', (f) => frames.push(typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload));
  });
  await page.goto('/');
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Agency').fill(who.agency);
  await page.getByLabel('Passphrase', { exact: true }).fill('a long test passphrase');
  await page.getByLabel('Repeat passphrase').fill('a long test passphrase');
  await page.getByRole('button', { name: 'Create my identity' }).click();
  await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible({ timeout: 15_000 });
  return page;
}

export async function createWorkspace(page: Page, title: string, relayUrl = RELAY_URL): Promise<void> {
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Relay address').fill(relayUrl);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

export async function addOrganization(page: Page, name: string): Promise<void> {
  await openTab(page, 'Target board');
  await page.getByLabel('Organization name').fill(name);
  await page.getByRole('button', { name: 'Add organization' }).click();
}

/** The admin on `admin` invites a new person with `role`; returns that person's page, joined. */
export async function inviteAndJoin(
  browser: Browser,
  admin: Page,
  who: { name: string; agency: string },
  title: string,
  role: 'analyst' | 'lead' | 'admin' = 'analyst',
): Promise<Page> {
  await expect(admin.getByRole('status', { name: 'Sync' })).toHaveText(/Online/, { timeout: 15_000 });
  await openTab(admin, 'Members');
  await admin.getByLabel('Role for the invite').selectOption(role);
  await admin.getByRole('button', { name: 'Create invite' }).click();
  const token = await admin.getByLabel('Invite token').inputValue();
  await expect(admin.getByRole('status', { name: 'Sync' })).toHaveText(/Online: in sync/);
  const guest = await person(browser, who);
  await guest.getByRole('textbox', { name: 'Invite token' }).fill(token);
  await guest.getByRole('button', { name: 'Join' }).click();
  await expect(guest.getByRole('heading', { name: title })).toBeVisible({ timeout: 20_000 });
  await openTab(admin, 'Target board');
  return guest;
}

/** An organization's card on the board. */
export function card(page: Page, name: string) {
  // Exact: a cold open's preview is the region "Board preview (not live)" (ADR 0022).
  return page.getByRole('region', { name: 'Board', exact: true }).getByRole('article', { name });
}

/** Opens an organization's card and returns its detail panel (a dialog named after it). */
export async function openCard(page: Page, name: string) {
  await card(page, name)
    .getByRole('button', { name: `Open ${name}` })
    .click();
  const panel = page.getByRole('dialog', { name });
  await expect(panel).toBeVisible();
  return panel;
}

/** A lane of the board, by its name. */
export function lane(page: Page, name: string) {
  return page.getByRole('region', { name: 'Board', exact: true }).getByRole('region', { name });
}
