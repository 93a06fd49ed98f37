import type { CommandSpec } from './commandKit';
import { flagSynopsis } from './commandLine';

const WIDTH = 100;

/** Everything the CLI can do, one synopsis per command: what `--help` prints. */
export function usage(registry: readonly CommandSpec[]): string {
  return [
    'usage: unity-table <command> [--flag value …]   (passphrase in UNITY_PASSPHRASE)',
    ...registry.map((c) => wrap(`  ${c.words}`, c.flags.map(flagSynopsis))),
    'Changes are made locally and sent at the next sync.',
    '`unity-table help <command>` (or `<command> --help`) describes its flags.',
  ].join('\n');
}

/** One command's synopsis, each flag with what it is for and its default, and what it prints. */
export function commandHelp(spec: CommandSpec): string {
  const width = Math.max(...spec.flags.map((f) => f.name.length + f.value.length));
  return [
    wrap(`usage: unity-table ${spec.words}`, spec.flags.map(flagSynopsis)),
    ...spec.flags.map((f) => {
      const when = f.default === undefined ? '' : ` (default ${f.default})`;
      return `  --${f.name} ${f.value.padEnd(width - f.name.length)}  ${f.about}${when}`;
    }),
    `prints: ${spec.prints.replace(/`/g, '')}`,
  ].join('\n');
}

/** The flags after a lead, wrapped at WIDTH between flags, continued under the first one. */
function wrap(lead: string, parts: readonly string[]): string {
  const lines: string[] = [];
  let line = lead;
  for (const part of parts) {
    if (line.length > lead.length && line.length + 1 + part.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(lead.length);
    }
    line = `${line} ${part}`;
  }
  return [...lines, line].join('\n');
}
