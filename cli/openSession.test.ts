import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { addOrganization, listOrganizations } from '../shared/model';
import { coreCompartmentId, createWorkspaceTransport } from '../shared/membership';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { openSession } from './openSession';
import { Profile } from './Profile';
import { tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const PASS = 'correct horse battery staple';

/** The core room's local copy: where the board lives (ADR 0012 §5); the directory's holds roster and keys. */
const corePath = (profile: Profile, workspaceId: string) =>
  profile.transportPath(workspaceId, coreCompartmentId(workspaceId));

async function addOrgs(profile: Profile, workspaceId: string, names: string[]): Promise<void> {
  for (const name of names) {
    const s = await openSession(profile, workspaceId);
    addOrganization(s.workspace.document(WORKSPACE_DOC_ID), { name });
    await s.close();
  }
}

async function orgNames(profile: Profile, workspaceId: string) {
  const s = await openSession(profile, workspaceId);
  const names = listOrganizations(s.workspace.document(WORKSPACE_DOC_ID)).map((o) => o.name);
  return { names, problems: s.storeProblems, session: s };
}

describe('the encrypted local copy (S3, S6)', () => {
  it('opens offline with everything, and holds no plaintext on disk', async () => {
    const profile = await Profile.create(mkdtempSync(join(tmpdir(), 'profile-')), PASS, { name: 'Ana', agency: 'CBP' });
    const { workspaceId } = await created(profile);
    await addOrgs(profile, workspaceId, ['Org Plaintext-Marker-1', 'Org Plaintext-Marker-2']);
    const { names, session } = await orgNames(profile, workspaceId);
    await session.close();
    expect(names).toEqual(['Org Plaintext-Marker-1', 'Org Plaintext-Marker-2']);
    const files = [profile.transportPath(workspaceId), corePath(profile, workspaceId)];
    for (const dir of new Set(files.map((f) => dirname(f))))
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        if (f.isFile()) expect(readFileSync(join(dir, f.name)).includes('Plaintext-Marker')).toBe(false);
      }
    expect(readFileSync(corePath(profile, workspaceId)).length).toBeGreaterThan(0);
    expect(readFileSync(join(profile.dir, 'vault.json')).includes('Ana')).toBe(false);
  });

  it('skips a damaged record and a torn tail with a clear report, keeps the rest, and resyncs the loss', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const profile = await Profile.create(mkdtempSync(join(tmpdir(), 'profile-')), PASS, { name: 'Ana', agency: 'CBP' });
    const { workspaceId } = await created(profile, relay.url);
    await addOrgs(profile, workspaceId, ['Org A', 'Org B', 'Org C', 'Org D']);
    const synced = await openSession(profile, workspaceId);
    await synced.sync(10_000);
    await synced.close();

    // Damage: one byte flipped inside a record in the middle, and half a record appended.
    const path = corePath(profile, workspaceId);
    const data = readFileSync(path);
    const mid = Math.floor(data.length / 2);
    data[mid] = data[mid]! ^ 0xff;
    writeFileSync(path, Buffer.concat([data, Buffer.from([200, 0, 0, 0, 1, 2, 3])]));

    const damaged = await openSession(profile, workspaceId);
    expect(damaged.storeProblems.join('\n')).toMatch(/does not decrypt: skipped/);
    expect(damaged.storeProblems.join('\n')).toMatch(/incomplete \(an interrupted write\?\): skipped, kept in/);
    expect(readdirSync(dirname(path)).some((f) => f.includes('.damaged-'))).toBe(true);
    await damaged.sync(10_000);
    expect(listOrganizations(damaged.workspace.document(WORKSPACE_DOC_ID)).map((o) => o.name)).toEqual([
      'Org A',
      'Org B',
      'Org C',
      'Org D',
    ]);
    await damaged.close();
    const again = await orgNames(profile, workspaceId);
    await again.session.close();
    expect(again.problems).toEqual([]);
    expect(again.names).toHaveLength(4);
  });

  it('reports a file that is not a store at all, and leaves it aside untouched', async () => {
    const profile = await Profile.create(mkdtempSync(join(tmpdir(), 'profile-')), PASS, { name: 'Ana', agency: 'CBP' });
    const { workspaceId } = await created(profile);
    mkdirSync(dirname(corePath(profile, workspaceId)), { recursive: true });
    writeFileSync(corePath(profile, workspaceId), 'this is not a store');
    const { problems, session } = await orgNames(profile, workspaceId);
    await session.close();
    expect(problems.join('\n')).toMatch(/is not a Unity Table store/);
    const dir = dirname(corePath(profile, workspaceId));
    const aside = readdirSync(dir).find((f) => f.includes('.damaged-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('this is not a store');
  });

  it('refuses a wrong passphrase with a clear message, and a damaged vault as damaged', async () => {
    const profile = await Profile.create(mkdtempSync(join(tmpdir(), 'profile-')), PASS, { name: 'Ana', agency: 'CBP' });
    await expect(Profile.open(profile.dir, 'wrong passphrase')).rejects.toThrow(/wrong passphrase/);
    writeFileSync(join(profile.dir, 'vault.json'), '{"format":"something else"}');
    await expect(Profile.open(profile.dir, PASS)).rejects.toThrow(/not a Unity Table vault, or it is damaged/);
  });
});

/** A workspace created the way `workspace create` does it, recorded in the profile. */
async function created(profile: Profile, relayUrl = 'ws://127.0.0.1:9'): Promise<{ workspaceId: string }> {
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, profile.identity, Date.now());
  await profile.addWorkspace(workspaceId, { title: 'Table', relayUrl });
  const s = await openSession(profile, workspaceId, { transport });
  await s.close();
  return { workspaceId };
}
