import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../shared/crypto';
import { addOrganization, listOrganizations } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { eventually, liveTable } from '../cli/testkit/liveWorkspaces';
import type { LiveMember } from '../cli/testkit/liveWorkspaces';
import { spawnRelay } from './relayProcess';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const names = (m: LiveMember) => listOrganizations(m.workspace.document(WORKSPACE_DOC_ID)).map((o) => o.name);

describe('Y2: a relay killed mid-write', () => {
  it('loses nothing a client still holds once it is restarted and clients resync', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'unity-relay-'));
    const first = await spawnRelay(dataDir);
    cleanup.push(() => first.process.kill('SIGKILL'));
    const { members } = await liveTable(first.url, 2);
    cleanup.push(() => members.forEach((m) => m.close()));

    // Traffic from every client; the relay is SIGKILLed while it flows.
    let written = 0;
    const traffic = setInterval(() => {
      for (const [i, m] of members.entries())
        addOrganization(m.workspace.document(WORKSPACE_DOC_ID), { name: `W${i}-${written}` });
      written++;
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(traffic);

    const second = await spawnRelay(dataDir, first.port);
    cleanup.push(() => second.process.kill('SIGKILL'));
    const expected = written * members.length;
    await eventually(
      `all ${expected} cards on every client`,
      () => members.every((m) => names(m).length === expected && m.state() === members[0]!.state()),
      30_000,
    );
    for (const m of members) await m.connection.upToDate(15_000);
    expect(members.flatMap((m) => m.reports.filter((r) => r.level === 'error'))).toEqual([]);
  });
});
