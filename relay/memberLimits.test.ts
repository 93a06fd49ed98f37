import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../shared/crypto';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { eventually, hostileMember, liveTable } from '../cli/testkit/liveWorkspaces';
import { startRelay } from './Relay';
import type { RelayOptions } from './Relay';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function relay(options: Partial<RelayOptions>) {
  const lines: string[] = [];
  const r = await startRelay({
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'relay-limits-')),
    log: (l) => lines.push(l),
    ...options,
  });
  cleanup.push(() => r.close());
  return { relay: r, lines };
}

/** A table of an admin and an observer, with the observer's profile also open as a hostile client. */
async function tableWithHostileObserver(url: string) {
  const { workspaceId, members } = await liveTable(url, 1, 'observer');
  cleanup.push(() => members.forEach((m) => m.close()));
  const [admin, observer] = members as [(typeof members)[0], (typeof members)[0]];
  const hostile = hostileMember(url, workspaceId, observer.identity, observer.transport);
  cleanup.push(() => hostile.close());
  await hostile.connection.upToDate(10_000);
  return { admin, observer, hostile };
}

const junk = (bytes: number) => new Uint8Array(bytes).map((_, i) => (i * 7919) % 251);

describe("a member's writes are bounded at the relay (issue 11, item 13)", () => {
  it('an oversized junk update from an observer is refused with a close reason and reaches no one', async () => {
    const { relay: r, lines } = await relay({ limits: { maxUpdateBytes: 256 * 1024 } });
    const { admin, hostile } = await tableWithHostileObserver(r.url);
    const before = admin.transport.getArray(`doc:${WORKSPACE_DOC_ID}`).length;

    hostile.hostile.append(`doc:${WORKSPACE_DOC_ID}`, [junk(512 * 1024)]);
    await eventually('the hostile connection closed for its oversized update', () =>
      (hostile.connection.lastClose ?? '').startsWith('update too large'),
    );
    expect(hostile.connection.lastClose).toBe('update too large (0.5 MiB; the limit is 0.25 MiB)');
    expect(lines.some((l) => l.includes('update too large'))).toBe(true);
    // The relay never took it, so no honest copy holds it.
    await admin.connection.upToDate(10_000);
    expect(admin.transport.getArray(`doc:${WORKSPACE_DOC_ID}`).length).toBe(before);
  });

  it('bytes per member are counted across all its sockets, and the excess is refused with a reason', async () => {
    const { relay: r, lines } = await relay({
      limits: { maxUpdateBytes: 1024 * 1024, memberBytesPerWindow: 600 * 1024, windowMs: 60_000 },
    });
    const { admin, observer, hostile } = await tableWithHostileObserver(r.url);
    // Two sockets of the same member, each under the limit on its own.
    const second = hostileMember(r.url, observer.workspace.workspaceId, observer.identity);
    cleanup.push(() => second.close());
    await second.connection.upToDate(10_000);

    hostile.hostile.setMap('junk', 'a', junk(400 * 1024));
    await hostile.connection.upToDate(10_000);
    second.hostile.setMap('junk', 'b', junk(400 * 1024));
    await eventually('the second socket closed for the member limit', () =>
      (second.connection.lastClose ?? '').startsWith('member write limit exceeded'),
    );
    expect(second.connection.lastClose).toBe('member write limit exceeded (0.59 MiB per 60 s)');
    expect(lines.some((l) => l.includes('member write limit exceeded'))).toBe(true);
    await admin.connection.upToDate(10_000);
    expect(admin.transport.getMap('junk').has('b')).toBe(false);
  });
});
