import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { _electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';

import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../electron/main/security';
import { electronBinary } from '../scripts/electronBinary';
import { ipcChannels, PRELOAD_API_KEY } from '../shared/ipc';

/*
 * The desktop app itself, built (out/main/index.js) and launched by Playwright's Electron driver:
 * the window's security settings, and what its page can and cannot do.
 * Functions passed to page.evaluate run in the page; tsconfig.node.json has no DOM library, so
 * the few browser globals they touch are declared here for the type checker only.
 */
declare const location: { href: string };
declare const window: { open(url: string): unknown };
declare const Notification: { readonly permission: string; requestPermission(): Promise<string> };
declare const navigator: { permissions: { query(descriptor: { name: string }): Promise<{ state: string }> } };
declare const document: {
  createElement(tag: 'script'): { textContent: string | null };
  readonly head: { append(node: unknown): void };
};

const projectRoot = resolve(import.meta.dirname, '..');
const builtMain = join(projectRoot, 'out/main/index.js');

const binary = electronBinary();
const SKIP_REASON =
  'the Electron binary is not installed and cannot be downloaded here (no internet); ' +
  'set ELECTRON_OVERRIDE_DIST_PATH to a directory containing one to run this spec';
if (binary === null) console.log(`e2e/electron.spec.ts is skipped: ${SKIP_REASON}.`);
test.skip(binary === null, SKIP_REASON);

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;
let dataDir: string;

/** This process's environment for the app, with a relay on a free port and a profile of its own. */
function appEnvironment(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // The built app, not a dev server; its own relay, not one configured elsewhere; Electron, not Node.
  delete env['ELECTRON_RENDERER_URL'];
  delete env['UNITY_RELAY_URL'];
  delete env['ELECTRON_RUN_AS_NODE'];
  env['UNITY_RELAY_PORT'] = '0';
  // app.getPath('appData') on Linux; userData itself comes from --user-data-dir below.
  env['XDG_CONFIG_HOME'] = join(dir, 'config');
  env['XDG_CACHE_HOME'] = join(dir, 'cache');
  return env;
}

test.beforeAll(async () => {
  if (!existsSync(builtMain)) {
    throw new Error('out/main/index.js is missing: run `npx electron-vite build` (or `npm run build`) first');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'unity-table-e2e-'));
  const args = [projectRoot, `--user-data-dir=${join(dataDir, 'user-data')}`];
  // Linux with no display server: Chromium's headless Ozone platform instead of X11/Wayland.
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    args.push('--ozone-platform=headless');
  }
  app = await _electron.launch({
    executablePath: binary ?? undefined,
    args,
    cwd: projectRoot,
    env: appEnvironment(dataDir),
  });
  page = await app.firstWindow();
  await expect(page.getByRole('heading', { level: 1, name: 'Unity Table' })).toBeVisible();
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the window is created with the secure web preferences', async () => {
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents;
    // Present at run time, missing from Electron's type declarations.
    const last = contents as unknown as { getLastWebPreferences(): Record<string, unknown> | null } | undefined;
    return last?.getLastWebPreferences() ?? null;
  });
  expect(preferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  });
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  expect(page.url()).toBe(`${APP_ORIGIN}/index.html`);
});

test('the page has no Node.js: no require, process, module or Buffer', async () => {
  const types = await page.evaluate(() => ({
    require: typeof require,
    process: typeof process,
    module: typeof module,
    Buffer: typeof Buffer,
  }));
  expect(types).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
});

test('window.unityTable exposes exactly the IPC contract, and no raw ipcRenderer', async () => {
  const exposed = await page.evaluate((key) => {
    const api = (globalThis as Record<string, unknown>)[key] as Record<string, Record<string, unknown>> | undefined;
    if (api === undefined) return null;
    return Object.fromEntries(
      Object.entries(api).map(([group, methods]) => [
        group,
        Object.entries(methods)
          .map(([name, value]) => `${name}:${typeof value}`)
          .sort(),
      ]),
    );
  }, PRELOAD_API_KEY);
  expect(exposed, `window.${PRELOAD_API_KEY} is missing`).not.toBeNull();
  expect(Object.keys(exposed ?? {}).sort()).toEqual(['files', 'links', 'relay', 'secrets']);

  const expected: Record<string, string[]> = {};
  for (const channel of ipcChannels) {
    const [group, method] = channel.split('.') as [string, string];
    (expected[group] ??= []).push(`${method}:function`);
  }
  for (const methods of Object.values(expected)) methods.sort();
  expect(exposed).toEqual(expected);

  const leaked = await page.evaluate(() =>
    ['ipcRenderer', 'electron', 'require', 'process'].filter((name) => name in globalThis),
  );
  expect(leaked).toEqual([]);
});

test('the app hosts its relay on the port it was given (0: a free one) and says so', async () => {
  const status = page.getByRole('region', { name: 'Connection' }).getByRole('status', { name: 'Relay' });
  await expect(status).toHaveText(/^Relay on this machine: ws:\/\/127\.0\.0\.1:\d+$/);
  await expect(status).not.toHaveText(/:4444$/);
});

test('navigation away from the app is denied', async () => {
  const before = page.url();
  await page.evaluate(() => {
    location.href = 'https://example.org/';
  });
  // will-navigate is cancelled synchronously; give a navigation time to commit if it were not.
  await page.waitForTimeout(1_000);
  expect(page.url()).toBe(before);
  await expect(page.getByRole('heading', { level: 1, name: 'Unity Table' })).toBeVisible();
  expect(app.windows()).toHaveLength(1);
});

test('window.open is denied: it returns null and no window opens', async () => {
  const results = await page.evaluate(() => [
    window.open('https://example.org/') === null,
    window.open(`${location.href}#popup`) === null,
  ]);
  expect(results).toEqual([true, true]);
  await page.waitForTimeout(500);
  expect(app.windows()).toHaveLength(1);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('permission requests and checks are denied', async () => {
  const permissions = await page.evaluate(async () => ({
    requested: await Notification.requestPermission(),
    notification: Notification.permission,
    notifications: (await navigator.permissions.query({ name: 'notifications' })).state,
    geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
  }));
  expect(permissions).toEqual({
    requested: 'denied',
    notification: 'denied',
    notifications: 'denied',
    geolocation: 'denied',
  });
});

test('app:// responses carry the CSP and an injected inline script does not run', async () => {
  const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
  expect(csp).toBe(CONTENT_SECURITY_POLICY);

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__pwned = true;';
    document.head.append(script);
  });
  expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
});
