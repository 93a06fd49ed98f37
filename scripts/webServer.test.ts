import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';

import { randomRequest, rawGet, send } from '../relay/httpFuzz';
import { startWebServer } from './webServer';
import type { WebServer } from './webServer';

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(): Promise<number> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'web-')), 'web');
  mkdirSync(outDir);
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startWebServer({ port: 0, relayUrl: null, hosted: false, outDir });
  return Number(new URL(server.url).port);
}

describe('browser host web server: bad request targets (issue 11, item 1)', () => {
  it('answers unparsable targets with 400 instead of ending the process', async () => {
    const port = await start();
    for (const target of ['http://[', '/%', 'http://[::1']) {
      expect(await rawGet(port, target)).toMatch(/^HTTP\/1\.1 (400|403|404) /);
    }
    expect(await rawGet(port, 'http://[')).toMatch(/bad request target/);
    expect(await rawGet(port, '/host.json')).toMatch(/^HTTP\/1\.1 200 /);
  });

  const seed = Number(process.env['SEED'] ?? Date.now() % 2 ** 31);
  it('stays up under seeded random requests', async () => {
    const port = await start();
    try {
      const gen = prng.create(seed);
      for (let batch = 0; batch < 3; batch++) {
        await Promise.all(Array.from({ length: 30 }, () => send(port, randomRequest(gen))));
        expect(await rawGet(port, '/host.json')).toMatch(/^HTTP\/1\.1 200 /);
      }
    } catch (e) {
      console.error(
        `web server fuzz failed with SEED=${seed} (replay: SEED=${seed} npx vitest run scripts/webServer.test.ts)`,
      );
      throw e;
    }
  }, 60_000);
});
