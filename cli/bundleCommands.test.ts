import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli as cli, runCliOk } from './testkit/cliProcess';
import { tempRelay } from './testkit/liveWorkspaces';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** What a refused command printed: one line on stderr, and a non-zero exit. */
async function refusedLine(args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('bundle commands (offline, between two profiles)', () => {
  it('hands a state file one way and a bundle the other; a second import and a damaged file are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-bundles-'));
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    // Joining needs a relay once; everything after runs with it gone.
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    await runCliOk(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'HQ']);
    await runCliOk(['init', '--profile', b, '--name', 'Ben Field', '--agency', 'Field Office']);
    const { workspaceId } = await runCliOk<{ workspaceId: string }>([
      ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', relay.url],
    ]);
    const inA = ['--profile', a, '--workspace', workspaceId];
    const inB = ['--profile', b, '--workspace', workspaceId];
    const token = await runCliOk<string>(['invite', 'create', ...inA, '--role', 'analyst']);
    await runCliOk(['sync', ...inA]);
    await runCliOk(['join', '--profile', b, '--invite', token]);
    await runCliOk(['sync', ...inA]);
    await runCliOk(['sync', ...inB]);
    await runCliOk(['sync', ...inA]);
    await relay.close();

    const { orgId } = await runCliOk<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Org Osprey']);
    await runCliOk(['note', 'append', ...inA, '--org', orgId, '--text', 'Seen at the river crossing.']);
    const state = join(dir, 'b.state');
    const bundle = join(dir, 'a-to-b.utbundle');
    expect(await runCliOk(['bundle', 'state', ...inB, '--out', state])).toEqual({
      workspaceId,
      bytes: readFileSync(state).length,
    });
    const made = await runCliOk<{ bytes: number; envelopes: number; compartments: string[] }>([
      ...['bundle', 'export', ...inA, '--out', bundle, '--since', state],
    ]);
    expect(made.bytes).toBe(readFileSync(bundle).length);
    expect(made.envelopes).toBeGreaterThan(0);
    expect(made.compartments).toHaveLength(1);

    const imported = await runCliOk<Record<string, unknown>>(['bundle', 'import', '--profile', b, '--in', bundle]);
    expect(imported).toEqual({ workspaceId, new: made.envelopes, duplicates: 0, rejected: 0, warnings: [] });
    expect(await runCliOk(['export', ...inB])).toEqual(await runCliOk(['export', ...inA]));

    expect(await refusedLine(['bundle', 'import', '--profile', b, '--in', bundle])).toMatch(
      /^unity-table: this bundle was already imported on .* UTC: nothing changed$/,
    );
    const cut = join(dir, 'cut.utbundle');
    writeFileSync(cut, readFileSync(bundle).subarray(0, made.bytes - 100));
    expect(await refusedLine(['bundle', 'import', '--profile', b, '--in', cut])).toBe(
      'unity-table: this file is damaged or is not a Unity Table bundle',
    );
    expect(await refusedLine(['bundle', 'export', ...inA, '--out', bundle, '--since', bundle])).toBe(
      'unity-table: this file is a bundle, not a state file',
    );
  }, 180_000);
});
