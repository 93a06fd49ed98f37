import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { changeRole } from '../membership/membership';
import { HostileClient } from '../testkit/HostileClient';
import { encodeSnapshotPayload } from '../protocol/snapshotPayload';
import { demotedAnalyst, exchange, forgedUnder, rebuild, tableOfTwo } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import { docListName, WORKSPACE_DOC_ID } from '../protocol/transportLayout';

await initCrypto();

const LIST = docListName(WORKSPACE_DOC_ID);
const orgs = (c: TestClient) => c.workspace.document(WORKSPACE_DOC_ID).getMap('orgs').toJSON();

describe('content hardening against the review-2 red team', () => {
  it('a demoted member’s second envelope for a seq within its cut is refused as equivocation: the first one applied stands', () => {
    const { workspaceId, admin, member, memberDoc } = demotedAnalyst();
    // Replays are now judged by signature alone, so (replica, seq 1) — inside the cut — can be
    // signed again with different content: a fresh signature, not a replay, and "within the cut".
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    const late = forgedUnder(memberDoc, memberDoc.clientID, (d) => d.getMap('orgs').set('after', 'sealed late'));
    hostile.append(LIST, [
      hostile.sealUpdate({ docId: WORKSPACE_DOC_ID, epoch: 0, replica: member.workspace.replica, seq: 1 }, [late]),
    ]);
    exchange(member.transport, admin.transport);
    // Honest: the observer's post-demotion edit counts nowhere, and is reported.
    expect(orgs(admin)).toEqual({ before: 'written while an analyst' });
    const fresh = rebuild(admin);
    expect(orgs(fresh)).toEqual({ before: 'written while an analyst' });
    expect(fresh.reports.length).toBeGreaterThan(0);
  });

  it('a snapshot every reader refuses as beyond its cut settles no deletion: the list guard puts the pre-demotion envelope back', () => {
    const { workspaceId, admin, member } = demotedAnalyst();
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    const replica = member.workspace.replica;
    // Seq 2 is beyond the cut (seq 1): readers refuse this snapshot. It covers seq 1, and the
    // observer deletes its seq-1 envelope (the edit it made while it could write) in the same transaction.
    const snapshot = hostile.seal(
      { kind: 'snapshot', docId: WORKSPACE_DOC_ID, epoch: 0, replica, seq: 2 },
      encodeSnapshotPayload({ covers: new Map([[replica, [[1, 1]]]]), update: Y.encodeStateAsUpdate(new Y.Doc()) }),
    );
    member.transport.transact(() => {
      hostile.docList().delete(0, hostile.docList().length);
      hostile.docList().insert(0, [snapshot]);
    });
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    expect(admin.reports.map((r) => r.code)).toContain('beyond-cut');
    // Honest: a snapshot that counts for no reader settles no deletion either; the edit made while
    // the member could write is put back, and a newcomer still sees it.
    expect(orgs(rebuild(admin))).toEqual({ before: 'written while an analyst' });
  });

  it('a delete set for clocks the receiver does not hold is held back: it cannot pre-delete another member’s later edits', () => {
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    const adminDoc = admin.workspace.document(WORKSPACE_DOC_ID);
    adminDoc.getMap('orgs').set('o1', 'first');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    member.clock.tick();
    // The admin's replica is in its signed header, so its client ids are public: a delete set for
    // clocks the admin has not written yet (Yjs keeps it pending and applies it when they arrive).
    const victim = adminDoc.clientID;
    const from = Y.getState(adminDoc.store, victim);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // no structs: nothing under anyone's client id
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, victim);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, from);
    encoding.writeVarUint(e, 2 ** 40);
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    hostile.append(LIST, [
      hostile.sealUpdate({ docId: WORKSPACE_DOC_ID, replica: 9, seq: 1 }, [encoding.toUint8Array(e)]),
    ]);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    // Later, the admin writes: an item nobody has seen yet, so nobody could have deleted it.
    adminDoc.getMap('orgs').set('o2', 'written later');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    member.clock.tick();
    expect(orgs(admin)).toEqual({ o1: 'first', o2: 'written later' });
    // Honest: every client shows what the admin wrote after the hostile update, as the admin does.
    expect(orgs(rebuild(admin))).toEqual({ o1: 'first', o2: 'written later' });
  });

  it('a zero-length struct under another member’s client id is refused before anything is applied', () => {
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    const adminDoc = admin.workspace.document(WORKSPACE_DOC_ID);
    adminDoc.getMap('orgs').set('o1', 'first');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    member.clock.tick();
    // A v1 update with one Item of the admin's client id whose content is an empty ContentAny:
    // parseUpdateMeta sees from == to, so clientsIn() does not list the admin's id at all.
    const victim = adminDoc.clientID;
    const clock = Y.getState(adminDoc.store, victim);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, victim);
    encoding.writeVarUint(e, clock);
    encoding.writeUint8(e, 8 | 0x80); // ContentAny, with an origin
    encoding.writeVarUint(e, victim); // origin: the admin's last item (its map entry o1)
    encoding.writeVarUint(e, clock - 1);
    encoding.writeVarUint(e, 0); // ContentAny of no elements: an Item of length 0
    encoding.writeVarUint(e, 0); // empty delete set
    const zero = encoding.toUint8Array(e);
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    hostile.append(LIST, [hostile.sealUpdate({ docId: WORKSPACE_DOC_ID, replica: 9, seq: 1 }, [zero])]);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    // Honest: refused as carrying a struct under a client id that is not its author's...
    expect(admin.reports.filter((r) => r.code === 'bad-update').map((r) => r.author)).toEqual([member.workspace.me]);
    // ...and it changes nothing: the admin’s later edits reach everyone, as the admin sees them.
    adminDoc.getMap('orgs').set('o1', 'second');
    adminDoc.getMap('orgs').set('o2', 'third');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    member.clock.tick();
    expect(orgs(admin)).toEqual({ o1: 'second', o2: 'third' });
    expect(orgs(member)).toEqual({ o1: 'second', o2: 'third' });
    expect(orgs(rebuild(admin))).toEqual({ o1: 'second', o2: 'third' });
  });

  it('copies of one envelope are reported once as a replay, not once per copy', () => {
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    admin.workspace.document(WORKSPACE_DOC_ID).getMap('orgs').set('o1', 'first');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    const original = hostile.docList().get(0) as Uint8Array;
    hostile.append(
      LIST,
      Array.from({ length: 2000 }, () => original.slice()),
    );
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    // Honest: copies of one envelope change nothing; a reader says so once (per envelope, or with a count),
    // so a hostile member cannot bury real warnings or grow every client's report list at will.
    expect(admin.reports.filter((r) => r.code === 'replayed').length).toBeLessThanOrEqual(1);
  });

  it('the list guard lets go of an envelope every reader refuses: its deletion stands', () => {
    const { workspaceId, admin, member } = tableOfTwo('observer');
    admin.workspace.document(WORKSPACE_DOC_ID);
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    // Validly signed by the observer, so not "junk" to the guard; refused by every reader (read-only-author).
    const junk = hostile.seal({ docId: WORKSPACE_DOC_ID, replica: 4, seq: 1 }, new Uint8Array(256 * 1024));
    hostile.append(LIST, [junk]);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    expect(admin.reports.map((r) => r.code)).toContain('read-only-author');
    // A deletion of it (the observer's own, here; an admin's cleanup tool, tomorrow) is undone by
    // every honest client, each re-sending the bytes: a write the observer makes once, others pay forever.
    hostile.delete(LIST);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    // Honest: what no reader applies is not worth restoring.
    expect(admin.transport.getArray(LIST).length).toBe(0);
  });

  it('a cut names the envelopes it holds: a demoted member’s re-signed seq is refused everywhere, whatever the list order', () => {
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    const memberDoc = member.workspace.document(WORKSPACE_DOC_ID);
    memberDoc.getMap('orgs').set('before', 'written while an analyst');
    member.clock.tick();
    exchange(member.transport, admin.transport);
    admin.workspace.document(WORKSPACE_DOC_ID);
    changeRole(admin.transport, workspaceId, admin.identity, member.workspace.me, 'observer', Date.now());
    exchange(admin.transport, member.transport);
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    const late = forgedUnder(memberDoc, memberDoc.clientID, (d) => d.getMap('orgs').set('after', 'sealed late'));
    const forged = hostile.sealUpdate(
      { docId: WORKSPACE_DOC_ID, epoch: 0, replica: member.workspace.replica, seq: 1 },
      [late],
    );
    // The forgery first in the list, the original after it (as the list guard would put it back).
    const original = hostile.docList().get(0) as Uint8Array;
    member.transport.transact(() => {
      hostile.docList().delete(0, hostile.docList().length);
      hostile.docList().insert(0, [forged, original.slice()]);
    });
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    expect(orgs(admin)).toEqual({ before: 'written while an analyst' });
    const fresh = rebuild(admin);
    expect(orgs(fresh)).toEqual({ before: 'written while an analyst' });
    expect(fresh.reports.map((r) => r.code)).toContain('beyond-cut');
  });

  it('compaction drops extra copies of another member’s envelope and keeps the original', () => {
    const { workspaceId, admin, member } = tableOfTwo('analyst');
    member.workspace.document(WORKSPACE_DOC_ID).getMap('orgs').set('m', 'by the member');
    member.clock.tick();
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    const original = hostile.docList().get(0) as Uint8Array;
    hostile.append(
      LIST,
      Array.from({ length: 50 }, () => original.slice()),
    );
    exchange(member.transport, admin.transport);
    const adminDoc = admin.workspace.document(WORKSPACE_DOC_ID);
    for (const k of ['a', 'b']) {
      adminDoc.getMap('orgs').set(k, 'by the admin');
      admin.clock.tick();
    }
    expect(admin.workspace.compact(0)).toBeGreaterThan(50);
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    member.clock.tick();
    expect(admin.transport.getArray(LIST).length).toBe(2); // the member's original, the admin's snapshot
    expect(orgs(rebuild(admin))).toEqual({ m: 'by the member', a: 'by the admin', b: 'by the admin' });
  });

  it('two snapshots that delete each other’s items both settle on a newcomer: a deletion waits only for what it names', () => {
    const { admin, member } = tableOfTwo('analyst');
    const adminOrgs = admin.workspace.document(WORKSPACE_DOC_ID).getMap('orgs');
    const memberOrgs = member.workspace.document(WORKSPACE_DOC_ID).getMap('orgs');
    adminOrgs.set('a', 'by the admin');
    memberOrgs.set('m', 'by the member');
    admin.clock.tick();
    member.clock.tick();
    exchange(admin.transport, member.transport);
    exchange(member.transport, admin.transport);
    adminOrgs.delete('m');
    memberOrgs.delete('a');
    adminOrgs.set('a2', 'by the admin');
    memberOrgs.set('m2', 'by the member');
    admin.workspace.compact(0);
    member.workspace.compact(0);
    exchange(admin.transport, member.transport);
    exchange(member.transport, admin.transport);
    admin.clock.tick();
    expect(admin.transport.getArray(LIST).length).toBe(2); // the two snapshots, nothing else
    // Each snapshot's delete set names items only the other snapshot holds.
    const expected = { a2: 'by the admin', m2: 'by the member' };
    expect(orgs(admin)).toEqual(expected);
    expect(orgs(rebuild(admin))).toEqual(expected);
    expect(orgs(rebuild(member))).toEqual(expected);
  });
});
