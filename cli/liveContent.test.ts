import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { addOrganization, listOrganizations } from '../shared/model';
import { docListName, WORKSPACE_DOC_ID } from '../shared/protocol';
import type { LiveMember } from './testkit/liveWorkspaces';
import { eventually, hostileMember, liveMember, liveTable, tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const LIST = docListName(WORKSPACE_DOC_ID);
const doc = (m: LiveMember) => m.workspace.document(WORKSPACE_DOC_ID);
const names = (m: LiveMember) =>
  listOrganizations(doc(m))
    .map((o) => o.name)
    .sort();

/** An admin and an analyst live on a relay; the analyst's profile is later reopened with no rules. */
async function tableWithHostile() {
  const relay = await tempRelay();
  cleanup.push(() => relay.close());
  const { workspaceId, members } = await liveTable(relay.url, 1);
  cleanup.push(() => members.forEach((m) => m.close()));
  return { relay, workspaceId, members };
}

describe('content authority over the real relay (items 8, 10)', () => {
  it('a hostile member emptying a document list: honest clients put it back, and a restart still shows the board', async () => {
    const { relay, workspaceId, members } = await tableWithHostile();
    const [admin, analyst] = members as [LiveMember, LiveMember];
    for (const name of ['Org Falcon', 'Org Heron', 'Org Kite']) addOrganization(doc(admin), { name });
    await eventually('the cards on the analyst', () => names(analyst).length === 3);
    // The analyst's profile, reopened by a patched client: it deletes every envelope of the board.
    analyst.close();
    const evil = hostileMember(relay.url, workspaceId, analyst.identity, analyst.transport);
    cleanup.push(() => evil.close());
    await evil.connection.upToDate(10_000);
    evil.hostile.delete(LIST);
    await eventually('the admin puts the envelopes back', () => admin.reports.some((r) => r.code === 'restored'));
    await admin.connection.upToDate(10_000);
    const restarted = liveMember(relay.url, workspaceId, admin.identity, new Y.Doc());
    cleanup.push(() => restarted.close());
    await restarted.connection.upToDate(10_000);
    await eventually('the board after a restart', () => names(restarted).length === 3);
    expect(names(restarted)).toEqual(['Org Falcon', 'Org Heron', 'Org Kite']);
  });

  it('an update front-run under the admin’s client id: a restart shows the admin’s own edit', async () => {
    const { relay, workspaceId, members } = await tableWithHostile();
    const [admin, analyst] = members as [LiveMember, LiveMember];
    const orgs = doc(admin).getMap<string>('notes-by-admin');
    orgs.set('o1', 'first');
    await eventually(
      'the first edit on the analyst',
      () => doc(analyst).getMap('notes-by-admin').get('o1') === 'first',
    );
    analyst.close();
    const evil = hostileMember(relay.url, workspaceId, analyst.identity, analyst.transport);
    cleanup.push(() => evil.close());
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(doc(admin)));
    forger.clientID = doc(admin).clientID;
    const before = Y.encodeStateVector(forger);
    forger.getMap('notes-by-admin').set('o1', 'forged');
    const forged = Y.encodeStateAsUpdate(forger, before);
    evil.hostile.insert(LIST, 0, [evil.hostile.sealUpdate({ docId: WORKSPACE_DOC_ID, replica: 3 }, [forged])]);
    await evil.connection.upToDate(10_000);
    orgs.set('o1', 'genuine');
    await admin.connection.upToDate(10_000);
    const restarted = liveMember(relay.url, workspaceId, admin.identity, new Y.Doc());
    cleanup.push(() => restarted.close());
    await restarted.connection.upToDate(10_000);
    await eventually(
      'the genuine edit after a restart',
      () => doc(restarted).getMap('notes-by-admin').get('o1') === 'genuine',
    );
    expect(restarted.reports.filter((r) => r.code === 'bad-update').map((r) => r.author)).toEqual([
      analyst.workspace.me,
    ]);
  });
});
