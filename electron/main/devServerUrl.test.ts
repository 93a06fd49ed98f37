import { describe, expect, it } from 'vitest';

import { devServerUrl } from './devServerUrl';

function decide(isPackaged: boolean, env: Record<string, string | undefined>) {
  const logged: string[] = [];
  const url = devServerUrl({ isPackaged, env, log: (s) => logged.push(s) });
  return { url, logged };
}

describe('devServerUrl', () => {
  it('honours a loopback http URL when unpackaged and UNITY_DEV=1', () => {
    for (const u of ['http://localhost:5173', 'http://127.0.0.1:5173/', 'http://[::1]:5173/index.html']) {
      expect(decide(false, { UNITY_DEV: '1', ELECTRON_RENDERER_URL: u })).toEqual({ url: u, logged: [] });
    }
  });

  it('ignores ELECTRON_RENDERER_URL without UNITY_DEV=1, and says so', () => {
    for (const flag of [undefined, '', '0', 'true', 'yes']) {
      const { url, logged } = decide(false, { UNITY_DEV: flag, ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' });
      expect(url).toBeNull();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/UNITY_DEV=1/);
    }
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, even with UNITY_DEV=1', () => {
    const { url, logged } = decide(true, { UNITY_DEV: '1', ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' });
    expect(url).toBeNull();
    expect(logged[0]).toMatch(/packaged/);
  });

  it('refuses a URL that is not loopback http, with a sentence', () => {
    for (const u of [
      'https://127.0.0.1:5173',
      'http://evil.example:5173',
      'http://192.168.1.10:5173',
      'http://127.0.0.1.evil.example/',
      'http://user@evil.example/',
      'file:///tmp/index.html',
      'javascript:alert(1)',
      'not a url',
      'http://0.0.0.0:5173',
    ]) {
      const { url, logged } = decide(false, { UNITY_DEV: '1', ELECTRON_RENDERER_URL: u });
      expect(url, u).toBeNull();
      expect(logged, u).toHaveLength(1);
      expect(logged[0]).toMatch(/loopback/);
    }
  });

  it('says nothing when no dev server is asked for', () => {
    expect(decide(false, {})).toEqual({ url: null, logged: [] });
    expect(decide(true, {})).toEqual({ url: null, logged: [] });
  });
});
