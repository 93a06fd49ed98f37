import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { expect, test } from '@playwright/test';

/**
 * `npm start`'s browser fallback, as a new user meets it on a machine where Electron's binary
 * cannot be had: one clear line, a relay on this machine, the UI on 127.0.0.1. (The build it
 * needs is done by `npm start` itself and, in `npm test`, before the e2e run.)
 */
test.describe.configure({ mode: 'serial' });

let child: ChildProcess | null = null;
test.afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
});

async function start(args: string[]): Promise<{ lines: string[]; url: string }> {
  const root = resolve(import.meta.dirname, '..');
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/start.ts'), ...args], {
    cwd: root,
    env: { ...process.env, UNITY_DATA_DIR: mkdtempSync(join(tmpdir(), 'unity-start-')), UNITY_RELAY_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`npm start did not print an address:\n${lines.join('\n')}`)),
      150_000,
    );
    const onData = (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/?) in a browser/.exec(lines.join('\n'));
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
  });
  return { lines, url };
}

test('npm start falls back to the browser host with its own relay, in clear lines', async ({ page }) => {
  const { lines, url } = await start(['--browser', '--port', '4391', '--relay-port', '0']);
  expect(lines.join('\n')).not.toMatch(/\n\s+at /); // no stack trace
  const relayLine = lines.find((l) => l.startsWith('relay listening on'));
  const relayUrl = /ws:\/\/127\.0\.0\.1:\d+/.exec(relayLine ?? '')?.[0];
  expect(relayUrl).toBeDefined();
  const health = await fetch(`${relayUrl!.replace('ws:', 'http:')}/health`);
  expect(health.status).toBe(200);

  await page.goto(url);
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection.getByRole('status', { name: 'Relay' })).toHaveText(`Relay on this machine: ${relayUrl}`);
  await expect(connection.getByRole('status', { name: 'Encryption' })).toHaveText(/ready/);
});
