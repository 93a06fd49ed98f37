import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli as cli, runCliOk as ok } from './testkit/cliProcess';
import { cleanupAfterEach, hqAndFieldRelays, sectorTable } from './testkit/fieldRelays';

const cleanup = cleanupAfterEach();

interface Synced {
  relay: string;
  upToDate: boolean;
  rejected: unknown[];
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('sync --relay: a field office’s relay, seeded by a member who is not the creator (ADR 0014)', () => {
  it('syncs with a second, empty relay for one run, which a second member then syncs through', async () => {
    const { dir, hq, field } = await hqAndFieldRelays(cleanup, 'field');
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']);
    await ok(['init', '--profile', b, '--name', 'Bo Field', '--agency', 'Field Office']);
    const { workspaceId, inProfile } = await sectorTable(a, hq.url);
    const [inA, inB] = [inProfile(a), inProfile(b)];
    const token = await ok<string>(['invite', 'create', ...inA, '--role', 'analyst']);
    await ok(['sync', ...inA]);
    await ok(['join', '--profile', b, '--invite', token]);
    await ok(['sync', ...inA]); // the admin confirms the join and wraps the key for the analyst
    await ok(['sync', ...inB]);

    // The analyst (not the creator) takes the workspace to the field relay, which has never seen it.
    await ok(['org', 'add', ...inB, '--name', 'Org Seen In The Field']);
    const seeded = await ok<Synced>(['sync', ...inB, '--relay', field.url]);
    expect(seeded).toMatchObject({ relay: field.url, upToDate: true, rejected: [] });

    // A second member syncs through the field relay and gets what the analyst brought.
    const there = await ok<Synced>(['sync', ...inA, '--relay', field.url]);
    expect(there).toMatchObject({ relay: field.url, upToDate: true, rejected: [] });
    expect((await cli(['export', ...inA])).stdout).toContain('Org Seen In The Field');

    // The profile's relay stayed headquarters'.
    const home = await ok<Synced>(['sync', ...inB]);
    expect(home.relay).toBe(hq.url);
    const listed = await ok<Array<{ workspaceId: string; relayUrl: string }>>(['workspace', 'list', '--profile', b]);
    expect(listed.find((w) => w.workspaceId === workspaceId)?.relayUrl).toBe(hq.url);

    // A malformed relay address is refused in one line.
    const bad = await cli(['sync', ...inB, '--relay', 'http://example']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('unity-table: --relay must be a ws:// or wss:// address, got "http://example"');
  }, 240_000);
});
