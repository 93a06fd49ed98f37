import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { registerAppProtocol, resolveAppAsset } from './appProtocol';
import { CONTENT_SECURITY_POLICY } from './security';

const root = mkdtempSync(join(tmpdir(), 'unity-app-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
// A file beside the root that traversal would try to reach.
writeFileSync(join(root, '..', 'unity-secret.txt'), 'secret');

describe('resolveAppAsset', () => {
  it('serves index.html for the root and files inside the root', () => {
    expect(resolveAppAsset(root, 'app://unity-table/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://unity-table/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });
  // The URL parser already folds literal and %2e dot segments; whatever is left must stay inside.
  it.each([
    'app://unity-table/../unity-secret.txt',
    'app://unity-table/%2e%2e/unity-secret.txt',
    'app://unity-table/assets/../../../unity-secret.txt',
  ])('keeps %s inside the root', (url) => {
    expect(resolveAppAsset(root, url)).toBe(join(root, 'unity-secret.txt'));
  });
  it.each([
    'app://unity-table/assets/%2e%2e%2f%2e%2e%2funity-secret.txt',
    'app://unity-table/..%2funity-secret.txt',
    'app://unity-table/..%5cunity-secret.txt',
    'app://unity-table/index.html%00.js',
    'app://unity-table/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'https://unity-table/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });
});

describe('registerAppProtocol', () => {
  let handler: ((request: Request) => Promise<Response>) | undefined;
  registerAppProtocol({ handle: ((_scheme: string, h: typeof handler) => (handler = h)) as never }, root);

  it('serves files with the CSP and nosniff headers', async () => {
    const response = await handler!(new Request('app://unity-table/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });
  it('answers 404 to traversal and to missing files', async () => {
    for (const attempt of [
      '%2e%2e/unity-secret.txt',
      '..%2funity-secret.txt',
      'assets/%2e%2e%2f%2e%2e%2funity-secret.txt',
    ]) {
      expect((await handler!(new Request(`app://unity-table/${attempt}`))).status).toBe(404);
    }
    expect((await handler!(new Request('app://unity-table/missing.js'))).status).toBe(404);
  });
});
