import { parseArgs } from 'node:util';

import { startRelay } from './Relay';

/**
 * `npm run relay -- --host 127.0.0.1 --port 0 --data DIR`: prints one line
 * `relay listening on ws://HOST:PORT` once it accepts connections; SIGTERM or SIGINT closes it
 * cleanly (connections closed, store flushed).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4444' },
      data: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got "${values.port}"`);
  if (values.data === undefined) throw new Error('--data DIR is required: where the relay keeps what it stores');

  const relay = await startRelay({ host: values.host, port, dataDir: values.data });
  console.log(`relay listening on ${relay.url}`);
  const stop = (): void => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(`relay: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
