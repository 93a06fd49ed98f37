import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { initCrypto } from '../shared/crypto';
import { commands } from './commands';
import type { Flags } from './commandKit';

await initCrypto();

const ctx = { passphrase: () => 'a long enough passphrase' };
const run = async (name: string, flags: Flags): Promise<unknown> => {
  const out = await commands[name]!(flags, ctx);
  return 'json' in out ? out.json : out.line;
};

describe('invite commands (in process)', () => {
  it('lists invites with their state, revokes one, and says so when asked twice', async () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'unity-invites-')), 'a');
    await run('init', { profile, name: 'Ana Example', agency: 'Border Patrol' });
    const { workspaceId } = (await run('workspace create', {
      profile,
      title: 'T',
      relay: 'ws://127.0.0.1:9',
    })) as { workspaceId: string };
    const inA = { profile, workspace: workspaceId };
    await run('invite create', { ...inA, role: 'analyst' });
    await run('invite create', { ...inA, role: 'admin', 'expires-hours': '2' });
    const listed = (await run('invite list', inA)) as Array<{ inviteId: string; role: string; state: string }>;
    expect(listed.map((i) => `${i.role}:${i.state}`).sort()).toEqual(['admin:open', 'analyst:open']);

    const admin = listed.find((i) => i.role === 'admin')!;
    expect(await run('invite revoke', { ...inA, invite: admin.inviteId })).toEqual({
      inviteId: admin.inviteId,
      revoked: true,
    });
    const after = (await run('invite list', inA)) as Array<{ inviteId: string; state: string }>;
    expect(after.find((i) => i.inviteId === admin.inviteId)?.state).toBe('revoked');
    await expect(run('invite revoke', { ...inA, invite: admin.inviteId })).rejects.toThrow(/already revoked/);
    await expect(run('member remove', { ...inA, member: 'x', 'revoke-invites': 'maybe' })).rejects.toThrow(
      /--revoke-invites must be yes or no/,
    );
  });
});
