import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { coreCompartmentId } from '../shared/membership';
import { canonicalJson, documentJson, organizationFact, readOrganization, updateOrganization } from '../shared/model';
import { startBenchRelay, until } from './harness';
import { connectRoomsClient, roomsOpen } from './compartmentClient';
import type { P3Config } from './p3Board';
import { seedWorkspace } from './p3Board';
import { connectEditor, EditLoad } from './p3Editors';
import { SMOKE } from './suite';

await initCrypto();

/** P3's smoke sizes, with three members besides the admin: two edit, one reads what they send. */
const CONFIG: P3Config = { ...SMOKE.p3, clients: 3, editsPerSecondPerClient: 20, moveShare: 0.2, timeoutMs: 20_000 };

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/**
 * P3 seeds its workspace as the product makes one today (content in the core room, ADR 0012), and its
 * editors write that room: what a member's client receives from them is what the bench says it sent.
 */
describe('P3 workspace and editors in the rooms layout', () => {
  it(
    'seeds the core room, not the directory; editors’ renames and edits reach a member; a forged edit does not',
    { timeout: 120_000 },
    async () => {
      const relay = await startBenchRelay();
      cleanup.push(() => relay.close());
      const ws = await seedWorkspace(relay.url, CONFIG, () => {});
      cleanup.push(() => ws.close());
      // Nothing for a first join to migrate: the directory holds no content list, the core room the compacted board.
      expect(ws.stats.directoryEnvelopes).toBe(0);
      expect(ws.stats.envelopesAtJoin).toBeGreaterThan(0);
      expect(ws.stats.envelopesAtJoin).toBeLessThanOrEqual(512);
      expect(ws.stats.organizations).toBe(CONFIG.demo.organizations);

      const [a, b, r] = ws.editorMembers as [
        (typeof ws.editorMembers)[0],
        (typeof ws.editorMembers)[0],
        (typeof ws.editorMembers)[0],
      ];
      const core = coreCompartmentId(ws.workspaceId);
      // A member's client as the app holds it, its board decrypted from the core room it fetched.
      const reader = connectRoomsClient(relay.url, ws.workspaceId, r.identity, r.transport);
      cleanup.push(() => reader.destroy());
      await roomsOpen(reader, 1, CONFIG.timeoutMs);
      await reader.upToDate(CONFIG.timeoutMs);
      const board = reader.contents().get(core)!;
      const orgs = (doc: Y.Doc) => canonicalJson(documentJson(doc));
      expect(orgs(board)).toBe(orgs(ws.mirror));

      const editors = [a, b].map((m) => connectEditor(relay.url, ws.workspaceId, m));
      cleanup.push(() => editors.forEach((e) => e.close()));
      await Promise.all(editors.map((e) => e.ready(CONFIG.timeoutMs)));
      const load = new EditLoad(ws.mirror, editors, ws.probeCards, CONFIG);
      const markerId = load.marker[2];
      const nameOf = () => readOrganization(markerId, organizationFact(reader.contents().get(core)!, markerId)).name;

      const renamed = load.nextName();
      load.rename(renamed);
      await until(() => nameOf() === renamed, CONFIG.timeoutMs, 'the rename on the member’s board', 20);

      let release = () => {};
      const stop = new Promise<void>((resolve) => (release = resolve));
      setTimeout(release, 500);
      const sent = await load.run(2, stop);
      expect(sent).toBeGreaterThan(5);
      await until(() => orgs(reader.contents().get(core)!) === orgs(ws.mirror), CONFIG.timeoutMs, 'every edit', 20);

      // Hostile: editor b seals an edit made under editor a's client id. The member refuses it and says so;
      // a's next rename still shows, the forged name never does.
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(ws.mirror));
      forged.clientID = editors[0]!.clientId;
      const updates: Uint8Array[] = [];
      forged.on('update', (u: Uint8Array) => updates.push(u));
      updateOrganization(forged, markerId, { name: 'Forged Name' });
      editors[1]!.seal(updates);
      const after = load.nextName();
      load.rename(after);
      await until(() => nameOf() === after, CONFIG.timeoutMs, 'the rename after the forged edit', 20);
      expect(reader.workspace.reports.some((x) => x.code === 'bad-update')).toBe(true);
      expect(nameOf()).toBe(after);
      forged.destroy();
    },
  );
});
