import { describe, expect, it } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { viewAsOptions } from './viewAsOptions';

await initCrypto();

describe('"View as …" (ADR 0012 §8)', () => {
  it('as a partner: exactly its compartments; as a compartment: those holding all its members', () => {
    const w = roomsWorld();
    const analyst = w.join('analyst');
    const sheriff = w.join('partner');
    const police = w.join('partner');
    const so = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
    const pd = w.createCompartment(w.admin, 'releasable', [police.workspace.me]).id;
    const both = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me, police.workspace.me]).id;
    const secret = w.createCompartment(w.admin, 'restricted', [w.admin.workspace.me]).id;
    w.sync();
    const core = coreCompartmentId(w.workspaceId);
    const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
    const options = viewAsOptions(admin.roster, admin.compartments(), w.admin.workspace.me, (m) => m.slice(0, 4));
    const ids = (key: string) => options.find((o) => o.key === key)?.compartmentIds;
    const sorted = (...c: string[]) => c.sort();

    expect(ids(`member:${sheriff.workspace.me}`)).toEqual(sorted(so, both));
    expect(ids(`member:${police.workspace.me}`)).toEqual(sorted(pd, both));
    // The analyst is in the core and every releasable compartment, not in the admin's restricted one.
    expect(ids(`member:${analyst.workspace.me}`)).toEqual(sorted(core, so, pd, both));
    expect(ids(`member:${w.admin.workspace.me}`)).toBeUndefined();
    // Everyone in the sheriff's compartment is in `both` too, not in the police's; everyone in `both`
    // only there; everyone in the core in every releasable one; the restricted one (the admin alone)
    // in all the admin holds.
    expect(ids(`compartment:${so}`)).toEqual(sorted(so, both));
    expect(ids(`compartment:${both}`)).toEqual(sorted(both));
    expect(ids(`compartment:${core}`)).toEqual(sorted(core, so, pd, both));
    expect(ids(`compartment:${secret}`)).toEqual(sorted(core, so, pd, both, secret));
  });
});
