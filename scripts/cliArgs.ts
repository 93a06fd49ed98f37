import { parseArgs } from 'node:util';

import { closest } from '../cli/commandLine';

/**
 * Refuses a flag this launcher does not take, in one line, as the headless client does: a
 * mistyped `npm run web -- --prot 5000` would otherwise serve on the default port.
 */
export function refuseUnknownFlags(argv: string[], known: Record<string, 'string' | 'boolean'>): void {
  const options = Object.fromEntries(Object.entries(known).map(([name, type]) => [name, { type }]));
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name in known) continue;
    const near = closest(token.name, Object.keys(known));
    const hint = near.length > 0 ? `: did you mean ${near.map((n) => `--${n}`).join(' or ')}?` : '';
    throw new Error(
      `unknown flag ${token.rawName}${hint} (known: ${Object.keys(known)
        .map((n) => `--${n}`)
        .join(', ')})`,
    );
  }
}

/** `--port N` (or the environment variable), checked: launcher scripts share this parsing. */
export function portOption(argv: string[], name: string, envName: string, fallback: number): number {
  const { values } = parseArgs({ args: argv, options: { [name]: { type: 'string' } }, strict: false });
  const raw = values[name] ?? process.env[envName] ?? String(fallback);
  const port = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--${name} (or ${envName}) must be a port number 0–65535, got "${String(raw)}"`);
  }
  return port;
}

/** Prints one clear line and exits non-zero: what a launcher does with an error, never a stack trace. */
export function fail(prefix: string, e: unknown): never {
  console.error(`${prefix}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
