import type { Profile } from './Profile';
import { WorkspaceSession } from './WorkspaceSession';

export type Flags = Record<string, string | undefined>;

/** What a command prints: JSON (the default) or one raw line (the invite token). */
export type Output = { json: unknown } | { line: string };

export interface CommandContext {
  passphrase: () => string;
}

export type Command = (flags: Flags, ctx: CommandContext) => Promise<Output>;

export function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (value === undefined || value === '') throw new Error(`--${name} is required`);
  return value;
}

export function seconds(flags: Flags, name: string, fallback: number): number {
  const raw = flags[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number of seconds`);
  return n * 1000;
}

/** Opens the profile's workspace for one command and closes it (saving what changed) afterwards. */
export async function withSession<T>(
  profile: Profile,
  workspaceId: string,
  use: (s: WorkspaceSession) => Promise<T> | T,
): Promise<T> {
  profile.workspace(workspaceId);
  const session = await WorkspaceSession.open(profile, workspaceId);
  for (const problem of session.storeProblems) console.error(`warning: ${problem}`);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}
