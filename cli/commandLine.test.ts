import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { checkFlags, closest, parseCommandLine, unknownCommand } from './commandLine';
import { commands, registry } from './commands';

const spec = (words: string) => registry.find((c) => c.words === words)!;
const refusal = (words: string, flags: Record<string, string>): string => {
  try {
    checkFlags(spec(words), flags);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${words} took ${JSON.stringify(flags)}`);
};

describe('the command line', () => {
  it.each([
    ['workspace list', { profile: 'p', bogus: '1' }, 'unknown flag --bogus for "workspace list" (known: --profile)'],
    [
      'org list',
      { profile: 'p', workspace: 'w', name: 'x' },
      'unknown flag --name for "org list" (known: --profile, --workspace)',
    ],
    [
      'member remove',
      { profile: 'p', workspace: 'w', member: 'm', revoke: 'no' },
      'unknown flag --revoke for "member remove" (known: --profile, --workspace, --member, --revoke-invites)',
    ],
    [
      'round open',
      { profile: 'p', workspace: 'w', title: 't', candidates: 'a,b', close: '2030-01-01' },
      'unknown flag --close for "round open": did you mean --closes? ' +
        '(known: --profile, --workspace, --title, --candidates, --per, --method, --closes)',
    ],
  ])('refuses a flag that %s does not declare, in one line', (words, flags, message) => {
    expect(refusal(words, flags)).toBe(message);
  });

  it('suggests the flag a typo was meant to be', () => {
    expect(refusal('org add', { profile: 'p', workspace: 'w', name: 'n', lan: 'Target' })).toMatch(
      /^unknown flag --lan for "org add": did you mean --lane\? \(known: /,
    );
    expect(refusal('sync', { profile: 'p', workspce: 'w' })).toMatch(/did you mean --workspace\?/);
    expect(refusal('invite create', { profile: 'p', workspace: 'w', role: 'lead', 'expire-hours': '2' })).toMatch(
      /did you mean --expires-hours\?/,
    );
    // Nothing close: no guess.
    expect(refusal('workspace list', { profile: 'p', bogus: '1' })).not.toMatch(/did you mean/);
    expect(closest('compartmen', ['compartment', 'workspace'])).toEqual(['compartment']);
  });

  it('names the first missing flag with the synopsis, and takes an empty value as missing', () => {
    expect(refusal('org add', { profile: 'p' })).toBe(
      '--workspace is required (usage: org add --profile DIR --workspace ID --name NAME [--lane LANE] [--compartment ID])',
    );
    expect(refusal('org add', { profile: 'p', workspace: 'w', name: '' })).toMatch(/^--name is required /);
  });

  it('fills in the declared defaults and nothing else', () => {
    expect(checkFlags(spec('invite create'), { profile: 'p', workspace: 'w', role: 'lead' })).toEqual({
      profile: 'p',
      workspace: 'w',
      role: 'lead',
      'expires-hours': '72',
    });
    expect(checkFlags(spec('round open'), { profile: 'p', workspace: 'w', title: 't', candidates: 'a' })).toEqual({
      profile: 'p',
      workspace: 'w',
      title: 't',
      candidates: 'a',
      per: 'lead',
      method: 'schulze',
      closes: undefined,
    });
  });

  it('checks flags for callers in the same process too', async () => {
    const ctx = { passphrase: () => 'unused: refused before the profile opens' };
    await expect(commands['workspace list']!({ profile: 'p', bogus: '1' }, ctx)).rejects.toThrow(
      'unknown flag --bogus for "workspace list"',
    );
  });

  it('suggests a command for a typo or a missing word', () => {
    expect(unknownCommand(registry, 'org ad')).toBe('unknown command "org ad": did you mean "org add"?');
    expect(unknownCommand(registry, 'member')).toBe(
      'unknown command "member": did you mean "member list" or "member verify" or "member role" or "member remove"?',
    );
    expect(unknownCommand(registry, 'frobnicate')).toBe('unknown command "frobnicate"');
  });

  it('splits words from flags and refuses what it cannot read', () => {
    expect(parseCommandLine(['org', 'add', '--profile', 'p', '--name', 'Org X'])).toEqual({
      command: 'org add',
      flags: { profile: 'p', name: 'Org X' },
      help: false,
    });
    expect(parseCommandLine(['org', 'add', '--help'])).toMatchObject({ command: 'org add', help: true });
    const refused = (argv: string[]) => () => parseCommandLine(argv);
    expect(refused(['init', '--passphrase', 'x'])).toThrow(
      'the passphrase is read from UNITY_PASSPHRASE, never from the command line',
    );
    expect(refused(['init', '--profile'])).toThrow('--profile needs a value');
    expect(refused(['init', '--profile', '--name', 'n'])).toThrow('--profile needs a value');
    expect(refused(['init', '--profile', 'a', '--profile', 'b'])).toThrow('--profile is given twice');
    expect(refused(['init', '--profile', 'a', 'stray'])).toThrow('unexpected "stray"');
  });

  it("takes a value that starts with '-' or '--' where the flag needs one (an id, a number)", () => {
    // A base64url report id may begin with '-' or '--': it was read as a missing value.
    const argv = ['report', 'triage', '--profile', 'p', '--report', '--Zk3_q', '--workspace', '-w1'];
    expect(parseCommandLine(argv, registry).flags).toEqual({ profile: 'p', report: '--Zk3_q', workspace: '-w1' });
    expect(parseCommandLine(['report', 'triage', '--report', '--x9', '--profile', '-'], registry).flags).toEqual({
      report: '--x9',
      profile: '-',
    });
    // Without the registry, a value is refused only when it is shaped like a flag name.
    expect(parseCommandLine(['x', '--report', '--Zk3_q', '--n', '-12']).flags).toEqual({ report: '--Zk3_q', n: '-12' });
    // The command's own flag (or --help) right after a flag is still a missing value, never taken as one.
    expect(() => parseCommandLine(['report', 'triage', '--report', '--profile', 'p'], registry)).toThrow(
      '--report needs a value',
    );
    expect(() => parseCommandLine(['report', 'triage', '--report', '--help'], registry)).toThrow(
      '--report needs a value',
    );
  });

  it('takes a switch without a value (--restricted), and only once', () => {
    expect(parseCommandLine(['compartment', 'create', '--restricted', '--title', 'T']).flags).toEqual({
      restricted: 'yes',
      title: 'T',
    });
    expect(() => parseCommandLine(['compartment', 'create', '--restricted', '--restricted'])).toThrow(
      '--restricted is given twice',
    );
  });

  it('takes --compartment more than once only where the command says it repeats (bundle export)', () => {
    const argv = (words: string[]) => [...words, '--compartment', 'A', '--compartment', 'B'];
    const flags = parseCommandLine(argv(['bundle', 'export'])).flags;
    expect(flags).toEqual({ compartment: 'A\nB' });
    expect(checkFlags(spec('bundle export'), { ...flags, profile: 'p', workspace: 'w', out: 'o' })['compartment']).toBe(
      'A\nB',
    );
    const orgFlags = { ...parseCommandLine(argv(['org', 'add'])).flags, profile: 'p', workspace: 'w', name: 'n' };
    expect(refusal('org add', orgFlags)).toBe('--compartment is given twice');
  });

  it('never echoes a passphrase, and refuses flag names that are not plain words', () => {
    const message = (argv: string[]) => {
      try {
        parseCommandLine(argv);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error(`accepted ${argv.join(' ')}`);
    };
    for (const argv of [
      ['sync', '--passphrase=hunter2'],
      ['sync', '--Passphrase', 'hunter2'],
      ['sync', '--passphrase-file', 'hunter2'],
    ]) {
      expect(message(argv)).toBe('the passphrase is read from UNITY_PASSPHRASE, never from the command line');
    }
    expect(message(['sync', '--profile=p'])).toBe('write --profile VALUE, with a space, not =');
    expect(message(['sync', '--__proto__', 'x'])).toBe('"--__proto__" is not a flag name');
    expect(message(['sync', '--Profile', 'x'])).toBe('"--Profile" is not a flag name');
    // An inherited name is not "given twice": it is refused as unknown by the command's check.
    expect(parseCommandLine(['sync', '--constructor', 'x']).flags).toEqual({ constructor: 'x' });
  });

  it('declares each command once, each flag once per command', () => {
    const words = registry.map((c) => c.words);
    expect(new Set(words).size).toBe(words.length);
    for (const c of registry) {
      const names = c.flags.map((f) => f.name);
      expect(new Set(names).size, c.words).toBe(names.length);
      expect(names[0], `${c.words} opens a profile first`).toBe('profile');
    }
    expect(Object.keys(commands)).toEqual(words);
  });
});

const main = resolve(import.meta.dirname, 'main.ts');

/** The CLI in its own process, as a user runs it (no profile needed: these end before one opens). */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      { env: { ...process.env, UNITY_PASSPHRASE: 'a long enough passphrase' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('the command line, run', () => {
  // Three processes (tsx each): a few seconds alone, more while the suite's other files run beside it.
  it('refuses an unknown flag with one line and exit code 1, and --help lists every command', async () => {
    const [bogus, typo, help] = await Promise.all([
      cli(['workspace', 'list', '--bogus', '1']),
      cli(['org', 'add', '--profile', 'P', '--workspace', 'W', '--name', 'N', '--lan', 'Target']),
      cli(['--help']),
    ]);
    expect(bogus).toEqual({
      code: 1,
      stdout: '',
      stderr: 'unity-table: unknown flag --bogus for "workspace list" (known: --profile)\n',
    });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^unity-table: unknown flag --lan for "org add": did you mean --lane\? \([^\n]*\)\n$/);
    expect(help.code).toBe(0);
    for (const c of registry) expect(help.stdout).toContain(`\n  ${c.words} --profile DIR`);
  }, 120_000);
});
