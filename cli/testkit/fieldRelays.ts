import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';

import { spawnRelay } from '../../relay/relayProcess';
import { runCliOk } from './cliProcess';
import { tempRelay } from './liveWorkspaces';

/** A list of clean-ups, run in reverse after each test of the file that calls this. */
export function cleanupAfterEach(): Array<() => unknown> {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  return cleanup;
}

/**
 * A scratch folder `unity-<tag>-…`, headquarters' relay, and a field office's relay started empty,
 * both ended by `cleanup`.
 */
export async function hqAndFieldRelays(cleanup: Array<() => unknown>, tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `unity-${tag}-`));
  const hq = await tempRelay();
  cleanup.push(() => hq.close());
  // Its own process: y-websocket's rooms are module-global, so two relays never share one process.
  const field = await spawnRelay(mkdtempSync(join(tmpdir(), `unity-${tag}-field-`)));
  cleanup.push(() => field.process.kill('SIGTERM'));
  return { dir, hq, field };
}

/** Profile `creator` creates "Sector Table" on `relayUrl`; `inProfile(p)` is the arguments naming it in profile `p`. */
export async function sectorTable(creator: string, relayUrl: string) {
  const { workspaceId } = await runCliOk<{ workspaceId: string }>([
    ...['workspace', 'create', '--profile', creator, '--title', 'Sector Table', '--relay', relayUrl],
  ]);
  const inProfile = (profile: string) => ['--profile', profile, '--workspace', workspaceId];
  return { workspaceId, inProfile };
}
