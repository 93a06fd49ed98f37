import { join } from 'node:path';

import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';

import { privilegedAppScheme, registerAppProtocol } from './appProtocol';
import { devServerUrl } from './devServerUrl';
import { hostHandlers } from './hostHandlers';
import { registerIpcHandlers } from './registerIpcHandlers';
import { RelayHosting } from './RelayHosting';
import { APP_ORIGIN, createSecureWindow, hardenSession, hardenWebContents, isTrustedSenderUrl } from './security';

// #4: every renderer is sandboxed, whatever a window's own preferences say.
app.enableSandbox();
// #18: must run before 'ready'.
protocol.registerSchemesAsPrivileged([privilegedAppScheme]);

// #17/#13: a dev server becomes the page and a trusted IPC origin, so only explicit development mode may name one.
const devServer = devServerUrl({ isPackaged: app.isPackaged, env: process.env, log: (s) => console.error(s) });
const devServerOrigin = devServer ? new URL(devServer).origin : null;
/** Relays the user configured (UNITY_RELAY_URL) plus the one this app hosts: the only network peers. */
const relayOrigins = new Set<string>();
const configuredRelay = process.env['UNITY_RELAY_URL'];
if (configuredRelay) relayOrigins.add(new URL(configuredRelay).origin);

// Where the app keeps its data; UNITY_DATA_DIR moves it (as for `npm start`'s browser fallback).
if (process.env['UNITY_DATA_DIR']) app.setPath('userData', process.env['UNITY_DATA_DIR']);

let mainWindow: BrowserWindow | null = null;
const relayHosting = new RelayHosting(app.getPath('userData'), relayOrigins, configuredRelay ?? null);

// #11–#14 apply to every web contents ever created, not only the main window's.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

function createWindow(): void {
  mainWindow = createSecureWindow(
    BrowserWindow,
    { width: 1280, height: 820, title: 'Unity Table', show: false },
    join(import.meta.dirname, '../preload/index.cjs'),
    { devTools: !app.isPackaged },
  );
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  mainWindow.loadURL(devServer ?? `${APP_ORIGIN}/index.html`).catch((err: unknown) => {
    console.error(
      `unity-table: the window could not load its page: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
}

async function ready(): Promise<void> {
  if (devServerOrigin) relayOrigins.add(devServerOrigin.replace(/^http/, 'ws'));
  hardenSession(session.defaultSession, relayOrigins);
  registerAppProtocol(protocol, join(import.meta.dirname, '../renderer'));
  registerIpcHandlers(
    ipcMain,
    hostHandlers({
      secretsDir: join(app.getPath('userData'), 'secrets'),
      safeStorage,
      platform: process.platform,
      dialog,
      window: () => mainWindow,
      openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: only called by links.openExternal (hostHandlers), after isSafeExternalUrl and the user's confirmation
      relay: relayHosting,
      allowRelay: (url) => relayOrigins.add(new URL(url).origin),
    }),
    (url) => isTrustedSenderUrl(url, devServerOrigin),
  );
  // The desktop app hosts a relay on this machine unless the user pointed it at another one.
  if (!configuredRelay) {
    const port = Number(process.env['UNITY_RELAY_PORT'] ?? 4444);
    await relayHosting.host({ port, lan: false }).catch((e: unknown) => {
      console.error(
        `Unity Table: could not host a relay on port ${port}: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }
  createWindow();
}

app.whenReady().then(ready, (e: unknown) => {
  console.error(e);
  app.quit();
});
app.on('window-all-closed', () => {
  const quit = () => app.quit();
  relayHosting.stop().then(quit, quit);
});
