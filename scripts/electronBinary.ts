import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/**
 * The Electron binary if it is on this machine, without triggering Electron's own download
 * (requiring 'electron' from Node would try to fetch it). ELECTRON_OVERRIDE_DIST_PATH points at
 * a binary obtained some other way, as Electron itself honours it.
 */
export function electronBinary(): string | null {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const candidate = join(override, relative ?? 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (relative === null) return null;
  const candidate = join(electronDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

/** Runs Electron's installer once (it downloads from the internet); the binary, or null with why. */
export async function fetchElectronBinary(
  timeoutMs: number,
): Promise<{ binary: string } | { binary: null; why: string }> {
  const installer = join(electronDir, 'install.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('close', resolve);
    child.on('error', () => resolve(null));
  });
  const binary = electronBinary();
  if (code === 0 && binary) return { binary };
  const reason = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(output.join(''))
    ? 'no internet to download it from'
    : code === null
      ? 'its download did not finish'
      : 'its download failed';
  return { binary: null, why: reason };
}
