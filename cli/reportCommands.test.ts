import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { initProfile, runCli as cli, runCliOk, runCliRefused as refusedLine } from './testkit/cliProcess';

/** A relay nobody runs: these tests never sync, a report is filed and triaged offline. */
const NO_RELAY = 'ws://127.0.0.1:9';

interface Added {
  reportId: string;
  compartmentId: string;
  matches: Array<{ identifier: string; orgId: string | null; factId: string; reportId?: string }>;
}
interface Listed {
  id: string;
  by: string;
  reporter: { name: string; agency: string } | null;
  reliability: string;
  credibility: string;
  identifiers: Array<{ kind: string; value: string }>;
  status: string;
  steps: Array<{
    step: string;
    by: string;
    orgId?: string;
    entityIds?: string[];
    duplicateOf?: string;
    reason?: string;
  }>;
  matches: Added['matches'];
}
interface Shared {
  identifier: string;
  kind: string;
  facts: Array<{ orgId: string | null; factId: string; reportId?: string }>;
}
interface Fact {
  map: string;
  id: string;
  org?: string;
  kind?: string;
  name?: string;
}

/** A profile with a workspace of its own: `in` is the arguments naming it. */
async function table(tag: string) {
  const a = join(mkdtempSync(join(tmpdir(), `unity-reports-${tag}-`)), 'a');
  const me = await initProfile(a);
  const { workspaceId } = await runCliOk<{ workspaceId: string }>([
    ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', NO_RELAY],
  ]);
  return { me, in: ['--profile', a, '--workspace', workspaceId] };
}

// Each command is its own process (1.5–3.5 s): the limits are for a stuck command, not a speed target.
describe('report commands', () => {
  it('files reports whose identifiers match as people mean them, lists, connects and triages them', async () => {
    const { me, in: inA } = await table('flow');
    const { orgId: tern } = await runCliOk<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Sage Tern Circle']);
    const { orgId: heron } = await runCliOk<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Org Heron']);
    const { entityId: phone } = await runCliOk<{ entityId: string }>([
      ...['entity', 'add', ...inA, '--org', tern, '--kind', 'phone', '--name', '+1 956 555 0198'],
    ]);

    const first = await runCliOk<Added>([
      ...['report', 'add', ...inA, '--text', 'Phone found in a pickup at the river crossing.'],
      ...['--phone', '(956) 555-0198', '--plate', 'TX:ABC-1234', '--name', 'Nadia Quintero-Fictional'],
      ...['--where', 'Roma crossing', '--when', '2026-11-30', '--reliability', 'b2'],
    ]);
    expect(first.matches).toEqual([{ identifier: '(956) 555-0198', orgId: tern, factId: phone }]);
    const second = await runCliOk<Added>([
      ...['report', 'add', ...inA, '--text', 'Same phone on a receipt.', '--phone', '956.555.0198'],
    ]);
    expect(second.compartmentId).toBe(first.compartmentId);
    expect(second.matches).toContainEqual({ identifier: '956.555.0198', orgId: tern, factId: phone });
    expect(second.matches).toContainEqual({
      identifier: '956.555.0198',
      orgId: null,
      factId: first.reportId,
      reportId: first.reportId,
    });
    const third = await runCliOk<Added>([
      ...['report', 'add', ...inA, '--text', 'A plate that is not ours.', '--plate', 'NL:XYZ 987'],
    ]);
    expect(third.matches).toEqual([]);

    const listed = await runCliOk<Listed[]>(['report', 'list', ...inA]);
    expect(listed.map((r) => r.id)).toEqual([third.reportId, second.reportId, first.reportId]);
    const one = listed.find((r) => r.id === first.reportId)!;
    expect(one).toMatchObject({
      by: me.memberId,
      reporter: { name: 'Ana Example', agency: 'Border Patrol' },
      reliability: 'B',
      credibility: '2',
      status: 'new',
      steps: [],
    });
    expect(one.identifiers.map((i) => i.kind)).toEqual(['phone', 'plate', 'name']);
    expect(listed.find((r) => r.id === third.reportId)).toMatchObject({ reliability: 'F', credibility: '6' });
    expect(one.matches).toContainEqual({ identifier: '(956) 555-0198', orgId: tern, factId: phone });

    const shared = await runCliOk<Shared[]>(['connections', ...inA]);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.kind).toBe('phone');
    expect(shared[0]!.facts).toHaveLength(3);
    expect(shared[0]!.facts).toContainEqual({ orgId: tern, factId: phone });
    for (const r of [first, second])
      expect(shared[0]!.facts).toContainEqual({ orgId: null, factId: r.reportId, reportId: r.reportId });

    // Linking adds what the organization's network lacks (the plate, the name), not the phone it holds.
    const linked = await runCliOk<Listed['steps'][number]>([
      ...['report', 'triage', ...inA, '--report', first.reportId, '--link', tern],
    ]);
    expect(linked).toMatchObject({ step: 'link', by: me.memberId, orgId: tern });
    expect(linked.entityIds).toHaveLength(2);
    const exported = JSON.parse((await cli(['export', ...inA])).stdout) as { facts: Fact[] };
    const made = exported.facts.filter((f) => linked.entityIds!.includes(f.id));
    expect(made.map((f) => `${f.map}|${f.org}|${f.kind}`).sort()).toEqual([
      'entities|' + tern + '|person',
      'entities|' + tern + '|vehicle',
    ]);
    expect(made.find((f) => f.kind === 'vehicle')!.name).toMatch(/^TX ABC-?1234$/);
    const orgs = await runCliOk<Array<{ id: string; name: string }>>(['org', 'list', ...inA]);
    expect(orgs.map((o) => o.id).sort()).toEqual([tern, heron].sort());

    await runCliOk(['report', 'triage', ...inA, '--report', second.reportId, '--duplicate-of', first.reportId]);
    await runCliOk([
      'report',
      'triage',
      ...inA,
      '--report',
      third.reportId,
      '--dismiss',
      'A Nuevo León plate, not in our area.',
    ]);
    const after = await runCliOk<Listed[]>(['report', 'list', ...inA]);
    expect(after.map((r) => `${r.id}|${r.status}`)).toEqual([
      `${third.reportId}|dismissed`,
      `${second.reportId}|duplicate`,
      `${first.reportId}|linked`,
    ]);
    expect(after.find((r) => r.id === second.reportId)!.steps).toMatchObject([
      { step: 'duplicate', duplicateOf: first.reportId, by: me.memberId },
    ]);
    expect(after.find((r) => r.id === third.reportId)!.steps).toMatchObject([
      { step: 'dismiss', reason: 'A Nuevo León plate, not in our area.' },
    ]);
    // The plate and the name now stand in Sage Tern Circle's network and in the first report.
    const now = await runCliOk<Shared[]>(['connections', ...inA]);
    expect(now.map((c) => c.kind).sort()).toEqual(['name', 'phone', 'plate']);
  }, 300_000);

  it('refuses a bad plate, grading, identifier or triage in one sentence, and writes nothing', async () => {
    const { in: inA } = await table('refusals');
    const { orgId } = await runCliOk<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Org Kestrel']);
    const { reportId } = await runCliOk<Added>([
      'report',
      'add',
      ...inA,
      '--text',
      'A tip.',
      '--phone',
      '(956) 555-0101',
    ]);
    const before = (await cli(['export', ...inA])).stdout;
    const add = (...more: string[]) => refusedLine(['report', 'add', ...inA, '--text', 'Refused.', ...more]);
    const triage = (...more: string[]) => refusedLine(['report', 'triage', ...inA, ...more]);

    const flagRefusals = await Promise.all([
      add('--plate', 'ABC-1234'),
      add('--plate', 'TX:'),
      add('--reliability', '2B'),
      add('--reliability', 'G1'),
      add('--reliability', 'B7'),
      add('--phone', 'call me'),
      add('--phone', ''),
      triage('--report', reportId),
      triage('--report', reportId, '--link', orgId, '--dismiss', 'both'),
      add('--plate', 'ZZ:ABC-1234'),
    ]);
    expect(flagRefusals[0]).toBe(
      '--plate "ABC-1234" needs its state and characters: write STATE:CHARS, the state, a colon, then the plate, e.g. TX:ABC-1234',
    );
    expect(flagRefusals[1]).toMatch(/^--plate "TX:" needs its state and characters: .* e\.g\. TX:ABC-1234$/);
    expect(flagRefusals[9]).toMatch(
      /^--plate "ZZ:ABC-1234": "ZZ" is not a US or Mexican state; .* e\.g\. TX:ABC-1234$/,
    );
    for (const line of flagRefusals.slice(2, 5))
      expect(line).toMatch(/^--reliability takes a letter A–F .* e\.g\. B2; got "/);
    expect(flagRefusals[5]).toMatch(/^--phone "call me" is not a phone number/);
    expect(flagRefusals[6]).toBe('--phone must not be empty');
    expect(flagRefusals[7]).toBe('give exactly one of --link ORG_ID, --duplicate-of R2 or --dismiss REASON');
    expect(flagRefusals[8]).toContain('(got --link and --dismiss)');

    // These open the profile: one at a time, each refused by the model's own sentence.
    const unknownReport = await triage('--report', 'no-such-report', '--dismiss', 'noise');
    const unknownOrg = await triage('--report', reportId, '--link', 'no-such-org');
    const noReason = await triage('--report', reportId, '--dismiss', '   ');
    const itself = await triage('--report', reportId, '--duplicate-of', reportId);
    expect(unknownReport).toBe('no report no-such-report here: it may be in a compartment you do not hold');
    expect(unknownOrg).toBe('no organization no-such-org is shown here');
    expect(noReason).toBe('say why the report is dismissed');
    expect(itself).toBe('a report cannot be a duplicate of itself');
    expect((await cli(['export', ...inA])).stdout).toBe(before);
    expect((await runCliOk<Listed[]>(['report', 'list', ...inA])).map((r) => `${r.id}|${r.status}`)).toEqual([
      `${reportId}|new`,
    ]);
  }, 300_000);
});
