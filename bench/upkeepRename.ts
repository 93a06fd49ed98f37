/**
 * What a member's upkeep costs after a remote rename on a P3-sized workspace (issue 17), in Node:
 * a full settle (what every upkeep ran before SettleFilter) beside the upkeep that now runs. JSON out.
 *   npx tsx bench/upkeepRename.ts [organizations=2000] [runs=5]
 */
import * as Y from 'yjs';

import { settle } from '../shared/compartments';
import { initCrypto } from '../shared/crypto';
import { coreCompartmentId } from '../shared/membership';
import { addEntityFact, addLink, addOrganization, updateOrganization } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { bundleTable } from '../shared/testkit';
import type { TableMember } from '../shared/testkit';
import { median } from './stats';

await initCrypto();

/** Every pair exchanges its directory and the rooms both hold, as over one relay. */
function syncDirect(members: readonly TableMember[]): void {
  const exchange = (a: Y.Doc, b: Y.Doc) => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'network');
  };
  for (const a of members)
    for (const b of members) {
      if (a === b) continue;
      a.ow.workspace.flush();
      b.ow.workspace.flush();
      exchange(a.ow.transport, b.ow.transport);
      for (const [c, room] of a.ow.workspace.rooms()) {
        const other = b.ow.workspace.room(c);
        if (other) exchange(room.transport, other.transport);
      }
    }
}
const organizations = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);

const { admin, members } = await bundleTable(['analyst']);
const analyst = members[1]!;
const core = coreCompartmentId(admin.ow.workspaceId);
const doc = admin.ow.workspace.room(core)!.document(WORKSPACE_DOC_ID);
const orgs: string[] = [];
// About 25 facts an organization (P3's ~51,000 for 2,000): 12 entities, 12 links.
doc.transact(() => {
  for (let i = 0; i < organizations; i++) {
    const org = addOrganization(doc, { name: `Org ${i}` });
    orgs.push(org);
    const people = Array.from({ length: 12 }, (_, j) =>
      addEntityFact(doc, org, { kind: 'person', name: `Person ${i}-${j}`, detail: '' }),
    );
    for (let j = 0; j < 12; j++) addLink(doc, { from: people[j]!, to: people[(j + 1) % 12]!, label: 'knows' });
  }
});
syncDirect(members);
await analyst.platform.sleep(50);
analyst.ow.upkeep(); // the first pass after the content arrives runs in full

const rooms = new Map([[core, analyst.ow.workspace.room(core)!.document(WORKSPACE_DOC_ID)]]);
const full: number[] = [];
const filtered: number[] = [];
const passes = analyst.ow.settlePasses;
for (let r = 0; r < runs; r++) {
  updateOrganization(doc, orgs[r % orgs.length]!, { name: `Org renamed ${r}` });
  syncDirect(members);
  await analyst.platform.sleep(20);
  let t0 = performance.now();
  analyst.ow.upkeep();
  filtered.push(performance.now() - t0);
  t0 = performance.now();
  settle(rooms, analyst.ow.workspace.roster, analyst.identity);
  full.push(performance.now() - t0);
}
const facts = organizations * 25;
console.log(
  JSON.stringify({
    organizations,
    facts,
    runs,
    fullSettleMs: { median: median(full), all: full.map(Math.round) },
    upkeepAfterRenameMs: { median: median(filtered), all: filtered.map((x) => Number(x.toFixed(2))) },
    settlePassesDuringRenames: analyst.ow.settlePasses - passes,
    ratio: median(full) / median(filtered),
  }),
);
for (const m of members) await m.ow.close();
