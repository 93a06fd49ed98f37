import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { addOrganization, ORGS } from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { moveFacts, provenanceOfFact, signAdded } from './index';

await initCrypto();

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

describe('provenance records', () => {
  it("a member's backdated `added` record on a fact another created is not shown as its creation", () => {
    const rooms = t.roomsOf(t.people.admin, 41);
    const core = rooms.get(t.core)!;
    const org = addOrganization(core, { name: 'Org Falcon' });
    signAdded(core, t.roster.workspaceId, t.identity(t.people.admin), { factId: org, map: ORGS, org: '' }, 5_000);
    moveFacts(rooms, t.roster, t.identity(t.people.admin), [org], t.rel1);
    const rel = rooms.get(t.rel1)!;
    expect(provenanceOfFact(rel, t.roster, org).added?.by).toBe(t.id(t.people.admin));
    // A hostile partner in the room signs its own claim to have created it, dated before the real one.
    signAdded(rel, t.roster.workspaceId, t.identity(t.people.partner1), { factId: org, map: ORGS, org: '' }, 1);
    const contested: string[] = [];
    const proof = provenanceOfFact(rel, t.roster, org, (id) => contested.push(id));
    // Two signers claim one fact: neither is shown as its creator, and both records are reported.
    expect(proof.added).toBeNull();
    expect(contested).toHaveLength(2);
    // The honest mover's record still names the genuine one.
    expect(proof.moves[0]!.added).not.toMatch(/^claim:/);
  });
});
