import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { coreCompartmentId } from '../shared/membership';
import { LocalTransportStore } from '../shared/storage';
import { roomsWorld } from '../shared/testkit/roomsWorld';
import { FileRecordBackend } from './FileRecordBackend';
import { Profile } from './Profile';

await initCrypto();

const PASS = 'correct horse battery staple';

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));

describe("a profile's local copies with several rooms (ADR 0012 §5, S3)", () => {
  it('keeps the directory and each room in its own sealed file, with no plaintext on disk', async () => {
    const profile = await Profile.create(mkdtempSync(join(tmpdir(), 'profile-')), PASS, { name: 'Ana', agency: 'CBP' });
    const w = roomsWorld();
    const sheriff = w.join('partner');
    const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]);
    w.sync();
    const core = coreCompartmentId(w.workspaceId);
    w.admin.workspace.document('workspace').getMap('orgs').set('o1', 'Core-Plaintext-Marker');
    w.admin.workspace.room(released.id)!.document('workspace').getMap('orgs').set('o2', 'Released-Plaintext-Marker');
    w.sync();
    const stores = [
      { path: profile.transportPath(w.workspaceId), doc: w.admin.transport, room: null },
      ...[...w.admin.rooms].map(([room, doc]) => ({ path: profile.transportPath(w.workspaceId, room), doc, room })),
    ];
    for (const s of stores) {
      const { store } = await LocalTransportStore.open(
        s.doc,
        new FileRecordBackend(s.path),
        profile.storageKey,
        w.workspaceId,
        s.room,
      );
      await store.close();
    }
    const dir = join(profile.dir, 'workspaces', w.workspaceId);
    expect(filesUnder(dir).sort()).toEqual(
      [
        join(dir, 'transport.utrec'),
        join(dir, 'rooms', `${core}.utrec`),
        join(dir, 'rooms', `${released.id}.utrec`),
      ].sort(),
    );
    for (const f of filesUnder(profile.dir)) expect(readFileSync(f).includes('Plaintext-Marker'), f).toBe(false);
    // Each room's file opens as that room only: as another room, or as the directory, nothing loads.
    for (const s of stores) {
      const right = new Y.Doc();
      const opened = await LocalTransportStore.open(
        right,
        new FileRecordBackend(s.path),
        profile.storageKey,
        w.workspaceId,
        s.room,
      );
      expect(opened.problems).toEqual([]);
      expect(Y.encodeStateVector(right)).toEqual(Y.encodeStateVector(s.doc));
      await opened.store.close();
      const other = s.room === core ? released.id : core;
      const wrong = await LocalTransportStore.open(
        new Y.Doc(),
        new FileRecordBackend(s.path),
        profile.storageKey,
        w.workspaceId,
        other,
      );
      expect(wrong.problems.length).toBeGreaterThan(0);
    }
  });
});
