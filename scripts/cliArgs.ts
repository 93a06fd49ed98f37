import { parseArgs } from 'node:util';

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
