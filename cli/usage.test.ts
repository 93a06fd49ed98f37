import { describe, expect, it } from 'vitest';

import { registry } from './commands';
import { commandHelp, usage } from './usage';

describe('the usage text', () => {
  it('lists every registered command with every one of its flags', () => {
    const text = usage(registry);
    // A wrapped synopsis continues on indented lines: join them back before looking.
    const entries = text.replace(/\n {3,}/g, ' ').split('\n');
    for (const c of registry) {
      const entry = entries.find((line) => line.startsWith(`  ${c.words} --`));
      expect(entry, c.words).toBeDefined();
      // A switch (`--restricted`) has no value.
      for (const f of c.flags)
        expect(entry, `${c.words} --${f.name}`).toContain(f.value === '' ? `[--${f.name}]` : `--${f.name} ${f.value}`);
    }
    expect(text.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('describes one command: each flag, its default, and what it prints', () => {
    const help = commandHelp(registry.find((c) => c.words === 'member remove')!);
    expect(help.split('\n')).toEqual([
      'usage: unity-table member remove --profile DIR --workspace ID --member ID [--revoke-invites yes|no]',
      '  --profile DIR            the profile folder that init made (its vault)',
      '  --workspace ID           the workspace id (from workspace create, join or workspace list)',
      '  --member ID              the member id (from member list)',
      '  --revoke-invites yes|no  also revoke every invite nobody used yet (default yes)',
      'prints: {"memberId","removed":true,"epoch","invitesRevoked"}',
    ]);
  });
});
