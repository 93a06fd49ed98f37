import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { docListName, WORKSPACE_DOC_ID } from '../protocol';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from '../workspace';

await initCrypto();

const LANES = ['Collect', 'Target', 'Disrupt', 'Identify'];

describe('compaction keeps the change log (ADR 0016)', () => {
  it('after 40 moves, each its own envelope, compacted by both writers, a member joining later reads every move', () => {
    const w = roomsWorld();
    const analystClient = w.join('analyst');
    const core = coreCompartmentId(w.workspaceId);
    let now = 1_000;
    const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity, () => now);
    const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity, () => now);
    const org = admin.board.addOrganization({ name: 'Org Falcon' });
    w.sync();
    for (let i = 0; i < 40; i++) {
      now += 1_000;
      (i % 2 === 0 ? analyst : admin).board.moveOrganization(org, { lane: LANES[i % LANES.length]! });
      w.sync(); // every move its own envelope, seen by the other before it moves: the worst case for history
    }
    const list = () => analystClient.rooms.get(core)!.getArray(docListName(WORKSPACE_DOC_ID)).length;
    const before = list();
    expect(w.admin.workspace.compact(2) + analystClient.workspace.compact(2)).toBeGreaterThan(0);
    w.sync();
    expect(list()).toBeLessThan(before / 4);

    // A member joining now receives only the compacted snapshots: the card holds its last lane alone.
    const late = w.join('analyst');
    w.sync();
    const reader = new WorkspaceApi(late.workspace, late.identity);
    const orgs = late.workspace.room(core)!.document(WORKSPACE_DOC_ID).getMap('organizations').toJSON();
    expect(JSON.stringify(orgs)).not.toContain('Disrupt');
    expect(reader.board.card(org)?.lane).toBe('Identify');
    const history = reader.history.forOrganization(org);
    expect(history).toEqual(admin.history.forOrganization(org));
    expect(history).toHaveLength(41);
    expect(history.every((e) => e.proof === 'signed')).toBe(true);
    const moves = history.filter((e) => e.change.kind === 'lane').reverse();
    moves.forEach((e, i) => {
      expect(e.change).toEqual({ kind: 'lane', from: i === 0 ? 'Identify' : LANES[(i - 1) % 4], to: LANES[i % 4] });
      expect(e.by).toBe((i % 2 === 0 ? analyst : admin).me!.memberId);
    });
  });
});
