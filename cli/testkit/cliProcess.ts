import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

import { expect } from 'vitest';

const main = resolve(import.meta.dirname, '..', 'main.ts');

/** The passphrase the CLI tests give every profile (through UNITY_PASSPHRASE, as a script would). */
export const TEST_PASSPHRASE = 'a long enough passphrase';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would: its own process, passphrase in the environment. */
export function runCli(args: string[], passphrase = TEST_PASSPHRASE): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      { env: { ...process.env, UNITY_PASSPHRASE: passphrase }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs the CLI and returns what it printed: an invite token as is, anything else parsed as JSON; throws on failure. */
export async function runCliOk<T = unknown>(args: string[]): Promise<T> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  const out = r.stdout.trim();
  return (out.startsWith('UT1-') ? out : JSON.parse(out)) as T;
}

/**
 * Runs a command the CLI must refuse and returns its one sentence (without the `unity-table: ` prefix),
 * checking that it was refused as every command refuses: exit 1, nothing on stdout, one line on stderr.
 */
export async function runCliRefused(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, r.stdout).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!.replace(/^unity-table: /, '');
}

/** `init` of a profile in `dir` for a fictional member; returns the new member's id. */
export function initProfile(
  dir: string,
  name = 'Ana Example',
  agency = 'Border Patrol',
): Promise<{ memberId: string }> {
  return runCliOk<{ memberId: string }>(['init', '--profile', dir, '--name', name, '--agency', agency]);
}
