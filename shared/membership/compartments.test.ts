import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';

import { generateSymmetricKey, initCrypto, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import { encodeSignedEntry, entryIdOf } from '../protocol';
import { ROSTER_LIST } from '../protocol/transportLayout';
import { hostileOf, hubWorkspace } from '../testkit/hubWorkspace';
import type { TestClient } from '../testkit/workspaces';
import {
  compartmentMembers,
  coreCompartmentId,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentLabelEntry,
  createCompartmentRemoveEntry,
  openLabel,
  scopeOf,
  sealLabel,
} from './compartments';
import { computeRoster } from './computeRoster';
import { WORKSPACE_SCOPE } from './keyLog';
import { changeRole, removeMember } from './membership';
import type { CompartmentKind, Roster } from './roster';

await initCrypto();

const HOUR = 3_600_000;

/** An admin, a second admin, an analyst, an observer and two partners, all confirmed. */
function team() {
  const w = hubWorkspace();
  const second = w.join(w.invite('admin'));
  const analyst = w.join(w.invite('analyst'));
  const observer = w.join(w.invite('observer'));
  const partner = w.join(w.invite('partner'));
  const sheriff = w.join(w.invite('partner'));
  w.sync();
  const id = (c: TestClient) => c.workspace.me;
  /** Appends what `make` signs, naming the heads `c` holds, to `c`'s transport; returns the entry's id. */
  const write = (c: TestClient, make: (prev: string[]) => Uint8Array) => {
    const entry = make(w.rosterOf(c).heads);
    c.transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    return entryIdOf(entry);
  };
  const label = (title: string) => sealLabel(w.workspaceId, generateSymmetricKey(), 0, { title, marking: 'TLP:AMBER' });
  const create = (c: TestClient, kind: CompartmentKind, members: string[], at = Date.now()) =>
    write(c, (prev) => createCompartmentEntry(w.workspaceId, c.identity, kind, members, label('x'), at, prev));
  const add = (c: TestClient, compartment: string, member: string) =>
    write(c, (prev) => createCompartmentAddEntry(w.workspaceId, c.identity, compartment, member, Date.now(), prev));
  const remove = (c: TestClient, compartment: string, member: string, epoch = 1) =>
    write(c, (prev) =>
      createCompartmentRemoveEntry(w.workspaceId, c.identity, compartment, member, epoch, Date.now(), { prev }),
    );
  const members = (r: Roster, compartment: string) => [...compartmentMembers(r, compartment)].sort();
  return { w, second, analyst, observer, partner, sheriff, id, write, label, create, add, remove, members };
}

describe('compartment entries count only from a confirmed admin', () => {
  it("ignores an analyst's, a partner's and a demoted admin's compartment entries, and counts the same from an admin", () => {
    const t = team();
    const { w, analyst, partner, second, id } = t;
    const releasable = t.create(w.admin, 'releasable', [id(partner)]);
    w.sync();
    // Non-admins write, through a hostile client that writes any bytes it can sign.
    const byAnalyst = createCompartmentEntry(w.workspaceId, analyst.identity, 'restricted', [], t.label('x'), 1, []);
    const heads = w.rosterOf(partner).heads;
    hostileOf(w.workspaceId, analyst).append(ROSTER_LIST, [byAnalyst]);
    hostileOf(w.workspaceId, partner).append(ROSTER_LIST, [
      createCompartmentAddEntry(w.workspaceId, partner.identity, releasable, id(t.sheriff), Date.now(), heads),
      createCompartmentRemoveEntry(w.workspaceId, partner.identity, releasable, id(partner), 9, Date.now(), {
        prev: heads,
      }),
    ]);
    // An entry naming the admin as `by` but signed by the analyst.
    const forged = encodeSignedEntry(
      SignatureDomain.roster,
      {
        t: 'compartment-add',
        ws: w.workspaceId,
        compartment: releasable,
        member: id(t.sheriff),
        by: id(w.admin),
        at: Date.now(),
        prev: heads,
      },
      [analyst.identity.signSecretKey],
    );
    hostileOf(w.workspaceId, analyst).append(ROSTER_LIST, [forged]);
    // The second admin is demoted; what it signs afterwards (having seen its demotion) counts for nothing.
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(second), 'analyst', Date.now());
    w.sync();
    const late = t.create(second, 'releasable', [id(t.sheriff)]);
    t.add(second, releasable, id(t.sheriff));
    w.sync();
    for (const c of [w.admin, analyst, partner]) {
      const r = w.rosterOf(c);
      expect(r.compartments.has(entryIdOf(byAnalyst))).toBe(false);
      expect(r.compartments.has(late)).toBe(false);
      expect(t.members(r, releasable)).toContain(id(partner));
      expect(t.members(r, releasable)).not.toContain(id(t.sheriff));
      expect(r.compartments.get(releasable)?.epoch).toBe(0);
    }
    // The control: the same add, signed by a confirmed admin, counts.
    t.add(w.admin, releasable, id(t.sheriff));
    w.sync();
    expect(t.members(w.rosterOf(analyst), releasable)).toContain(id(t.sheriff));
  });

  it('refuses a compartment entry with an unknown field or a malformed one, even from an admin', () => {
    const { w, id, partner, sheriff, write, label } = team();
    const entry = (extra: Record<string, unknown>) => (prev: string[]) =>
      encodeSignedEntry(
        SignatureDomain.roster,
        {
          t: 'compartment',
          ws: w.workspaceId,
          kind: 'releasable',
          members: [id(partner)],
          label: label('x'),
          by: id(w.admin),
          at: Date.now(),
          prev,
          ...extra,
        },
        [w.admin.identity.signSecretKey],
      );
    const good = write(w.admin, entry({}));
    const unknown = write(w.admin, entry({ note: 'x' }));
    const badKind = write(w.admin, entry({ kind: 'secret' }));
    const laterEpoch = write(w.admin, entry({ label: { ...label('x'), epoch: 1 } }));
    const noPrev = write(w.admin, (prev) => {
      void prev;
      return encodeSignedEntry(
        SignatureDomain.roster,
        {
          t: 'compartment',
          ws: w.workspaceId,
          kind: 'releasable',
          members: [],
          label: label('x'),
          by: id(w.admin),
          at: 1,
        },
        [w.admin.identity.signSecretKey],
      );
    });
    let r = w.rosterOf(w.admin);
    expect(r.compartments.has(good)).toBe(true);
    for (const bad of [unknown, badKind, laterEpoch, noPrev]) expect(r.compartments.has(bad)).toBe(false);
    // An add with a field nobody defined does not count either; the same add without it does.
    const add = (extra: Record<string, unknown>) => (prev: string[]) =>
      encodeSignedEntry(
        SignatureDomain.roster,
        {
          t: 'compartment-add',
          ws: w.workspaceId,
          compartment: good,
          member: id(sheriff),
          by: id(w.admin),
          at: Date.now(),
          prev,
          ...extra,
        },
        [w.admin.identity.signSecretKey],
      );
    write(w.admin, add({ role: 'admin' }));
    expect(compartmentMembers(w.rosterOf(w.admin), good).has(id(sheriff))).toBe(false);
    write(w.admin, add({}));
    r = w.rosterOf(w.admin);
    expect(compartmentMembers(r, good).has(id(sheriff))).toBe(true);
  });
});

describe('a partner is never in a restricted compartment', () => {
  it('neither listed at creation, nor added, nor kept when made partner, nor restored when made analyst again', () => {
    const t = team();
    const { w, analyst, observer, partner, id } = t;
    const restricted = t.create(w.admin, 'restricted', [id(analyst), id(partner)]);
    t.add(w.admin, restricted, id(t.sheriff));
    w.sync();
    let r = w.rosterOf(analyst);
    expect(t.members(r, restricted)).toEqual([id(w.admin), id(analyst)].sort());
    expect([...r.compartments.get(restricted)!.listed].sort()).toEqual([id(w.admin), id(analyst)].sort());

    t.add(w.admin, restricted, id(observer));
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(analyst), 'partner', Date.now());
    w.sync();
    r = w.rosterOf(observer);
    expect(t.members(r, restricted)).toEqual([id(w.admin), id(observer)].sort());
    expect(r.compartments.get(restricted)!.listed.has(id(analyst))).toBe(false);

    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(analyst), 'analyst', Date.now());
    w.sync();
    expect(t.members(w.rosterOf(observer), restricted)).not.toContain(id(analyst));
    for (const c of w.clients) {
      const roster = w.rosterOf(c);
      for (const [cid, comp] of roster.compartments) {
        if (comp.kind !== 'restricted') continue;
        for (const m of compartmentMembers(roster, cid)) expect(roster.members.get(m)?.role).not.toBe('partner');
      }
    }
  });

  it('a releasable compartment: the core and its listed partners; a partner made analyst and back is out of the list', () => {
    const t = team();
    const { w, analyst, partner, sheriff, id } = t;
    const releasable = t.create(w.admin, 'releasable', [id(partner), id(analyst)]);
    w.sync();
    const core = coreCompartmentId(w.workspaceId);
    let r = w.rosterOf(analyst);
    expect(t.members(r, releasable)).toEqual([...t.members(r, core), id(partner)].sort());
    expect(r.compartments.get(releasable)!.listed.has(id(analyst))).toBe(false);
    expect(t.members(r, releasable)).not.toContain(id(sheriff));

    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(partner), 'analyst', Date.now());
    w.sync();
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(partner), 'partner', Date.now());
    w.sync();
    r = w.rosterOf(analyst);
    expect(t.members(r, releasable)).not.toContain(id(partner));
  });

  it('leaves a listed partner out of a restricted compartment whatever its list holds', () => {
    const t = team();
    const { w, analyst, partner, id } = t;
    const restricted = t.create(w.admin, 'restricted', [id(analyst)]);
    const r = w.rosterOf(w.admin);
    // Lists never hold a partner after an honest replay; the membership rule does not rely on it.
    r.compartments.get(restricted)!.listed.add(id(partner));
    expect(t.members(r, restricted)).toEqual([id(w.admin), id(analyst)].sort());
  });

  it('a workspace removal takes the member out of every list, and a new join starts with none', () => {
    const t = team();
    const { w, analyst, partner, id } = t;
    const releasable = t.create(w.admin, 'releasable', [id(partner)]);
    const restricted = t.create(w.admin, 'restricted', [id(analyst)]);
    w.sync();
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, id(partner), Date.now());
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, id(analyst), Date.now());
    w.sync();
    const r = w.rosterOf(w.admin);
    expect(r.compartments.get(releasable)!.listed.size).toBe(0);
    expect([...r.compartments.get(restricted)!.listed]).toEqual([id(w.admin)]);
  });
});

describe("a removed admin's concurrent compartment entries count for nothing", () => {
  it('voids what it signed concurrently with its removal, and keeps what its remover had seen', () => {
    const t = team();
    const { w, second, analyst, partner, sheriff, id } = t;
    const seen = t.create(second, 'releasable', [id(partner)]);
    w.sync();
    const stale = w.rosterOf(second).heads;
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, id(second), Date.now());
    w.sync(w.admin, analyst);
    // Backdated, naming only what it held before its removal.
    const voided = createCompartmentEntry(
      w.workspaceId,
      second.identity,
      'restricted',
      [id(analyst)],
      t.label('x'),
      w.now - HOUR,
      stale,
    );
    hostileOf(w.workspaceId, second).append(ROSTER_LIST, [
      voided,
      createCompartmentAddEntry(w.workspaceId, second.identity, seen, id(sheriff), w.now - HOUR, stale),
      createCompartmentRemoveEntry(w.workspaceId, second.identity, seen, id(partner), 3, w.now - HOUR, {
        prev: stale,
      }),
    ]);
    w.sync();
    for (const c of [w.admin, analyst, partner]) {
      const r = w.rosterOf(c);
      expect(r.compartments.has(entryIdOf(voided))).toBe(false);
      expect(r.compartments.has(seen)).toBe(true);
      expect(t.members(r, seen)).toContain(id(partner));
      expect(t.members(r, seen)).not.toContain(id(sheriff));
      // The removal of `second` rotated `seen` (it was in it as core, ADR 0012 §3); the voided epoch 3 counts for nothing.
      expect(r.compartments.get(seen)!.epoch).toBe(1);
    }
  });
});

describe('the same compartments from the same entries, in any order', () => {
  it('every shuffle of the roster list gives the same compartments and members', () => {
    const seed = Number(process.env['SEED'] ?? Date.now() % 2 ** 31);
    console.log(`compartment order property: SEED=${seed}`);
    const t = team();
    const { w, second, analyst, observer, partner, sheriff, id } = t;
    const rel = t.create(w.admin, 'releasable', [id(partner)]);
    const res = t.create(second, 'restricted', [id(analyst)]);
    w.sync();
    // Concurrent: one admin adds the sheriff and removes the partner, the other the reverse.
    t.add(w.admin, rel, id(sheriff));
    t.remove(second, rel, id(partner), 1);
    t.remove(w.admin, rel, id(partner), 1);
    t.add(second, rel, id(partner));
    t.add(second, res, id(observer));
    t.remove(w.admin, res, id(analyst), 2);
    t.write(second, (prev) =>
      createCompartmentLabelEntry(w.workspaceId, second.identity, rel, t.label('Webb County SO'), Date.now(), prev),
    );
    t.write(w.admin, (prev) =>
      createCompartmentLabelEntry(w.workspaceId, w.admin.identity, rel, t.label('Laredo PD'), Date.now(), prev),
    );
    w.sync();
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(observer), 'partner', Date.now());
    w.sync();
    const entries = w.admin.transport.getArray<Uint8Array>(ROSTER_LIST).toArray();
    const at = Date.now();
    const summary = (r: Roster) =>
      JSON.stringify(
        [...r.compartments.values()]
          .map((c) => ({ ...c, members: t.members(r, c.compartmentId), listed: [...c.listed].sort() }))
          .sort((a, b) => (a.compartmentId < b.compartmentId ? -1 : 1)),
        (_, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v),
      );
    const expected = summary(computeRoster(w.workspaceId, entries, at));
    expect(JSON.parse(expected)).toHaveLength(3);
    const gen = prng.create(seed);
    for (let i = 0; i < 20; i++) {
      const shuffled = [...entries];
      for (let j = shuffled.length - 1; j > 0; j--) {
        const k = prng.uint32(gen, 0, j);
        [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
      }
      expect(summary(computeRoster(w.workspaceId, shuffled, at)), `SEED=${seed}, shuffle ${i}`).toBe(expected);
    }
  });
});

describe("a label opens only under its compartment's key", () => {
  it('opens under the key it names, in its workspace, and under nothing else', () => {
    const t = team();
    const { w } = t;
    const mine = generateSymmetricKey();
    const other = generateSymmetricKey();
    const label = { title: 'Webb County SO', marking: 'TLP:AMBER — REL TO Webb County SO' };
    const sealed = sealLabel(w.workspaceId, mine, 0, label);
    expect(openLabel(w.workspaceId, sealed, mine)).toEqual(label);
    expect(openLabel(w.workspaceId, sealed, other)).toBeNull();
    expect(openLabel(coreCompartmentId(w.workspaceId), sealed, mine)).toBeNull();
    // Claiming the other key's id does not help: the ciphertext was sealed under `mine`.
    expect(openLabel(w.workspaceId, { ...sealed, kid: sealLabel(w.workspaceId, other, 0, label).kid }, other)).toBe(
      null,
    );
    const flipped = sealed.sealed.slice(0, -2) + (sealed.sealed.endsWith('AA') ? 'BA' : 'AA');
    expect(openLabel(w.workspaceId, { ...sealed, sealed: flipped }, mine)).toBeNull();
    // A label entry's sealed bytes are what the roster keeps; its clear fields carry neither title nor marking.
    const rel = t.write(w.admin, (prev) =>
      createCompartmentEntry(w.workspaceId, w.admin.identity, 'releasable', [], sealed, Date.now(), prev),
    );
    const kept = w.rosterOf(w.admin).compartments.get(rel)!.label!;
    expect(openLabel(w.workspaceId, kept, mine)).toEqual(label);
    expect(JSON.stringify(kept)).not.toContain('Webb');
  });

  it('refuses a title or marking that is empty, longer than 80 characters or holds a control character', () => {
    const key = generateSymmetricKey();
    const ws = 'w';
    expect(() => sealLabel(ws, key, 0, { title: '', marking: 'TLP:RED' })).toThrow();
    expect(() => sealLabel(ws, key, 0, { title: 'x'.repeat(81), marking: 'TLP:RED' })).toThrow();
    expect(() => sealLabel(ws, key, 0, { title: 'a\u202eb', marking: 'TLP:RED' })).toThrow();
    expect(() => sealLabel(ws, key, 0, { title: 'x'.repeat(80), marking: 'TLP:RED' })).not.toThrow();
  });
});

describe('core membership follows roles', () => {
  it('is every member but partners, changes with roles and removals, and refuses adds and removes', () => {
    const t = team();
    const { w, second, analyst, observer, partner, sheriff, id } = t;
    const core = coreCompartmentId(w.workspaceId);
    expect(scopeOf(w.workspaceId, core)).toBe(WORKSPACE_SCOPE);
    expect(scopeOf(w.workspaceId, 'x'.repeat(22))).toBe('x'.repeat(22));
    expect(coreCompartmentId(w.workspaceId)).not.toBe(coreCompartmentId(hubWorkspace().workspaceId));
    let r = w.rosterOf(analyst);
    expect(t.members(r, core)).toEqual([w.admin, second, analyst, observer].map(id).sort());
    expect(r.compartments.get(core)?.kind).toBe('core');

    t.add(w.admin, core, id(partner));
    t.add(w.admin, core, id(analyst));
    t.remove(w.admin, core, id(analyst));
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(sheriff), 'lead', Date.now());
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(observer), 'partner', Date.now());
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, id(second), Date.now());
    w.sync();
    r = w.rosterOf(analyst);
    expect(t.members(r, core)).toEqual([w.admin, analyst, sheriff].map(id).sort());
    expect(r.compartments.get(core)!.epoch).toBe(r.epoch);
    expect(r.compartments.get(core)!.listed.size).toBe(0);
  });

  it("labels the core with an admin's entry, and only an admin's", () => {
    const t = team();
    const { w, analyst } = t;
    const core = coreCompartmentId(w.workspaceId);
    expect(w.rosterOf(w.admin).compartments.get(core)!.label).toBeNull();
    const byAdmin = t.label('Task force');
    t.write(w.admin, (prev) =>
      createCompartmentLabelEntry(w.workspaceId, w.admin.identity, core, byAdmin, Date.now(), prev),
    );
    w.sync();
    hostileOf(w.workspaceId, analyst).append(ROSTER_LIST, [
      labelBy(w.workspaceId, analyst.identity, core, t.label('Owned'), w.rosterOf(analyst).heads),
    ]);
    w.sync();
    expect(w.rosterOf(w.admin).compartments.get(core)!.label).toEqual(byAdmin);
  });
});

const labelBy = (ws: string, who: Identity, c: string, label: ReturnType<typeof sealLabel>, prev: string[]) =>
  createCompartmentLabelEntry(ws, who, c, label, Date.now() + 1, prev);
