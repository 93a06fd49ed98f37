import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { DemoTableSummary } from '../shared/demotable';
import { initProfile, runCli as cli, runCliOk as ok } from './testkit/cliProcess';
import { cleanupAfterEach } from './testkit/fieldRelays';
import { tempRelay } from './testkit/liveWorkspaces';

const cleanup = cleanupAfterEach();

/** What `demo` prints: the demo table's summary but the partner compartment and what it holds. */
type Demo = Omit<DemoTableSummary, 'partnerCompartmentId' | 'releasedOrganizations'>;
interface Card {
  id: string;
  name: string;
  compartmentId: string;
}

// Each command is its own process (1.5–3.5 s, the demo's a few more): the limits are for a stuck command.
describe('cli demo: the app’s demo table for training', () => {
  it('builds it in the profile with the profile as admin, offline; bad input is one sentence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-demo-'));
    const me = await initProfile(dir, 'Trainer Example', 'Training Unit');
    const demo = await ok<Demo>(['demo', '--profile', dir]);
    expect(demo).toEqual({
      workspaceId: expect.any(String),
      members: 8,
      organizations: 12,
      outcomes: expect.any(Number),
      reports: expect.any(Number),
      rounds: expect.any(Number),
    });
    expect(demo.outcomes).toBeGreaterThan(50);
    expect(demo.rounds).toBeGreaterThanOrEqual(3);
    const inDemo = ['--profile', dir, '--workspace', demo.workspaceId];
    const members = await ok<Array<{ memberId: string; agency: string; role: string; you: boolean }>>([
      ...['member', 'list', ...inDemo],
    ]);
    expect(members.find((m) => m.you)).toMatchObject({ memberId: me.memberId, role: 'admin', agency: 'Training Unit' });
    expect(new Set(members.map((m) => m.agency)).size).toBe(8);
    const cards = await ok<Card[]>(['org', 'list', ...inDemo]);
    expect(cards).toHaveLength(12);
    const rounds = await ok<Array<{ status?: string; roundId?: string }>>(['round', 'list', ...inDemo]);
    expect(rounds.filter((r) => r.roundId)).toHaveLength(demo.rounds);
    const reports = await ok<Array<{ matches: unknown[] }>>(['report', 'list', ...inDemo]);
    expect(reports).toHaveLength(demo.reports);
    for (const r of reports) expect(r.matches.length).toBeGreaterThan(0);

    const bad = await cli(['demo', '--profile', dir, '--relay', 'http://example.test']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe('unity-table: --relay must be a ws:// or wss:// address, got "http://example.test"');
  }, 120_000);

  it('with --relay uploads it all: a trainee invited afterwards sees the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-demo-live-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const [trainer, trainee] = [join(dir, 't'), join(dir, 's')];
    await initProfile(trainer, 'Trainer Example', 'CBP');
    await initProfile(trainee, 'Trainee Example', 'Border Patrol');
    const demo = await ok<Demo>(['demo', '--profile', trainer, '--relay', relay.url]);
    const inT = ['--profile', trainer, '--workspace', demo.workspaceId];
    const token = await ok<string>(['invite', 'create', ...inT, '--role', 'analyst']);
    await ok(['sync', ...inT]);
    await ok(['join', '--profile', trainee, '--invite', token]);
    await ok(['sync', ...inT]); // the admin's client wraps the key for the trainee
    await ok(['sync', '--profile', trainee, '--workspace', demo.workspaceId]);
    const cards = await ok<Card[]>(['org', 'list', '--profile', trainee, '--workspace', demo.workspaceId]);
    expect(cards).toHaveLength(demo.organizations);
  }, 180_000);
});
