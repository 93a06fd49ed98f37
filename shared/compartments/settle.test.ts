import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { addOrganization, facts, ORGS } from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { signMoved } from './provenanceRecords';
import { moveFacts, settle, signAdded } from './index';

await initCrypto();

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('settle', () => {
  it('a copy written by a member outside the fact’s compartment never makes settling tombstone the genuine one', () => {
    // The hostile partner's compartment sorts first, so the lowest-id rule would keep its copy.
    const [low, high] = [t.rel1, t.rel2].sort() as [string, string];
    const hostile = low === t.rel1 ? t.people.partner1 : t.people.partner2;
    const admin = t.identity(t.people.admin);
    const rooms = t.roomsOf(t.people.admin, 51);
    const core = rooms.get(t.core)!;
    const org = addOrganization(core, { name: 'Org Falcon' });
    signAdded(core, t.roster.workspaceId, admin, { factId: org, map: ORGS, org: '' });
    moveFacts(rooms, t.roster, admin, [org], high);
    const placement = facts(rooms.get(high)!, ORGS).get(org)!.get('placement') as number;
    // The partner, who never held `high`, writes the fact into its own room at the same placement,
    // with a `moved` record of its own, as a concurrent move would leave it.
    const theirs = new Y.Doc();
    theirs.clientID = 5101;
    sync(rooms.get(low)!, theirs);
    theirs.transact(() => {
      const forged = new Y.Map<unknown>();
      facts(theirs, ORGS).set(org, forged);
      forged.set('name', 'Org Falcon (forged)');
      forged.set('placement', placement);
      signMoved(theirs, t.identity(hostile), {
        workspaceId: t.roster.workspaceId,
        factId: org,
        from: low,
        to: low,
        placement,
        added: 'claim:unknown',
        at: Date.now(),
      });
    });
    sync(rooms.get(low)!, theirs);
    settle(rooms, t.roster, admin);
    const genuine = facts(rooms.get(high)!, ORGS).get(org)!;
    expect(genuine.get('name')).toBe('Org Falcon');
    expect(genuine.has('tombstone')).toBe(false);
    // The settler could have taken it out of the partner's room itself: the forged copy goes.
    expect(facts(rooms.get(low)!, ORGS).get(org)!.has('tombstone')).toBe(true);
  });
});
