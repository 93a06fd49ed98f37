import { readFile, stat, writeFile } from 'node:fs/promises';

import { MAX_BUNDLE_BYTES } from '../shared/bundles';
import { BundleRefused, exportBundle, importBundle, makeStateFile, peekBundle } from '../shared/workspace';
import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandSpec, FlagSpec } from './commandKit';
import { Profile } from './Profile';

/** Bundles for networks with no link (issue 14, ADR 0013): all offline, through files only. */
const OUT: FlagSpec = {
  name: 'out',
  value: 'FILE',
  required: true,
  about: 'the file to write (replaced if it exists)',
};

/** Reads a bundle or state file, refusing in one line one larger than a bundle may be before reading it all. */
async function readBundleFile(path: string): Promise<Uint8Array> {
  try {
    if ((await stat(path)).size > MAX_BUNDLE_BYTES)
      throw new BundleRefused('this file is larger than a bundle may be (512 MiB)');
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if (e instanceof BundleRefused) throw e;
    const code = (e as { code?: string }).code;
    throw new BundleRefused(
      code === 'ENOENT' ? `there is no file ${path}` : `cannot read ${path} (${code ?? 'error'})`,
    );
  }
}

/** Written with mode 0600, like every file a profile keeps: a bundle is sealed, but it is still a member's. */
const writeBundleFile = (path: string, bytes: Uint8Array) => writeFile(path, bytes, { mode: 0o600 });

const bundleState: CommandSpec = {
  words: 'bundle state',
  flags: [PROFILE, WORKSPACE, OUT],
  prints:
    '`{"workspaceId","bytes"}` (a sealed, signed state file: "what I already have", for the other side\'s export)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const file = await withSession(profile, workspaceId, (s) => makeStateFile(s));
    await writeBundleFile(need(flags, 'out'), file);
    return { json: { workspaceId, bytes: file.byteLength } };
  },
};

const bundleExport: CommandSpec = {
  words: 'bundle export',
  flags: [
    PROFILE,
    WORKSPACE,
    OUT,
    { name: 'since', value: 'STATE_FILE', about: "the other side's state file: only what it lacks goes in" },
    {
      name: 'compartment',
      value: 'C',
      repeatable: true,
      about: 'a compartment to carry, once per compartment (default: every one you are in)',
    },
  ],
  prints: '`{"bytes","envelopes","compartments"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const since = flags['since'] ? await readBundleFile(flags['since']) : undefined;
    const compartments = flags['compartment']?.split('\n');
    const made = await withSession(profile, need(flags, 'workspace'), (s) =>
      exportBundle(s, { ...(since ? { since } : {}), ...(compartments ? { compartments } : {}) }),
    );
    await writeBundleFile(need(flags, 'out'), made.file);
    return { json: { bytes: made.bytes, envelopes: made.envelopes, compartments: made.compartments } };
  },
};

const bundleImport: CommandSpec = {
  words: 'bundle import',
  flags: [PROFILE, { name: 'in', value: 'FILE', required: true, about: 'the bundle file to import' }],
  prints: '`{"workspaceId","new","duplicates","rejected","warnings"}` (a refused bundle: one line, exit 1)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const file = await readBundleFile(need(flags, 'in'));
    const { workspaceId } = peekBundle(file, profile.identity);
    if (!Object.hasOwn(profile.workspaces, workspaceId))
      throw new BundleRefused('this bundle is for a workspace this profile is not in');
    const result = await withSession(profile, workspaceId, (s) => importBundle(s, file));
    const { new: added, duplicates, rejected, warnings } = result;
    return { json: { workspaceId, new: added, duplicates, rejected, warnings } };
  },
};

export const bundleCommands: readonly CommandSpec[] = [bundleState, bundleExport, bundleImport];
