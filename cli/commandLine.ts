import type { CommandSpec, FlagSpec, Flags } from './commandKit';

export interface CommandLine {
  /** The command's words, joined by one space (`workspace create`). */
  command: string;
  flags: Flags;
  /** `--help` was given: print help instead of running anything. */
  help: boolean;
}

/** Flags that take no value (`--restricted`): present means yes. Their spec's `value` is '' (no placeholder). */
const SWITCHES: ReadonlySet<string> = new Set(['restricted']);
/**
 * Flags a command may take more than once (`bundle export --compartment A --compartment B`): their
 * values are kept one per line, and checkFlags refuses a repeat where the command's flag is not `repeatable`.
 */
const REPEATABLE: ReadonlySet<string> = new Set([
  'compartment',
  'alias',
  // `report add`'s identifiers: a report may carry several phones, plates, names, places and routes.
  'phone',
  'plate',
  'name',
  'place',
  'route',
]);

/**
 * Splits argv into the command words and --flag value pairs; refuses anything else.
 *
 * A flag that takes a value takes the next argument whatever it starts with: an id, a note or a
 * number may begin with '-' or '--' (base64url ids do, now and then). Only what is plainly another
 * flag is read as a missing value: `--help`, or one of the flags the command declares when `registry`
 * names it (main passes it); without a registry, anything shaped like a flag name (`--name`).
 */
export function parseCommandLine(argv: readonly string[], registry?: readonly CommandSpec[]): CommandLine {
  const words: string[] = [];
  const flags: Flags = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      // Checked before anything else, and never echoed: `--passphrase=secret` must not print the secret.
      if (name.toLowerCase().startsWith('passphrase'))
        throw new Error('the passphrase is read from UNITY_PASSPHRASE, never from the command line');
      if (name.includes('=')) throw new Error(`write --${name.slice(0, name.indexOf('='))} VALUE, with a space, not =`);
      // Lower-case words and dashes only: no `--__proto__` or `--constructor` reaching an object's prototype.
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`"--${name}" is not a flag name`);
      if (SWITCHES.has(name)) {
        if (Object.hasOwn(flags, name)) throw new Error(`--${name} is given twice`);
        flags[name] = 'yes';
        continue;
      }
      const value = argv[i + 1];
      if (
        value === undefined ||
        isAnotherFlag(
          value,
          registry?.find((c) => c.words === words.join(' ')),
        )
      )
        throw new Error(`--${name} needs a value`);
      // The later of two would win silently: a script that sets a flag twice has a bug to see.
      if (Object.hasOwn(flags, name) && !REPEATABLE.has(name)) throw new Error(`--${name} is given twice`);
      flags[name] = Object.hasOwn(flags, name) ? `${flags[name]}\n${value}` : value;
      i++;
    } else if (Object.keys(flags).length === 0) {
      words.push(arg);
    } else {
      throw new Error(`unexpected "${arg}"`);
    }
  }
  return { command: words.join(' '), flags, help };
}

/** Whether an argument after a flag is the next flag (its own value missing) rather than a value. */
function isAnotherFlag(arg: string, spec: CommandSpec | undefined): boolean {
  if (arg === '--help') return true;
  if (!spec) return /^--[a-z][a-z0-9-]*$/.test(arg);
  return arg.startsWith('--') && spec.flags.some((f) => arg === `--${f.name}`);
}

/** Why these words name no command, with the nearest ones when a typo or a missing word is likely. */
export function unknownCommand(registry: readonly CommandSpec[], command: string): string {
  const all = registry.map((c) => c.words);
  const started = command === '' ? [] : all.filter((w) => w.startsWith(`${command} `));
  const near = started.length > 0 ? started : closest(command, all);
  const hint = near.length > 0 ? `: did you mean ${near.map((w) => `"${w}"`).join(' or ')}?` : '';
  return `unknown command "${command}"${hint}`;
}

/**
 * The flags a command gets: every one it declares (defaults filled in), none it does not.
 * A flag it does not know is refused rather than ignored: a mistyped flag must not quietly
 * change what a command does (issue 12, item 1).
 */
export function checkFlags(spec: CommandSpec, flags: Flags): Flags {
  const known = spec.flags.map((f) => f.name);
  for (const name of Object.keys(flags)) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    const hint = near.length > 0 ? `: did you mean ${near.map((n) => `--${n}`).join(' or ')}?` : '';
    const list = known.map((n) => `--${n}`).join(', ');
    throw new Error(`unknown flag --${name} for "${spec.words}"${hint} (known: ${list})`);
  }
  const checked: Flags = {};
  for (const flag of spec.flags) {
    const value = flags[flag.name];
    if (value?.includes('\n') && !flag.repeatable) throw new Error(`--${flag.name} is given twice`);
    if (flag.required && (value === undefined || value === ''))
      throw new Error(`--${flag.name} is required (usage: ${spec.words} ${flagsSynopsis(spec)})`);
    checked[flag.name] = value ?? flag.default;
  }
  return checked;
}

/** `--profile DIR --title TITLE [--lane LANE]`: required flags bare, optional ones in brackets. */
export const flagsSynopsis = (spec: CommandSpec): string => spec.flags.map(flagSynopsis).join(' ');

export const flagSynopsis = (f: FlagSpec): string =>
  f.required
    ? `--${f.name} ${f.value}`
    : f.value === ''
      ? `[--${f.name}]`
      : `[--${f.name} ${f.value}${f.repeatable ? ' …' : ''}]`;

/** The candidates nearest to what was typed, if they are within a typo's reach of it. */
export function closest(typed: string, candidates: readonly string[]): string[] {
  const reach = Math.max(2, Math.floor(typed.length / 3));
  const scored = candidates.map((c) => ({ c, d: editDistance(typed, c) })).filter((s) => s.d <= reach);
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best).map((s) => s.c);
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
