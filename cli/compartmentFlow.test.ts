import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli as cli, runCliOk as ok } from './testkit/cliProcess';
import { tempRelay } from './testkit/liveWorkspaces';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Fact {
  map: string;
  id: string;
  name?: string;
  compartmentId: string;
  marking: string;
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('a session with a partner compartment (ADR 0012 §8)', () => {
  it('releases to a partner, takes its outcome back with its agency, and narrows what it no longer sees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-flow-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const a = join(dir, 'a');
    const p = join(dir, 'p');
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol']);
    const { workspaceId } = await ok<{ workspaceId: string }>([
      ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', relay.url],
    ]);
    const inA = ['--profile', a, '--workspace', workspaceId];
    const inP = ['--profile', p, '--workspace', workspaceId];
    const { compartmentId: webb } = await ok<{ compartmentId: string }>([
      ...['compartment', 'create', ...inA, '--title', 'Webb County SO'],
    ]);
    const core = await ok<{ orgId: string; compartmentId: string }>(['org', 'add', ...inA, '--name', 'Org Core-Only']);
    const shared = await ok<{ orgId: string; compartmentId: string }>([
      ...['org', 'add', ...inA, '--name', 'Org Released', '--compartment', webb],
    ]);
    expect(shared.compartmentId).toBe(webb);
    expect(core.compartmentId).not.toBe(webb);
    const entity = await ok<{ entityId: string; compartmentId: string }>([
      ...['entity', 'add', ...inA, '--org', shared.orgId, '--kind', 'person', '--name', 'Ann Vale'],
      ...['--alias', 'La Sombra', '--alias', 'A. Vale'],
    ]);
    expect(entity.compartmentId).toBe(webb);
    const notPerson = await cli([
      ...['entity', 'add', ...inA, '--org', shared.orgId, '--kind', 'phone', '--name', '956 555 0198'],
      ...['--alias', 'burner'],
    ]);
    expect(notPerson.code).toBe(1);
    expect(notPerson.stderr.trim()).toBe('unity-table: --alias is for a person only');

    const token = await ok<string>(['invite', 'create', ...inA, '--role', 'partner', '--compartment', webb]);
    await ok(['sync', ...inA]);
    await ok(['init', '--profile', p, '--name', 'Sam Deputy', '--agency', 'Webb County SO']);
    await ok(['join', '--profile', p, '--invite', token]);
    await ok(['sync', ...inA]); // the admin's client wraps the compartment's key for the partner
    const synced = await ok<{ upToDate: boolean; compartments: Array<{ compartmentId: string }> }>(['sync', ...inP]);
    expect(synced.upToDate).toBe(true);
    expect(synced.compartments.map((c) => c.compartmentId)).toEqual([webb]);

    // The partner holds only what was released: one organization, marked for it.
    const listed = await ok<Fact[]>(['org', 'list', ...inP]);
    expect(listed.map((o) => [o.name, o.compartmentId, o.marking])).toEqual([
      ['Org Released', webb, 'TLP:AMBER — REL TO Webb County SO'],
    ]);
    const partnerExport = await cli(['export', ...inP]);
    expect(partnerExport.stdout).not.toContain('Org Core-Only');
    expect(partnerExport.stdout).toContain('La Sombra'); // the aliases travel with the person
    expect(partnerExport.stdout).toContain('A. Vale');

    // The partner's outcome lands in its compartment; the admin sees it, and the partner's signed agency.
    const outcome = await ok<{ outcomeId: string; compartmentId: string }>([
      ...['outcome', 'add', ...inP, '--org', shared.orgId, '--kind', 'arrest', '--date', '2026-01-05'],
      ...['--agency', 'Webb County SO', '--note', 'two held'],
    ]);
    expect(outcome.compartmentId).toBe(webb);
    await ok(['sync', ...inP]);
    await ok(['sync', ...inA]);
    const adminFacts = JSON.parse((await cli(['export', ...inA])).stdout) as { facts: Fact[] };
    expect(adminFacts.facts.find((f) => f.id === outcome.outcomeId)).toMatchObject({ compartmentId: webb });
    const members = await ok<Array<{ name: string; agency: string }>>(['member', 'list', ...inA]);
    expect(members.map((m) => `${m.name}/${m.agency}`).sort()).toEqual([
      'Ana Example/Border Patrol',
      'Sam Deputy/Webb County SO',
    ]);

    // A fact broader than its organization is refused in one line; narrowing an entry to the core is not.
    const refused = await cli(['release', ...inA, '--fact', core.orgId, '--compartment', 'nowhere']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const coreId = core.compartmentId;
    const broader = await cli(['release', ...inA, '--fact', entity.entityId, '--compartment', coreId]);
    expect(broader.code).toBe(0);
    expect(JSON.parse(broader.stdout)).toEqual({ factId: entity.entityId, compartmentId: coreId });
    await ok(['sync', ...inA]);
    const before = JSON.parse((await cli(['export', ...inP])).stdout) as { facts: Fact[] };
    expect(before.facts.some((f) => f.id === entity.entityId)).toBe(true); // not yet synced
    await ok(['sync', ...inP]);
    const after = JSON.parse((await cli(['export', ...inP])).stdout) as { facts: Fact[] };
    expect(after.facts.some((f) => f.id === entity.entityId)).toBe(false);
    expect((await cli(['export', ...inP])).stdout).not.toContain('Ann Vale');
  }, 240_000);
});
