import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli as cli, runCliOk } from './testkit/cliProcess';
import { tempRelay } from './testkit/liveWorkspaces';

/** What a command printed, typed at each use. */
const ok = (args: string[]): Promise<unknown> => runCliOk(args);

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Listed {
  compartmentId: string;
  title: string;
  marking: string;
  members: string[];
  kind: string;
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('compartment commands', () => {
  it('creates, lists, takes out (rotating) and adds back; a partner invite names its compartment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-compartments-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const a = join(dir, 'a');
    const p = join(dir, 'p');
    const admin = (await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Border Patrol'])) as {
      memberId: string;
    };
    const { workspaceId } = (await ok([
      'workspace',
      'create',
      ...['--profile', a, '--title', 'Sector Table', '--relay', relay.url],
    ])) as { workspaceId: string };
    const inA = ['--profile', a, '--workspace', workspaceId];
    const { compartmentId } = (await ok([...['compartment', 'create', ...inA, '--title', 'Webb County SO']])) as {
      compartmentId: string;
    };
    const { compartmentId: source } = (await ok([
      ...['compartment', 'create', ...inA, '--title', 'Source 7', '--marking', 'TLP:RED — Source 7', '--restricted'],
    ])) as { compartmentId: string };

    const refused = await cli(['invite', 'create', ...inA, '--role', 'partner']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('name at least one releasable compartment');
    const token = await ok(['invite', 'create', ...inA, '--role', 'partner', '--compartment', compartmentId]);
    await ok(['sync', ...inA]);
    const partner = (await ok(['init', '--profile', p, '--name', 'Sam Deputy', '--agency', 'Webb County SO'])) as {
      memberId: string;
    };
    await ok(['join', '--profile', p, '--invite', token as string]);
    await ok(['sync', ...inA]);

    const byAdmin = (await ok(['compartment', 'list', ...inA])) as Listed[];
    expect(byAdmin.map((c) => `${c.title}|${c.marking}|${c.kind}`).sort()).toEqual([
      'Source 7|TLP:RED — Source 7|restricted',
      'Task force|TLP:AMBER — Task force|core',
      'Webb County SO|TLP:AMBER — REL TO Webb County SO|releasable',
    ]);
    expect(byAdmin.find((c) => c.compartmentId === compartmentId)!.members.sort()).toEqual(
      [admin.memberId, partner.memberId].sort(),
    );
    expect(byAdmin.find((c) => c.compartmentId === source)!.members).toEqual([admin.memberId]);
    // The partner sees only the compartment it is in, its title opened with its own key.
    const inP = ['--profile', p, '--workspace', workspaceId];
    await ok(['sync', ...inP]);
    expect(((await ok(['compartment', 'list', ...inP])) as Listed[]).map((c) => c.title)).toEqual(['Webb County SO']);

    const taken = (await ok([
      'compartment',
      'remove',
      ...inA,
      '--compartment',
      compartmentId,
      '--member',
      partner.memberId,
    ])) as {
      members: string[];
      epoch: number;
    };
    expect(taken).toEqual({ compartmentId, members: [admin.memberId], epoch: 1 });
    const back = (await ok([
      'compartment',
      'add',
      ...inA,
      '--compartment',
      compartmentId,
      '--member',
      partner.memberId,
    ])) as {
      members: string[];
      epoch: number;
    };
    expect(back).toEqual({ compartmentId, members: [admin.memberId, partner.memberId].sort(), epoch: 1 });
    const core = byAdmin.find((c) => c.kind === 'core')!.compartmentId;
    const intoCore = await cli(['compartment', 'add', ...inA, '--compartment', core, '--member', partner.memberId]);
    expect(intoCore.stderr).toContain('change the role instead');
  }, 240_000);
});
