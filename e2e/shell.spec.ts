import { expect, test } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';

import { CONTENT_SECURITY_POLICY } from '../electron/main/security';
import { createWorkspace, person } from './people';

/*
 * The shell in Chromium through the browser host (`npm run web`, started by playwright.config.ts).
 * Functions passed to page.evaluate run in the page; tsconfig.node.json has no DOM library, so
 * the few browser globals they touch are declared here for the type checker only.
 */
interface ViolationEvent {
  readonly effectiveDirective: string;
  readonly blockedURI: string;
}
declare const document: {
  createElement(tag: 'script'): { textContent: string | null };
  readonly head: { append(node: unknown): void };
  addEventListener(type: 'securitypolicyviolation', listener: (event: ViolationEvent) => void): void;
};

/** Console errors and uncaught page errors, as one line each. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    errors.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** The statuses have left "Checking…"/"Loading…": the page has made every request of its start. */
async function waitForSettledShell(page: Page): Promise<void> {
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection.getByRole('status', { name: 'Relay' })).not.toHaveText(/checking/i);
  await expect(connection.getByRole('status', { name: 'Encryption' })).not.toHaveText(/loading/i);
  await page.waitForLoadState('networkidle');
}

test('the shell loads with no console or page errors and shows the app frame', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Unity Table' })).toBeVisible();

  // A new machine: first run asks who I am and for a passphrase.
  await expect(page.getByRole('heading', { name: 'Set up Unity Table on this machine' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your name' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Agency' })).toBeVisible();

  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection).toBeVisible();
  // The browser host started without a relay (`npm run web`): it says it works offline.
  await expect(connection.getByRole('status', { name: 'Relay' })).toHaveText('This machine hosts no relay');
  // libsodium's WebAssembly loads under the strict CSP (a blocked compile would be a console error).
  await expect(connection.getByRole('status', { name: 'Encryption' })).toHaveText(
    /^End-to-end encryption ready \(libsodium \d+\.\d+/,
  );

  await waitForSettledShell(page);
  expect(errors, 'console errors or page errors while loading the shell').toEqual([]);
});

test('arrow keys move between the section tabs', async ({ browser }) => {
  const page = await person(browser, { name: 'Dana Keys', agency: 'ATF' });
  const errors = collectErrors(page);
  await createWorkspace(page, 'Keyboard Table');
  const tablist = page.getByRole('tablist', { name: 'Sections' });
  await expect(tablist.getByRole('tab')).toHaveText([
    'Target board',
    'Field reports',
    'Connections',
    'Briefing',
    'Notes',
    'Priorities',
    'Metrics',
    'Members',
    'Exchange',
  ]);
  const board = tablist.getByRole('tab', { name: 'Target board' });
  const reports = tablist.getByRole('tab', { name: 'Field reports' });
  const connections = tablist.getByRole('tab', { name: 'Connections' });
  const briefing = tablist.getByRole('tab', { name: 'Briefing' });
  const notes = tablist.getByRole('tab', { name: 'Notes' });
  const priorities = tablist.getByRole('tab', { name: 'Priorities' });

  await expect(board).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Target board' })).toBeVisible();

  // Only the selected tab is in the tab order (roving tabindex).
  await board.focus();
  await expect(board).toBeFocused();
  await expect(reports).toHaveAttribute('tabindex', '-1');

  await page.keyboard.press('ArrowRight');
  await expect(reports).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Field reports' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(connections).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(briefing).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Briefing' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(notes).toBeFocused();
  await expect(notes).toHaveAttribute('aria-selected', 'true');
  await expect(board).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByRole('tabpanel', { name: 'Notes' })).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(priorities).toBeFocused();
  await expect(priorities).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Priorities' })).toBeVisible();

  // Wraps around at both ends.
  const metrics = tablist.getByRole('tab', { name: 'Metrics' });
  const members = tablist.getByRole('tab', { name: 'Members' });
  const exchange = tablist.getByRole('tab', { name: 'Exchange' });
  await page.keyboard.press('ArrowRight');
  await expect(metrics).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Metrics' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(members).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(exchange).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(board).toBeFocused();
  await expect(board).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('ArrowLeft');
  await expect(exchange).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(members).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(metrics).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(priorities).toBeFocused();
  await expect(priorities).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('ArrowLeft');
  await expect(notes).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Notes' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(briefing).toBeFocused();
  await expect(briefing).toHaveAttribute('aria-selected', 'true');

  expect(errors).toEqual([]);
});

test('the page is served with the Content-Security-Policy header', async ({ page }) => {
  const response = await page.goto('/');
  expect(response, 'no response for /').not.toBeNull();
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'];
  expect(csp).toBe(CONTENT_SECURITY_POLICY);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
});

test('an injected inline script is blocked by the CSP', async ({ page }) => {
  const cspConsoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      cspConsoleErrors.push(message.text());
    }
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Unity Table' })).toBeVisible();

  const violation = await page.evaluate(
    () =>
      new Promise<{ directive: string; blockedURI: string } | null>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) =>
          resolve({ directive: event.effectiveDirective, blockedURI: event.blockedURI }),
        );
        setTimeout(() => resolve(null), 3_000);
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = true;';
        document.head.append(script);
      }),
  );

  expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(violation, 'no securitypolicyviolation event was fired').not.toBeNull();
  expect(violation?.directive).toMatch(/^script-src/);
  expect(violation?.blockedURI).toBe('inline');
  await expect.poll(() => cspConsoleErrors.length, { message: 'Chromium logged no CSP violation' }).toBeGreaterThan(0);
});

test('no request leaves 127.0.0.1 while the shell loads', async ({ page, context }) => {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (socket) => urls.push(socket.url()));

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Unity Table' })).toBeVisible();
  await waitForSettledShell(page);

  expect(urls.length, 'the page made no request at all').toBeGreaterThan(0);
  expect(urls).toContain(page.url());
  const elsewhere = urls.filter((url) => new URL(url).hostname !== '127.0.0.1');
  expect(elsewhere, 'requests to hosts other than 127.0.0.1').toEqual([]);
});
