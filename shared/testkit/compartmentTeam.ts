import * as Y from 'yjs';

import { generateSymmetricKey } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentsOf, coreCompartmentId, createCompartmentEntry, sealLabel } from '../membership';
import type { CompartmentKind, Roster } from '../membership';
import { entryIdOf, ROSTER_LIST } from '../protocol';
import { hubWorkspace } from './hubWorkspace';
import type { TestClient } from './workspaces';

/**
 * A team for releasability tests (ADR 0012 §6): an admin, an analyst and two partners, with the core,
 * two releasable compartments (one per partner) and two restricted ones (`r1`: the admin and the
 * analyst; `r2`: the admin alone). Rooms are plain `workspace` documents, one per compartment a member is in.
 */
export function compartmentTeam() {
  const w = hubWorkspace();
  const analyst = w.join(w.invite('analyst'));
  const partner1 = w.join(w.invite('partner'));
  const partner2 = w.join(w.invite('partner'));
  w.sync();
  const id = (c: TestClient) => c.workspace.me;
  const create = (kind: CompartmentKind, members: string[]) => {
    const label = sealLabel(w.workspaceId, generateSymmetricKey(), 0, { title: 'x', marking: 'TLP:AMBER' });
    const prev = w.rosterOf(w.admin).heads;
    const entry = createCompartmentEntry(w.workspaceId, w.admin.identity, kind, members, label, Date.now(), prev);
    w.admin.transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    return entryIdOf(entry);
  };
  const rel1 = create('releasable', [id(partner1)]);
  const rel2 = create('releasable', [id(partner2)]);
  const r1 = create('restricted', [id(analyst)]);
  const r2 = create('restricted', []);
  w.sync();
  const roster: Roster = w.rosterOf(w.admin);
  const core = coreCompartmentId(w.workspaceId);
  const people = { admin: w.admin, analyst, partner1, partner2 };
  /** A fresh room document per compartment `who` is in (client ids fixed, for replay). */
  const roomsOf = (who: TestClient, clientId: number): Map<string, Y.Doc> =>
    new Map(
      compartmentsOf(roster, id(who))
        .sort()
        .map((c, i) => {
          const doc = new Y.Doc();
          doc.clientID = clientId * 16 + i;
          return [c, doc];
        }),
    );
  const identity = (who: TestClient): Identity => who.identity;
  return { w, roster, core, rel1, rel2, r1, r2, people, id, identity, roomsOf };
}
