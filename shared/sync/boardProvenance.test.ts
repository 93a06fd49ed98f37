import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';

import { initCrypto, memberIdOf } from '../crypto';
import { addEntity, addOrganization, provenanceOf, updateOrganization } from '../model';
import { readNetwork } from '../model/boardOracle';
import { WORKSPACE_DOC_ID } from '../protocol';
import { exchange, tableOfTwo } from '../testkit/workspaces';

await initCrypto();

describe('provenance of board facts', () => {
  it('names the member whose signed envelope added or changed a fact, on the other member’s machine', () => {
    const { admin, member } = tableOfTwo('analyst');
    const docA = admin.workspace.document(WORKSPACE_DOC_ID);
    const docB = member.workspace.document(WORKSPACE_DOC_ID);
    const org = addOrganization(docA, { name: 'Tin Harbor Ring' }, 1_000);
    admin.workspace.flush();
    exchange(admin.transport, member.transport);

    const phone = addEntity(docB, org, { kind: 'phone', name: '+1 555 0142', detail: '' }, 2_000);
    updateOrganization(docB, org, { summary: 'seen at the port' }, 3_000);
    member.workspace.flush();
    exchange(admin.transport, member.transport);

    const authorOf = (client: number) => admin.workspace.authorOf(WORKSPACE_DOC_ID, client);
    const orgFact = docA.getMap<Y.Map<unknown>>('organizations').get(org)!;
    expect(provenanceOf(orgFact, authorOf)).toEqual({
      addedBy: memberIdOf(admin.identity),
      addedAt: 1_000,
      changedBy: memberIdOf(member.identity),
      changedAt: 3_000,
    });
    expect(readNetwork(docA, org).entities.map((e) => e.id)).toEqual([phone]);
    const phoneFact = docA.getMap<Y.Map<unknown>>('entities').get(phone)!;
    expect(provenanceOf(phoneFact, authorOf).addedBy).toBe(memberIdOf(member.identity));
  });
});
