import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const main = resolve(import.meta.dirname, 'main.ts');

/** The relay as its own process, as `npm run relay` starts it: for tests that kill it. */
export async function spawnRelay(
  dataDir: string,
  port = 0,
): Promise<{ url: string; port: number; process: ChildProcess }> {
  // One process (tsx as a loader, not its CLI, which would run the relay in a child a kill misses).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /relay listening on (ws:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
  });
  return { url, port: Number(new URL(url).port), process: child };
}
