import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto, memberIdOf, SignatureDomain } from '../crypto';
import { WORKSPACE_DOC_ID } from '../protocol';
import { exchange, tableOfTwo } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import {
  guardSignedRecords,
  memberProfile,
  memberProfiles,
  PROFILES,
  profileRecordValid,
  putRecord,
  setProfile,
} from './index';

await initCrypto();

const docOf = (c: TestClient) => c.workspace.document(WORKSPACE_DOC_ID);
/** What one client wrote reaches the other, as over the relay. */
function send(from: TestClient, to: TestClient): void {
  from.workspace.flush();
  exchange(from.transport, to.transport);
  docOf(to);
}

function signedTable(role: 'analyst' | 'lead' | 'observer' = 'analyst') {
  const t = tableOfTwo(role);
  setProfile(docOf(t.admin), t.admin.workspace.roster, t.admin.identity, { name: 'Ana Admin', agency: 'HSI' });
  setProfile(docOf(t.member), t.member.workspace.roster, t.member.identity, { name: 'Mo Member', agency: 'DEA' });
  send(t.admin, t.member);
  send(t.member, t.admin);
  return { ...t, adminId: memberIdOf(t.admin.identity), memberId: memberIdOf(t.member.identity) };
}

describe('signed member profiles', () => {
  it('shows each member only as that member signed it, on the other member’s machine', () => {
    const { admin, member, adminId, memberId } = signedTable();
    expect(memberProfile(docOf(admin), admin.workspace.roster, memberId)).toEqual({ name: 'Mo Member', agency: 'DEA' });
    expect(memberProfile(docOf(member), member.workspace.roster, adminId)).toEqual({
      name: 'Ana Admin',
      agency: 'HSI',
    });
  });

  it('an analyst cannot show the admin as anyone: its own record for the admin, an edited copy and an edited field are ignored', () => {
    const { admin, member, adminId } = signedTable();
    const doc = docOf(member);
    const profiles = doc.getMap<unknown>(PROFILES);
    // Its own record naming the admin, a copy of the admin's record with another body, and the
    // admin's record edited in place: each is what a patched client can write.
    const forged = { v: 1, kind: 'profile', workspaceId: admin.workspace.roster.workspaceId, memberId: adminId };
    const body = JSON.stringify({ ...forged, seq: 99, at: Date.now(), name: 'Mallory', agency: 'FBI' });
    const mine = new Y.Map<string>();
    mine.set('body', body);
    mine.set('sig', 'AAAA');
    profiles.set('forged', mine);
    profiles.forEach((value) => {
      if (!(value instanceof Y.Map)) return;
      const text = value.get('body');
      if (typeof text === 'string' && text.includes('Ana Admin'))
        value.set('body', text.replace('Ana Admin', 'Mallory'));
    });
    const roster = admin.workspace.roster;
    guardSignedRecords(docOf(admin), [{ name: PROFILES, accepts: (r) => !!profileRecordValid(r, roster) }], (fn) =>
      admin.clock.schedule(fn),
    );
    send(member, admin);
    expect([...memberProfiles(docOf(admin), roster).values()].map((p) => p.name)).not.toContain('Mallory');
    // The admin's client puts its record back as signed; the analyst's copy gets it too.
    admin.clock.tick();
    expect(memberProfile(docOf(admin), roster, adminId)).toEqual({ name: 'Ana Admin', agency: 'HSI' });
    send(admin, member);
    expect(memberProfile(doc, member.workspace.roster, adminId)).toEqual({ name: 'Ana Admin', agency: 'HSI' });
  });

  it('a forgery that names the admin, signed by its writer, is not kept: deleted again, it stays gone; the admin’s own comes back', () => {
    const { admin, member, adminId } = signedTable();
    const roster = admin.workspace.roster;
    const restored: string[] = [];
    guardSignedRecords(
      docOf(admin),
      [{ name: PROFILES, accepts: (r) => !!profileRecordValid(r, roster) }],
      (fn) => admin.clock.schedule(fn),
      (_map, ids) => restored.push(...ids),
    );
    const body = { v: 1, kind: 'profile', workspaceId: roster.workspaceId, memberId: adminId, seq: 1e9, at: 0 };
    const forged = putRecord(
      docOf(member),
      PROFILES,
      SignatureDomain.profile,
      { ...body, name: 'Mallory', agency: 'X' },
      member.identity,
    );
    send(member, admin);
    admin.clock.tick();
    const profiles = docOf(member).getMap<unknown>(PROFILES);
    const own = [...profiles.keys()].filter((id) => id !== forged);
    docOf(member).transact(() => [forged, ...own].forEach((id) => profiles.delete(id)));
    send(member, admin);
    admin.clock.tick();
    // Authority comes from signatures: the admin's body names the admin but so does the forgery;
    // only the record the admin signed is owed a restore.
    expect(docOf(admin).getMap(PROFILES).has(forged)).toBe(false);
    expect(restored).not.toContain(forged);
    expect(memberProfile(docOf(admin), roster, adminId)).toEqual({ name: 'Ana Admin', agency: 'HSI' });
  });

  it('a plain string, a number or a bare map under the profiles is ignored, not thrown', () => {
    const { admin, member, adminId, memberId } = signedTable();
    const profiles = docOf(member).getMap<unknown>(PROFILES);
    docOf(member).transact(() => {
      profiles.set(adminId, 'just a string');
      profiles.set(memberId, 42);
      profiles.set('bare', new Y.Map());
    });
    send(member, admin);
    expect(() => memberProfiles(docOf(admin), admin.workspace.roster)).not.toThrow();
    expect(memberProfile(docOf(admin), admin.workspace.roster, memberId)).toEqual({ name: 'Mo Member', agency: 'DEA' });
  });

  it('the latest by the member’s own counter wins, whatever clock it claims; setting the same profile adds nothing', () => {
    const { admin, member, memberId } = signedTable();
    const roster = member.workspace.roster;
    expect(setProfile(docOf(member), roster, member.identity, { name: 'Mo Member', agency: 'DEA' })).toBeNull();
    setProfile(docOf(member), roster, member.identity, { name: 'Mo Renamed', agency: 'DEA' }, 1);
    send(member, admin);
    expect(memberProfile(docOf(admin), admin.workspace.roster, memberId)?.name).toBe('Mo Renamed');
  });

  it('refuses a name or agency that is empty, too long or holds control characters, in a sentence', () => {
    const { member } = signedTable();
    const set = (name: string, agency = 'DEA') =>
      setProfile(docOf(member), member.workspace.roster, member.identity, { name, agency });
    expect(() => set('   ')).toThrow('A name cannot be empty.');
    expect(() => set('x'.repeat(81))).toThrow('A name is longer than 80 characters.');
    expect(() => set('Mo\u202eRemmeM')).toThrow('A name has a control or formatting character.');
    expect(() => set('Mo', '')).toThrow('An agency cannot be empty.');
  });
});
