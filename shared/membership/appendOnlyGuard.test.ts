import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { guardAppendOnly } from './appendOnlyGuard';
import { manualClock } from '../testkit/workspaces';
import { KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { addInvite, createWorkspaceTransport } from './workspaceSetup';

await initCrypto();

/** Three copies of a transport document, each guarded, kept in step through a hub. */
function threeGuardedCopies() {
  const hub = new Y.Doc();
  const copies = [0, 1, 2].map(() => ({ doc: new Y.Doc(), clock: manualClock() }));
  for (const c of copies) guardAppendOnly(c.doc, c.clock.schedule);
  const syncAll = () => {
    for (let round = 0; round < 2; round++) {
      for (const c of copies) {
        Y.applyUpdate(hub, Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(hub)));
        Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(hub, Y.encodeStateVector(c.doc)));
      }
    }
  };
  return { hub, copies, syncAll };
}

describe('guardAppendOnly', () => {
  it('puts deleted roster and key entries back, and repeated deletion does not multiply them', () => {
    const { copies, syncAll } = threeGuardedCopies();
    const first = copies[0]!.doc;
    // Signed entries (the guard restores only what someone entitled signed): genesis and an invite.
    const admin = generateIdentity();
    const workspaceId = createWorkspaceTransport(first, admin, Date.now());
    addInvite(first, workspaceId, admin, 'analyst', Date.now() + 60_000, Date.now());
    syncAll();
    const entries = (d: Y.Doc) =>
      new Set(
        d
          .getArray<Uint8Array>(ROSTER_LIST)
          .toArray()
          .map((e) => e.join(',')),
      ).size;

    for (let attack = 0; attack < 5; attack++) {
      const vandal = copies[attack % 3]!.doc;
      // The vandal's own guard is bypassed: it deletes in a copy whose guard it disabled.
      const raw = new Y.Doc();
      Y.applyUpdate(raw, Y.encodeStateAsUpdate(vandal));
      raw.getArray(ROSTER_LIST).delete(0, raw.getArray(ROSTER_LIST).length);
      raw.getArray(KEY_LIST).delete(0, raw.getArray(KEY_LIST).length);
      Y.applyUpdate(vandal, Y.encodeStateAsUpdate(raw, Y.encodeStateVector(vandal)));
      syncAll();
      for (const c of copies) c.clock.tick();
      syncAll();
    }
    for (const c of copies) {
      expect(entries(c.doc)).toBe(2);
      expect(c.doc.getArray(KEY_LIST).length).toBeGreaterThanOrEqual(2);
      // At most one copy per guard that saw the deletion, however many rounds there were.
      expect(c.doc.getArray(ROSTER_LIST).length).toBeLessThanOrEqual(2 * copies.length);
    }
  });
});
