import type * as Y from 'yjs';

import { WorkspaceApi } from '../shared/workspace';
import type { OpenWorkspace } from '../shared/workspace';
import { openSession } from './openSession';
import type { Profile } from './Profile';

export type Flags = Record<string, string | undefined>;

/** What a command prints: JSON (the default) or one raw line (the invite token). */
export type Output = { json: unknown } | { line: string };

export interface CommandContext {
  passphrase: () => string;
}

export type Command = (flags: Flags, ctx: CommandContext) => Promise<Output>;

/**
 * One flag of one command. `value` is its placeholder in the usage text (`DIR`, `lead|agency`);
 * a flag is required, or optional with the default the command line fills in; a `repeatable` one
 * may be given more than once (its values arrive one per line).
 */
export type FlagSpec = { name: string; value: string; about: string; repeatable?: boolean } & (
  { required: true; default?: never } | { required?: false; default?: string }
);

/**
 * One command, declared once: the usage text, the README's table and the flag check are all
 * rendered from these (issue 12, item 1). `prints` is Markdown, as the README shows it.
 */
export interface CommandSpec {
  words: string;
  flags: readonly FlagSpec[];
  prints: string;
  run: Command;
}

export const PROFILE: FlagSpec = {
  name: 'profile',
  value: 'DIR',
  required: true,
  about: 'the profile folder that init made (its vault)',
};
export const WORKSPACE: FlagSpec = {
  name: 'workspace',
  value: 'ID',
  required: true,
  about: 'the workspace id (from workspace create, join or workspace list)',
};
export const TIMEOUT: FlagSpec = {
  name: 'timeout',
  value: 'SECONDS',
  default: '30',
  about: 'how long to wait for the relay',
};

export function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (value === undefined || value === '') throw new Error(`--${name} is required`);
  return value;
}

export function seconds(flags: Flags, name: string): number {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number of seconds`);
  return n * 1000;
}

/**
 * Opens the profile's workspace for one command and closes it (saving what changed) afterwards.
 * The command gets the session and the member's API over it (the one the app's screens use).
 */
export async function withSession<T>(
  profile: Profile,
  workspaceId: string,
  use: (s: OpenWorkspace, api: WorkspaceApi) => Promise<T> | T,
  options: { transport?: Y.Doc; relayUrl?: string } = {},
): Promise<T> {
  if (!options.relayUrl) profile.workspace(workspaceId);
  const session = await openSession(profile, workspaceId, options);
  for (const problem of session.storeProblems) console.error(`warning: ${problem}`);
  const api = new WorkspaceApi(session.workspace, profile.identity);
  try {
    return await use(session, api);
  } finally {
    api.destroy();
    await session.close();
  }
}
