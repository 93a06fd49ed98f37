import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { startRelay } from '../relay';
import { fail, portOption, refuseUnknownFlags } from './cliArgs';
import { electronBinary, fetchElectronBinary } from './electronBinary';
import { startWebServer } from './webServer';

/**
 * `npm start`: the desktop app, which hosts a relay on this machine (or uses UNITY_RELAY_URL).
 * Where Electron's binary is missing and cannot be downloaded — as on an isolated network — it
 * says so in one line and serves the same renderer to a browser, with the relay beside it.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  refuseUnknownFlags(argv, { browser: 'boolean', port: 'string', 'relay-port': 'string' });
  // --browser: the browser host even where Electron is available (and no download attempt).
  const browserOnly = argv.includes('--browser');
  let binary = browserOnly ? null : electronBinary();
  let why = '';
  if (!binary && !browserOnly) {
    const fetched = await fetchElectronBinary(120_000);
    binary = fetched.binary;
    if (fetched.binary === null) why = fetched.why;
  }
  if (binary) {
    const child = spawn(binary, [resolve(import.meta.dirname, '..')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }

  console.log(
    browserOnly
      ? 'Opening Unity Table in the browser host (--browser).'
      : `Electron's binary is not installed (${why}): opening Unity Table in the browser host instead.`,
  );
  const relayPort = portOption(argv, 'relay-port', 'UNITY_RELAY_PORT', 4444);
  const webPort = portOption(argv, 'port', 'UNITY_WEB_PORT', 5173);
  const external = process.env['UNITY_RELAY_URL'];
  const dataDir = process.env['UNITY_DATA_DIR'] ?? join(homedir(), '.unity-table');
  let relay = null;
  if (!external) {
    mkdirSync(join(dataDir, 'relay'), { recursive: true, mode: 0o700 });
    relay = await startRelay({ host: '127.0.0.1', port: relayPort, dataDir: join(dataDir, 'relay') });
  }
  const web = await startWebServer({ port: webPort, relayUrl: relay?.url ?? external ?? null, hosted: relay !== null });
  console.log(
    relay ? `relay listening on ${relay.url} (data in ${join(dataDir, 'relay')})` : `using the relay at ${external}`,
  );
  console.log(`Unity Table is running: open ${web.url} in a browser. Ctrl-C stops it.`);

  const stop = (): void => {
    const exit = () => process.exit(0);
    Promise.allSettled([web.close(), relay?.close()]).then(exit, exit);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => fail('start', e));
