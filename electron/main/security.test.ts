import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

import {
  CONTENT_SECURITY_POLICY,
  createSecureWindow,
  hardenSession,
  hardenWebContents,
  isAllowedRequest,
  isSafeExternalUrl,
  isTrustedSenderUrl,
} from './security';

describe('createSecureWindow', () => {
  class FakeWindow {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  const win = createSecureWindow(FakeWindow, { width: 800, show: false }, '/app/preload.cjs', { devTools: false });
  const prefs = win.options.webPreferences ?? {};

  it('keeps the window options', () => {
    expect(win.options).toMatchObject({ width: 800, show: false });
  });

  it('sets every checklist preference explicitly', () => {
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });
});

describe('isSafeExternalUrl', () => {
  it.each(['https://example.org/report', 'https://example.org:8443/a?b=c#d'])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://example.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/x',
    'https://user:pass@example.org/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('isTrustedSenderUrl', () => {
  it('trusts the app origin only', () => {
    expect(isTrustedSenderUrl('app://unity-table/index.html', null)).toBe(true);
    expect(isTrustedSenderUrl('app://evil/index.html', null)).toBe(false);
    expect(isTrustedSenderUrl('https://unity-table/', null)).toBe(false);
    expect(isTrustedSenderUrl('file:///out/renderer/index.html', null)).toBe(false);
    expect(isTrustedSenderUrl('about:blank', null)).toBe(false);
    expect(isTrustedSenderUrl('garbage', null)).toBe(false);
  });
  it('trusts the dev server only when one is configured', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173/', null)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  const relays = new Set(['ws://10.1.2.3:4444']);
  it('allows the app and configured relays', () => {
    expect(isAllowedRequest('app://unity-table/assets/index.js', relays)).toBe(true);
    expect(isAllowedRequest('ws://10.1.2.3:4444/workspace-1', relays)).toBe(true);
    expect(isAllowedRequest('http://10.1.2.3:4444/health', relays)).toBe(true);
  });
  it.each([
    'https://fonts.googleapis.com/css?family=Roboto',
    'https://update.electronjs.org/',
    'ws://10.1.2.4:4444/',
    'wss://10.1.2.3:4444/',
    'app://other/index.html',
    'file:///etc/passwd',
    'ftp://10.1.2.3/',
    'nonsense',
  ])('cancels %s', (url) => {
    expect(isAllowedRequest(url, relays)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  type Listener = (event: { preventDefault: () => void }) => void;
  const listeners = new Map<string, Listener>();
  let openHandler: (() => { action: string }) | undefined;
  hardenWebContents({
    on: ((name: string, listener: Listener) => listeners.set(name, listener)) as never,
    setWindowOpenHandler: ((handler: () => { action: string }) => (openHandler = handler)) as never,
  });

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const preventDefault = vi.fn();
    listeners.get(name)?.({ preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
  });
  it('denies new windows', () => {
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
  let check: (() => boolean) | undefined;
  let device: (() => boolean) | undefined;
  let beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
  hardenSession(
    {
      setPermissionRequestHandler: ((h: typeof request) => (request = h)) as never,
      setPermissionCheckHandler: ((h: typeof check) => (check = h)) as never,
      setDevicePermissionHandler: ((h: typeof device) => (device = h)) as never,
      webRequest: { onBeforeRequest: ((h: typeof beforeRequest) => (beforeRequest = h)) as never },
    },
    new Set(['ws://127.0.0.1:4444']),
  );

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])('denies %s', (permission) => {
    const callback = vi.fn();
    request?.({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
  it('cancels requests to anything but the app and its relays', () => {
    const answers: boolean[] = [];
    for (const url of ['https://fonts.gstatic.com/x.woff2', 'ws://127.0.0.1:4444/w', 'app://unity-table/']) {
      beforeRequest?.({ url }, (r) => answers.push(r.cancel));
    }
    expect(answers).toEqual([true, false, false]);
  });
});

describe('Content-Security-Policy', () => {
  const html = readFileSync(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

  it('is the same in index.html (browser host) as in the app protocol (desktop)', () => {
    // frame-ancestors is ignored in <meta>, so only the header carries it.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
  it("allows no inline script or eval, only 'wasm-unsafe-eval' for libsodium", () => {
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
  });
});
