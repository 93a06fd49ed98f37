import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf } from '../crypto';
import { parseEnvelope } from '../protocol/envelope';
import { computeRoster } from '../membership/computeRoster';
import { docListName, KEY_LIST } from '../protocol/transportLayout';
import { exchange, sealUpdateAs, tableOfTwo, testClient } from '../testkit/workspaces';
import { addInvite, completeJoin, createWorkspaceTransport } from '../membership/workspaceSetup';
import { maintainKeys } from '../membership/membership';

await initCrypto();

/** An admin's workspace and an analyst who joined it by invite, their transports in step. */
function table() {
  const { workspaceId, admin, member } = tableOfTwo('analyst');
  return { workspaceId, admin, analyst: member };
}

const orgs = (doc: Y.Doc) => doc.getMap('orgs').toJSON();

describe('SecureWorkspace', () => {
  it('carries an edit from one member to another, encrypted and batched', () => {
    const { admin, analyst } = table();
    const doc = admin.workspace.document('workspace');
    doc.getMap('orgs').set('o1', 'Org Falcon');
    doc.getMap('orgs').set('o2', 'Org Heron');
    expect(admin.workspace.waiting()).toBe(2);
    admin.clock.tick();
    expect(admin.transport.getArray(docListName('workspace')).length).toBe(1); // one envelope for the burst
    exchange(admin.transport, analyst.transport);
    expect(orgs(analyst.workspace.document('workspace'))).toEqual({ o1: 'Org Falcon', o2: 'Org Heron' });
    expect(analyst.reports).toEqual([]);
  });

  it('sees the same roster on both sides', () => {
    const { admin, analyst } = table();
    const ids = (r: typeof admin.workspace.roster) =>
      [...r.members.values()].map((m) => `${m.memberId}:${m.role}`).sort();
    expect(ids(admin.workspace.roster)).toEqual(ids(analyst.workspace.roster));
    expect(analyst.workspace.roster.members.get(memberIdOf(analyst.identity))?.role).toBe('analyst');
  });

  describe('rejects, reports and never applies (S2)', () => {
    function sentEnvelope() {
      const t = table();
      t.admin.workspace.document('workspace').getMap('orgs').set('o1', 'Org Falcon');
      t.admin.clock.tick();
      const bytes = t.admin.transport.getArray<Uint8Array>(docListName('workspace')).get(0);
      return { ...t, bytes };
    }

    it('a flipped byte', () => {
      const { analyst, bytes } = sentEnvelope();
      const bad = bytes.slice();
      bad[bad.length - 70] = bad[bad.length - 70]! ^ 1; // inside the ciphertext
      analyst.transport.getArray<Uint8Array>(docListName('workspace')).push([bad]);
      expect(orgs(analyst.workspace.document('workspace'))).toEqual({});
      expect(analyst.reports.map((r) => r.code)).toEqual(['bad-signature']);
    });

    it('a replayed envelope', () => {
      const { admin, analyst, bytes } = sentEnvelope();
      exchange(admin.transport, analyst.transport);
      const doc = analyst.workspace.document('workspace');
      doc.getMap('orgs').delete('o1');
      analyst.clock.tick();
      analyst.transport.getArray<Uint8Array>(docListName('workspace')).push([bytes.slice()]);
      expect(orgs(doc)).toEqual({});
      expect(analyst.reports.map((r) => r.code)).toEqual(['replayed']);
    });

    it('an envelope moved to another document', () => {
      const { analyst, bytes } = sentEnvelope();
      analyst.transport.getArray<Uint8Array>(docListName('note-1')).push([bytes.slice()]);
      expect(analyst.workspace.document('note-1').getMap('orgs').toJSON()).toEqual({});
      expect(analyst.reports.map((r) => r.code)).toEqual(['wrong-document']);
    });

    it('an envelope moved to another workspace', () => {
      const { bytes } = sentEnvelope();
      const other = table();
      other.analyst.transport.getArray<Uint8Array>(docListName('workspace')).push([bytes.slice()]);
      expect(orgs(other.analyst.workspace.document('workspace'))).toEqual({});
      expect(other.analyst.reports.map((r) => r.code)).toEqual(['wrong-workspace']);
    });

    it('an envelope signed by a non-member, even with a stolen epoch key', () => {
      const { workspaceId, admin, analyst } = table();
      const outsider = generateIdentity();
      // The worst case: the outsider somehow holds the real epoch key.
      const key = admin.workspace.keys.sealing(0)!;
      const update = new Y.Doc();
      update.getMap('orgs').set('o9', 'planted');
      const forged = sealUpdateAs(outsider, key, { workspaceId }, [Y.encodeStateAsUpdate(update)]);
      analyst.transport.getArray<Uint8Array>(docListName('workspace')).push([forged]);
      expect(orgs(analyst.workspace.document('workspace'))).toEqual({});
      expect(analyst.reports.map((r) => r.code)).toEqual(['unknown-author']);
    });

    it('garbage in a list and in the key log', () => {
      const { analyst } = table();
      analyst.transport.getArray<unknown>(docListName('workspace')).push([new Uint8Array([1, 2, 3]), 'text', 42]);
      analyst.transport.getArray<unknown>(KEY_LIST).push([new Uint8Array([9, 9]), { evil: true }]);
      analyst.workspace.document('workspace').getMap('orgs').set('o1', 'still works');
      analyst.clock.tick();
      expect(analyst.reports.map((r) => r.code)).toEqual(['malformed', 'malformed', 'malformed']);
      expect(analyst.workspace.currentEpoch()).toBe(0);
      expect(parseEnvelope(analyst.transport.getArray<Uint8Array>(docListName('workspace')).get(3)).header.seq).toBe(1);
    });
  });

  it('reports a withheld update as a gap', () => {
    const { admin, analyst } = table();
    const doc = admin.workspace.document('workspace');
    for (const name of ['a', 'b', 'c']) {
      doc.getMap('orgs').set(name, name);
      admin.clock.tick();
    }
    const list = admin.transport.getArray<Uint8Array>(docListName('workspace'));
    // A relay that withholds the middle update: the analyst receives 1 and 3 only.
    analyst.transport.getArray<Uint8Array>(docListName('workspace')).push([list.get(0).slice(), list.get(2).slice()]);
    analyst.workspace.document('workspace');
    expect(analyst.workspace.gaps()).toMatchObject([{ code: 'gap', message: expect.stringMatching(/updates 2 /) }]);
  });

  it('compacts into one snapshot that a newcomer can read', () => {
    const { admin, analyst } = table();
    const doc = admin.workspace.document('workspace');
    for (let i = 0; i < 100; i++) {
      doc.getMap('orgs').set(`o${i}`, `Org ${i}`);
      admin.clock.tick();
    }
    expect(admin.workspace.compact(10)).toBe(100);
    expect(admin.transport.getArray(docListName('workspace')).length).toBe(1);
    exchange(admin.transport, analyst.transport);
    expect(Object.keys(orgs(analyst.workspace.document('workspace')))).toHaveLength(100);
    expect(analyst.workspace.gaps()).toEqual([]);
    expect(analyst.reports).toEqual([]);
  });
});

describe('roster', () => {
  it('lets an admin who joined by invite invite others, whatever order the entries arrive in', () => {
    const creator = generateIdentity();
    const t = new Y.Doc();
    const workspaceId = createWorkspaceTransport(t, creator, Date.now());
    const seedAdmin = addInvite(t, workspaceId, creator, 'admin', Date.now() + 60_000, Date.now());
    const secondAdmin = generateIdentity();
    completeJoin(t, workspaceId, seedAdmin, secondAdmin, Date.now());
    maintainKeys(t, workspaceId, creator); // the creator's client confirms the join: admin powers from then on
    const seedLead = addInvite(t, workspaceId, secondAdmin, 'lead', Date.now() + 60_000, Date.now());
    const lead = generateIdentity();
    completeJoin(t, workspaceId, seedLead, lead, Date.now());
    const entries = t.getArray<Uint8Array>('roster').toArray();
    const roles = (list: Uint8Array[]) =>
      [...computeRoster(workspaceId, list).members.values()].map((m) => `${m.memberId}:${m.role}`).sort();
    expect(roles(entries)).toContain(`${memberIdOf(lead)}:lead`);
    expect(roles([...entries].reverse())).toEqual(roles(entries));
  });
});

describe('an observer', () => {
  it('has its edits refused by its own client and, if sent anyway, by everyone else', () => {
    const { workspaceId, admin, member: observer } = tableOfTwo('observer');
    const [t1, t2, observerId] = [admin.transport, observer.transport, observer.identity];

    observer.workspace.document('workspace').getMap('orgs').set('o1', 'observer edit');
    observer.clock.tick();
    expect(observer.reports.map((r) => r.code)).toEqual(['read-only']);
    expect(t2.getArray(docListName('workspace')).length).toBe(0);

    // A modified client sends it anyway, correctly signed and encrypted: everyone refuses it.
    const key = observer.workspace.keys.sealing(0)!;
    const update = new Y.Doc();
    update.getMap('orgs').set('o2', 'sneaked in');
    const bytes = sealUpdateAs(observerId, key, { workspaceId, replica: 7 }, [Y.encodeStateAsUpdate(update)]);
    t2.getArray<Uint8Array>(docListName('workspace')).push([bytes]);
    exchange(t1, t2);
    expect(orgs(admin.workspace.document('workspace'))).toEqual({});
    expect(admin.reports.map((r) => r.code)).toEqual(['read-only-author']);
  });
});

describe('automatic compaction', () => {
  it('compacts a list past its threshold by itself, and the other side still reads everything', () => {
    const { admin, member } = tableOfTwo();
    const doc = admin.workspace.document('workspace');
    for (let i = 0; i < 600; i++) {
      doc.getMap('orgs').set(`o${i}`, i);
      admin.clock.tick(); // seals the edit; past 512 envelopes a compaction is scheduled too
    }
    // Compacted once, just past 512: one snapshot plus the ~86 envelopes sealed since.
    expect(admin.transport.getArray(docListName('workspace')).length).toBeLessThan(100);
    exchange(admin.transport, member.transport);
    expect(Object.keys(orgs(member.workspace.document('workspace')))).toHaveLength(600);
    expect([...member.reports, ...member.workspace.gaps()]).toEqual([]);
  });
});

describe('roster under clock skew', () => {
  it('counts an invite by an admin whose clock is behind the moment it became admin', () => {
    const creator = generateIdentity();
    const t = new Y.Doc();
    const now = Date.now();
    const workspaceId = createWorkspaceTransport(t, creator, now);
    const seedAdmin = addInvite(t, workspaceId, creator, 'admin', now + 60_000, now);
    const second = generateIdentity();
    completeJoin(t, workspaceId, seedAdmin, second, now);
    maintainKeys(t, workspaceId, creator, now);
    // The second admin's laptop runs ten minutes slow.
    const seedLead = addInvite(t, workspaceId, second, 'lead', now + 60_000, now - 600_000);
    const lead = generateIdentity();
    completeJoin(t, workspaceId, seedLead, lead, now - 599_000);
    expect(
      computeRoster(workspaceId, t.getArray<Uint8Array>('roster').toArray()).members.get(memberIdOf(lead))?.role,
    ).toBe('lead');
  });
});

describe('provenance', () => {
  it('binds each edit to the member whose signed envelope carried it, also across compaction', () => {
    const { admin, analyst } = table();
    const doc = analyst.workspace.document('workspace');
    doc.getMap('orgs').set('o1', 'Org Falcon');
    analyst.clock.tick();
    exchange(admin.transport, analyst.transport);
    const adminDoc = admin.workspace.document('workspace');
    expect(admin.workspace.authorOf('workspace', doc.clientID)).toBe(analyst.workspace.me);
    expect(admin.workspace.authorOf('workspace', adminDoc.clientID)).toBe(admin.workspace.me);

    // After the admin compacts, a newcomer reading only the snapshot still knows who wrote what.
    admin.workspace.compact(0);
    const late = new Y.Doc();
    exchange(admin.transport, late);
    const newcomer = testClient(admin.workspace.workspaceId, late, admin.identity);
    newcomer.workspace.document('workspace');
    expect(newcomer.workspace.authorOf('workspace', doc.clientID)).toBe(analyst.workspace.me);
  });

  it("refuses an envelope that carries edits under another member's client id", () => {
    const { workspaceId, admin, analyst } = table();
    const adminDoc = admin.workspace.document('workspace');
    adminDoc.getMap('orgs').set('o1', 'by the admin');
    admin.clock.tick();
    exchange(admin.transport, analyst.transport);
    analyst.workspace.document('workspace');
    // A modified client makes an edit that claims the admin's Yjs client id, to put words in its mouth.
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(adminDoc));
    forger.clientID = adminDoc.clientID;
    let update: Uint8Array | null = null;
    forger.on('update', (u: Uint8Array) => (update = u));
    forger.getMap('orgs').set('o1', 'put in the admin’s mouth');
    const bytes = sealUpdateAs(analyst.identity, analyst.workspace.keys.sealing(0)!, { workspaceId, replica: 5 }, [
      update!,
    ]);
    admin.transport.getArray<Uint8Array>(docListName('workspace')).push([bytes]);
    expect(orgs(adminDoc)).toEqual({ o1: 'by the admin' });
    expect(admin.reports.map((r) => r.code)).toEqual(['bad-update']);
  });
});
