import { parseArgs } from 'node:util';

import { DEFAULT_MEMBER_LIMITS, mib } from './MemberBudget';
import { DEFAULT_RATE_LIMITS } from './RateLimiter';
import { startRelay } from './Relay';

/**
 * `npm run relay -- --host 127.0.0.1 --port 0 --data DIR [--max-message-mib 64] [--rate-messages 500]
 * [--rate-mib 8] [--max-update-mib 16] [--member-window-mib 256] [--member-window-seconds 60] [--quiet]`:
 * prints one line
 * `relay listening on ws://HOST:PORT` once it accepts connections; SIGTERM or SIGINT closes it
 * cleanly (connections closed, store flushed).
 */
async function main(): Promise<void> {
  // Everything the relay writes (LevelDB files, the nonce log) is readable by its user only.
  process.umask(0o077);
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4444' },
      data: { type: 'string' },
      'max-message-mib': { type: 'string', default: '64' },
      'rate-messages': { type: 'string', default: String(DEFAULT_RATE_LIMITS.messagesPerSecond) },
      'rate-mib': { type: 'string', default: String(DEFAULT_RATE_LIMITS.bytesPerSecond / 1024 / 1024) },
      'max-update-mib': { type: 'string', default: mib(DEFAULT_MEMBER_LIMITS.maxUpdateBytes) },
      'member-window-mib': { type: 'string', default: mib(DEFAULT_MEMBER_LIMITS.memberBytesPerWindow) },
      'member-window-seconds': { type: 'string', default: String(DEFAULT_MEMBER_LIMITS.windowMs / 1000) },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got "${values.port}"`);
  if (values.data === undefined) throw new Error('--data DIR is required: where the relay keeps what it stores');

  const positive = (name: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
    return n;
  };
  const relay = await startRelay({
    host: values.host,
    port,
    dataDir: values.data,
    maxMessageBytes: positive('max-message-mib', values['max-message-mib']) * 1024 * 1024,
    rateLimits: {
      messagesPerSecond: positive('rate-messages', values['rate-messages']),
      bytesPerSecond: positive('rate-mib', values['rate-mib']) * 1024 * 1024,
      burstSeconds: DEFAULT_RATE_LIMITS.burstSeconds,
    },
    limits: {
      maxUpdateBytes: positive('max-update-mib', values['max-update-mib']) * 1024 * 1024,
      memberBytesPerWindow: positive('member-window-mib', values['member-window-mib']) * 1024 * 1024,
      windowMs: positive('member-window-seconds', values['member-window-seconds']) * 1000,
    },
    // One line per refused connection or closed socket, for the admin who runs the relay.
    log: values.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
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
