import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { HostileClient } from './HostileClient';
import { exchange, tableOfTwo } from './workspaces';
import { docListName, WORKSPACE_DOC_ID } from '../protocol/transportLayout';

await initCrypto();

describe('HostileClient (the red team kit)', () => {
  it('holds the keys its member holds and writes envelopes an honest client checks like any other', () => {
    const { workspaceId, admin, member } = tableOfTwo('observer');
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    expect(hostile.heldKeys().map((k) => k.epoch)).toEqual([0]);
    const doc = new Y.Doc();
    doc.getMap('organizations').set('x', 'forged');
    hostile.append(docListName(WORKSPACE_DOC_ID), [hostile.sealUpdate({}, [Y.encodeStateAsUpdate(doc)])]);
    exchange(member.transport, admin.transport);
    admin.workspace.document(WORKSPACE_DOC_ID);
    expect(admin.reports.map((r) => r.code)).toContain('read-only-author');
    expect(admin.workspace.document(WORKSPACE_DOC_ID).getMap('organizations').has('x')).toBe(false);
  });

  it('cannot seal under a key never wrapped for it', () => {
    const { workspaceId, member } = tableOfTwo('analyst');
    const hostile = new HostileClient(workspaceId, member.identity, member.transport);
    expect(() => hostile.key(5)).toThrow('holds no key of epoch 5');
  });
});
