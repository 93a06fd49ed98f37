import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/**
 * Every item of Electron's security checklist that applies to Unity Table, in one place.
 * Numbers refer to https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations
 * (docs/security.md maps each item to its code and its test).
 */

/** #18: the renderer is served from this custom, privileged scheme — never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'unity-table';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * #7: the Content-Security-Policy of every page we serve (also set as a <meta> in index.html
 * so the browser host enforces the same policy).
 * - script-src 'self' 'wasm-unsafe-eval': libsodium.js ships its crypto as WebAssembly; compiling
 *   it needs 'wasm-unsafe-eval', which allows WebAssembly compilation only — not eval() or inline
 *   script. The bundled ES build has no asm.js fallback: without it, libsodium cannot load.
 * - connect-src allows WebSockets to relays: which relay is reachable is decided by the
 *   session's request filter (isAllowedRequest) against the relays the user configured.
 * - no inline script or style, no objects, no frames, no base-uri or form targets.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Electron's BrowserWindow class, passed in so that this module loads (and is tested) without Electron. */
export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Opens a window with the web preferences of every window. Each is set explicitly, even where it is the
 * default, and written out literally inside `new BrowserWindow(...)`: Electronegativity (npm run
 * test:security) reads the very options Electron gets, so removing or weakening one fails that gate.
 *
 * Its AUXCLICK_JS_CHECK asks for `disableBlinkFeatures: 'Auxclick'`, so that a middle-click on a link cannot
 * open a new window. Chromium has no runtime feature by that name any more (the option would do nothing),
 * and a middle-click here can open nothing anyway: hardenWebContents denies every new window and every
 * navigation, in every web contents.
 */
export function createSecureWindow<W>(
  BrowserWindow: BrowserWindowClass<W>,
  windowOptions: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  preloadPath: string,
  options: { devTools: boolean },
): W {
  /* eng-disable AUXCLICK_JS_CHECK -- reason: middle-click can open nothing, see above */ return new BrowserWindow({
    ...windowOptions,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK -- reason: electron/preload exposes only the IPC contract's invoke wrappers through contextBridge, never ipcRenderer itself (#20)
      // #3 Enable context isolation: the preload's world and the page's world never share objects.
      contextIsolation: true,
      // #4 Enable process sandboxing: the renderer is an OS-sandboxed Chromium process.
      sandbox: true,
      // #2 Do not enable Node.js integration — not in the page, its workers or its subframes.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // #6 Do not disable webSecurity (same-origin policy stays on).
      webSecurity: true,
      // #8 Do not enable allowRunningInsecureContent.
      allowRunningInsecureContent: false,
      // #9 Do not enable experimental features.
      experimentalFeatures: false,
      // #11/#12 No <webview>: the tag is off, and will-attach-webview is refused below.
      webviewTag: false,
      // #13 Dropping a file or link on the window must not navigate away from the app.
      navigateOnDragDrop: false,
      // S5: Chromium's spellchecker downloads dictionaries from Google; we open no such connection.
      spellcheck: false,
      // A page cannot trap the user in a loop of alert() dialogs.
      safeDialogs: true,
      // Developer tools only in development builds.
      devTools: options.devTools,
    },
  });
}

/** #17: IPC is answered only for the app's own top-level page. */
export function isTrustedSenderUrl(url: string, devServerOrigin: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devServerOrigin !== null && parsed.origin === devServerOrigin;
}

/**
 * #15: shell.openExternal is used only for https links, and only after the user confirmed the
 * exact address (see openExternalLink). Everything else — file:, javascript:, smb:, custom
 * schemes that launch local programs, credentials in the URL — is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

/**
 * S5: the only network traffic the app may make: its own pages, and relays the user configured.
 * `relayOrigins` are origins such as `ws://10.0.0.5:4444` (WebSocket) — their http(s) twins are
 * allowed too, for the relay's health endpoint.
 */
export function isAllowedRequest(url: string, relayOrigins: ReadonlySet<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      return parsed.host === APP_HOST;
    case 'devtools:':
    case 'data:':
    case 'blob:':
      return true;
    case 'ws:':
    case 'wss:':
      return relayOrigins.has(parsed.origin);
    case 'http:':
    case 'https:':
      return relayOrigins.has(parsed.origin.replace(/^http/, 'ws'));
    default:
      return false;
  }
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** #11, #12, #13, #14: no webviews, no navigation, no new windows. */
export function hardenWebContents(contents: HardenableContents): void {
  // #13 Disable navigation: the app is one page; links leave only through openExternalLink.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // #12 Verify WebView options before creation — by refusing every webview.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // #14 Disable the creation of new windows.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

/** #5 and S5: deny every permission; cancel every request that is not ours or a configured relay. */
export function hardenSession(session: HardenableSession, relayOrigins: ReadonlySet<string>): void {
  // #5 Handle session permission requests from remote content: camera, notifications, … all denied.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // S5: no fonts, CDNs, update checks or telemetry — only the app and the relays configured.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, relayOrigins) });
  });
}
