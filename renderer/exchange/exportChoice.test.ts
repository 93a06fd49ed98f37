import { describe, expect, it } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { compartmentsFor, exportOptions, recipientCandidates } from './exportChoice';

await initCrypto();

/** An admin, an analyst, and a partner (a sheriff's office) listed in a releasable compartment. */
function table() {
  const w = roomsWorld();
  const analyst = w.join('analyst');
  const partner = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [partner.workspace.me]).id;
  w.sync();
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const core = coreCompartmentId(w.workspaceId);
  return {
    w,
    admin,
    held: admin.compartments(),
    analyst: analyst.workspace.me,
    partner: partner.workspace.me,
    core,
    released,
  };
}

describe('choosing what a bundle carries and for whom', () => {
  it('offers every other current member of my compartments, once each, never me', () => {
    const { w, held, analyst, partner } = table();
    expect(recipientCandidates(held, w.admin.workspace.me).sort()).toEqual([analyst, partner].sort());
  });

  it('carries, for recipients, only the compartments every one of them is in', () => {
    const { held, analyst, partner, core, released } = table();
    expect(compartmentsFor([analyst], held).sort()).toEqual([core, released].sort());
    // A partner is outside the core: a stick made for it (alone or with a colleague) leaves the core at home.
    expect(compartmentsFor([partner], held)).toEqual([released]);
    expect(compartmentsFor([analyst, partner], held)).toEqual([released]);
  });

  it('turns a choice into the API’s options, or one line saying what is missing', () => {
    const { held, analyst, partner, core, released } = table();
    expect(exportOptions({ by: 'compartments', compartments: [core] }, held)).toEqual({
      ok: true,
      options: { compartments: [core] },
    });
    expect(exportOptions({ by: 'recipients', recipients: [partner] }, held)).toEqual({
      ok: true,
      options: { compartments: [released], recipients: [partner] },
    });
    expect(exportOptions({ by: 'compartments', compartments: [] }, held)).toEqual({
      ok: false,
      error: 'Choose at least one compartment to carry.',
    });
    expect(exportOptions({ by: 'recipients', recipients: [] }, held)).toMatchObject({ ok: false });
    // Someone outside every compartment I hold (a removed member, a stranger): nothing could be carried to them.
    expect(exportOptions({ by: 'recipients', recipients: [analyst, 'not-a-member'] }, held)).toEqual({
      ok: false,
      error: 'These people share no compartment with you and with each other: choose fewer.',
    });
  });
});
