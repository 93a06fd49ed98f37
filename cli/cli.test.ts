import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import * as Y from 'yjs';

import { coreCompartmentId } from '../shared/membership';
import { PROFILES } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { Profile } from './Profile';
import { runCli as cli, TEST_PASSPHRASE } from './testkit/cliProcess';
import { liveMember, tempRelay } from './testkit/liveWorkspaces';

const PASS = TEST_PASSPHRASE;

async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

// Every command is its own process (tsx, libsodium, Argon2id): 1.5–3.5 s each, so a test of twenty
// commands takes 30 s on a quiet two-core machine and several times that while the suite's other files
// run beside it. The limits below are for a stuck command, not a speed target.
describe('the headless client', () => {
  it('runs a whole session: offline edits, invite, join, sync, identical exports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const a = join(dir, 'a');
    const b = join(dir, 'b');

    const init = JSON.parse(await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']));
    expect(init.fingerprint).toMatch(/^(\d{5} ){11}\d{5}$/);
    const { workspaceId } = JSON.parse(
      await ok(['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', relay.url]),
    );
    await ok(['org', 'add', '--profile', a, '--workspace', workspaceId, '--name', 'Org Falcon']);
    const token = await ok(['invite', 'create', '--profile', a, '--workspace', workspaceId, '--role', 'analyst']);
    expect(token).toMatch(/^UT1-[A-Za-z0-9_-]+$/);
    expect(JSON.parse(await ok(['sync', '--profile', a, '--workspace', workspaceId])).upToDate).toBe(true);

    await ok(['init', '--profile', b, '--name', 'Ben Sample', '--agency', 'DEA']);
    expect(JSON.parse(await ok(['join', '--profile', b, '--invite', token]))).toEqual({ workspaceId });
    await ok(['org', 'add', '--profile', b, '--workspace', workspaceId, '--name', 'Org Heron', '--lane', 'Target']);
    await ok(['sync', '--profile', b, '--workspace', workspaceId]);
    await ok(['sync', '--profile', a, '--workspace', workspaceId]);

    const list = JSON.parse(await ok(['org', 'list', '--profile', a, '--workspace', workspaceId]));
    expect(list.map((o: { name: string; lane: string }) => `${o.name}/${o.lane}`)).toEqual([
      'Org Falcon/Identify',
      'Org Heron/Target',
    ]);
    const exportA = await ok(['export', '--profile', a, '--workspace', workspaceId]);
    const exportB = await ok(['export', '--profile', b, '--workspace', workspaceId]);
    expect(exportA).toBe(exportB);
    // Profiles are signed records: {body, sig} under the body's hash (docs/protocol.md, Member profiles).
    const records = Object.values<{ body: string }>(
      JSON.parse(exportA).rooms[coreCompartmentId(workspaceId)].documents.workspace.profiles,
    );
    expect(records.map((r) => JSON.parse(r.body)).find((p) => p.memberId === init.memberId)).toMatchObject({
      kind: 'profile',
      name: 'Ana Example',
      agency: 'Border Patrol',
    });

    // The invite was good once.
    await ok(['init', '--profile', join(dir, 'c'), '--name', 'Cy Other', '--agency', 'FBI']);
    const again = await cli(['join', '--profile', join(dir, 'c'), '--invite', token]);
    expect(again.code).not.toBe(0);
    // One line, the relay's own sentence (issue 11, item 14).
    expect(again.stderr).toBe('unity-table: the relay refused: this invite has already been used\n');
    // Eleven CLI processes: 23–27 s alone on this kind of machine.
  }, 240_000);

  it('member list shows each member only as they signed it, whatever a hostile analyst writes under the profiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    const init = JSON.parse(await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']));
    const { workspaceId } = JSON.parse(
      await ok(['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', relay.url]),
    );
    const token = await ok(['invite', 'create', '--profile', a, '--workspace', workspaceId, '--role', 'analyst']);
    await ok(['sync', '--profile', a, '--workspace', workspaceId]);
    await ok(['init', '--profile', b, '--name', 'Ben Sample', '--agency', 'DEA']);
    await ok(['join', '--profile', b, '--invite', token]);

    // Ben's own keys, in a patched client: relabel the admin, and a plain string under a profile.
    const ben = liveMember(relay.url, workspaceId, (await Profile.open(b, PASS)).identity, undefined, 5, true);
    cleanup.push(() => ben.close());
    await ben.upToDate(15_000);
    const doc = ben.workspace.document(WORKSPACE_DOC_ID);
    const profiles = doc.getMap<unknown>(PROFILES);
    doc.transact(() => {
      profiles.forEach((value: unknown, id) => {
        if (!(value instanceof Y.Map)) return;
        const body: unknown = value.get('body');
        if (typeof body === 'string' && body.includes('Ana Example')) {
          value.set('body', body.replace('Ana Example', 'Mallory'));
          profiles.set(`${id}-copy`, 'just a string');
        }
      });
      profiles.set(init.memberId, 'just a string');
    });
    ben.workspace.flush();
    await ben.upToDate(15_000);

    const synced = JSON.parse(await ok(['sync', '--profile', a, '--workspace', workspaceId]));
    expect(synced.rejected).toEqual([]);
    expect(synced.restored).toBe(1); // Ana's record, edited in place, is put back as she signed it
    const r = await cli(['member', 'list', '--profile', a, '--workspace', workspaceId]);
    expect(r.stderr).toBe('');
    const ana = JSON.parse(r.stdout).find((m: { memberId: string }) => m.memberId === init.memberId);
    expect(ana).toMatchObject({ name: 'Ana Example', agency: 'Border Patrol' });
    // Eight CLI processes (each starts tsx) on a shared two-core machine.
  }, 240_000);

  it('appends to and shows an organization’s note through headless Lexical, merged across members', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']);
    const { workspaceId } = JSON.parse(
      await ok(['workspace', 'create', '--profile', a, '--title', 'Notes Table', '--relay', relay.url]),
    );
    const ws = ['--workspace', workspaceId];
    const { orgId } = JSON.parse(await ok(['org', 'add', '--profile', a, ...ws, '--name', 'Org Kestrel']));
    const appended = JSON.parse(
      await ok(['note', 'append', '--profile', a, ...ws, '--org', orgId, '--text', 'Stash house on Ridge Rd.']),
    );
    expect(appended).toEqual({ noteId: `org-${orgId}`, org: orgId });
    const token = await ok(['invite', 'create', '--profile', a, ...ws, '--role', 'analyst']);
    await ok(['sync', '--profile', a, ...ws]);
    await ok(['init', '--profile', b, '--name', 'Ben Sample', '--agency', 'DEA']);
    await ok(['join', '--profile', b, '--invite', token]);
    await ok(['note', 'append', '--profile', b, ...ws, '--org', orgId, '--text', 'Courier uses a grey pickup.']);
    await ok(['note', 'append', '--profile', a, ...ws, '--org', orgId, '--text', 'Wiretap approved.']);
    await ok(['sync', '--profile', b, ...ws]);
    await ok(['sync', '--profile', a, ...ws]);
    await ok(['sync', '--profile', b, ...ws]);
    const shown = await Promise.all(
      [a, b].map(async (p) => JSON.parse(await ok(['note', 'show', '--profile', p, ...ws, '--org', orgId]))),
    );
    expect(shown[0]).toEqual(shown[1]);
    for (const line of ['Stash house on Ridge Rd.', 'Courier uses a grey pickup.', 'Wiretap approved.']) {
      expect(shown[0].text).toContain(line);
    }
    const missing = await cli(['note', 'show', '--profile', a, ...ws, '--org', 'no-such-org']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no organization no-such-org/);
    // A dozen CLI processes (each starts tsx): about 25 s alone, like the other long tests here.
  }, 240_000);

  it('scripts a priority round: open, vote (ties with =), close, and the same verified result for everyone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const [a, b, c] = [join(dir, 'a'), join(dir, 'b'), join(dir, 'c')];
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']);
    const { workspaceId } = JSON.parse(
      await ok(['workspace', 'create', '--profile', a, '--title', 'Vote Table', '--relay', relay.url]),
    );
    const ws = ['--workspace', workspaceId];
    const org = async (name: string) =>
      (JSON.parse(await ok(['org', 'add', '--profile', a, ...ws, '--name', name])) as { orgId: string }).orgId;
    const [x, y, z] = [await org('Org X'), await org('Org Y'), await org('Org Z')];
    const tokens = [
      await ok(['invite', 'create', '--profile', a, ...ws, '--role', 'lead']),
      await ok(['invite', 'create', '--profile', a, ...ws, '--role', 'lead']),
    ];
    await ok(['sync', '--profile', a, ...ws]);
    for (const [i, p] of [b, c].entries()) {
      await ok(['init', '--profile', p, '--name', `Lead ${i}`, '--agency', i === 0 ? 'DEA' : 'USCG']);
      await ok(['join', '--profile', p, '--invite', tokens[i]!]);
    }
    await ok(['sync', '--profile', a, ...ws]);
    const { roundId } = JSON.parse(
      await ok(['round', 'open', '--profile', a, ...ws, '--title', 'Q1', '--candidates', `${x},${y},${z}`]),
    );
    await ok(['sync', '--profile', a, ...ws]);
    const bad = await cli(['vote', '--profile', a, ...ws, '--round', roundId, '--ranking', `${x},${x}`]);
    expect(bad.stderr).toMatch(/appears twice/);
    await ok(['vote', '--profile', a, ...ws, '--round', roundId, '--ranking', `${x},${y}=${z}`]);
    for (const [p, ranking] of [
      [b, `${y},${x},${z}`],
      [c, `${x},${y}`],
    ] as const) {
      await ok(['sync', '--profile', p, ...ws]);
      await ok(['vote', '--profile', p, ...ws, '--round', roundId, '--ranking', ranking]);
      await ok(['sync', '--profile', p, ...ws]);
    }
    await ok(['sync', '--profile', a, ...ws]);
    const listed = JSON.parse(await ok(['round', 'list', '--profile', a, ...ws]));
    expect(listed[0]).toMatchObject({ roundId, status: 'open', method: 'schulze', per: 'lead' });
    expect(listed[0].voted).toHaveLength(3);
    expect(JSON.parse(await ok(['round', 'close', '--profile', a, ...ws, '--round', roundId]))).toMatchObject({
      roundId,
      ballots: 3,
    });
    await ok(['sync', '--profile', a, ...ws]);
    await ok(['sync', '--profile', b, ...ws]);
    const results = [
      JSON.parse(await ok(['round', 'result', '--profile', a, ...ws, '--round', roundId])),
      JSON.parse(await ok(['round', 'result', '--profile', b, ...ws, '--round', roundId])),
    ];
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toMatchObject({ roundId, method: 'schulze', order: [x, y, z], verified: true });
    expect(results[0].pairwise[x][y]).toBe(2);
  }, 240_000);

  it('manages members: list with agencies and fingerprints, verify aloud, change role, remove', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']);
    const ben = JSON.parse(await ok(['init', '--profile', b, '--name', 'Ben Sample', '--agency', 'County Sheriff']));
    const { workspaceId } = JSON.parse(
      await ok(['workspace', 'create', '--profile', a, '--title', 'T', '--relay', relay.url]),
    );
    const token = await ok(['invite', 'create', '--profile', a, '--workspace', workspaceId, '--role', 'analyst']);
    await ok(['sync', '--profile', a, '--workspace', workspaceId]);
    await ok(['join', '--profile', b, '--invite', token]);
    await ok(['sync', '--profile', a, '--workspace', workspaceId]);
    const inA = ['--profile', a, '--workspace', workspaceId];
    const row = async () =>
      JSON.parse(await ok(['member', 'list', ...inA])).find((m: { memberId: string }) => m.memberId === ben.memberId);

    const benRow = await row();
    expect(benRow).toMatchObject({ name: 'Ben Sample', agency: 'County Sheriff', role: 'analyst', verified: false });
    expect(benRow.fingerprint).toBe(ben.fingerprint); // what Ben reads aloud is what Ana sees
    const wrong = await cli([
      'member',
      'verify',
      ...inA,
      '--member',
      ben.memberId,
      '--fingerprint',
      '00000 '.repeat(12),
    ]);
    expect(wrong.stderr).toMatch(/fingerprints differ/);
    await ok(['member', 'verify', ...inA, '--member', ben.memberId, '--fingerprint', ben.fingerprint]);
    await ok(['member', 'role', ...inA, '--member', ben.memberId, '--role', 'lead']);
    expect(await row()).toMatchObject({ role: 'lead', verified: true });

    const removed = JSON.parse(await ok(['member', 'remove', ...inA, '--member', ben.memberId]));
    expect(removed).toMatchObject({ removed: true, epoch: 2 }); // the role change above rotated to epoch 1
    await ok(['sync', '--profile', a, '--workspace', workspaceId]);
    // A long timeout on purpose: the relay's sentence comes back at once, in one line (item 14).
    const refused = await cli(['sync', '--profile', b, '--workspace', workspaceId, '--timeout', '600']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('unity-table: the relay refused: not a member of this workspace\n');
    // Fourteen CLI processes: about 25 s alone, past 30 s when the gate runs every file at once.
  }, 240_000);

  it.each([
    [
      'a wrong passphrase',
      ['org', 'list', '--profile', 'P', '--workspace', 'W'],
      'wrong passphrase',
      /wrong passphrase/,
    ],
    [
      'a passphrase on the command line',
      ['init', '--profile', 'P', '--passphrase', 'x'],
      PASS,
      /never from the command line/,
    ],
    [
      'a damaged invite',
      ['join', '--profile', 'P', '--invite', 'UT1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      PASS,
      /damaged/,
    ],
    [
      'something that is not an invite',
      ['join', '--profile', 'P', '--invite', 'hello'],
      PASS,
      /not a Unity Table invite/,
    ],
    ['an unknown command', ['frobnicate'], PASS, /unknown command/],
    ['a missing flag', ['org', 'add', '--profile', 'P'], PASS, /--workspace is required/],
  ])('refuses %s with one clear line and a non-zero exit', async (_what, args, passphrase, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-cli-'));
    const profile = join(dir, 'p');
    await ok(['init', '--profile', profile, '--name', 'N', '--agency', 'A']);
    const r = await cli(
      args.map((a) => (a === 'P' ? profile : a)),
      passphrase,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
