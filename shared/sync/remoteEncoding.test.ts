import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { REMOTE_ORIGIN } from '../protocol';
import { exchange, tableOfTwo } from '../testkit/workspaces';

await initCrypto();

/** Whether Yjs would encode each transaction's update (it does while anyone listens for 'update'), by origin. */
function watchEncoding(doc: Y.Doc): Array<{ remote: boolean; encoded: boolean }> {
  const seen: Array<{ remote: boolean; encoded: boolean }> = [];
  // Registered after the channel's own listener: it sees what Yjs checks right after.
  doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
    const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
    seen.push({ remote: tr.origin === REMOTE_ORIGIN, encoded: observers.has('update') });
  });
  return seen;
}

describe('DocumentChannel and Yjs update encoding (issue 17: a cold open encoded the whole snapshot again)', () => {
  it('a remote envelope is applied without Yjs encoding its update; a local edit still is', () => {
    const { admin, member } = tableOfTwo('analyst');
    const doc = member.workspace.document('workspace');
    const seen = watchEncoding(doc);
    admin.workspace.document('workspace').getMap('orgs').set('o1', 'Org Falcon');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    expect(doc.getMap('orgs').get('o1')).toBe('Org Falcon');
    doc.getMap('orgs').set('o2', 'Org Heron');
    expect(seen).toEqual([
      { remote: true, encoded: false },
      { remote: false, encoded: true },
    ]);
    member.clock.tick();
    exchange(admin.transport, member.transport);
    expect(admin.workspace.document('workspace').getMap('orgs').get('o2')).toBe('Org Heron');
    expect(member.reports).toEqual([]);
  });

  it('a local edit made by an observer inside a remote transaction is still sealed and sent', () => {
    const { admin, member } = tableOfTwo('analyst');
    const doc = member.workspace.document('workspace');
    let answered = false;
    doc.getMap('orgs').observe((event) => {
      if (answered || event.transaction.origin !== REMOTE_ORIGIN) return;
      answered = true;
      doc.getMap('notes').set('n1', 'seen Org Falcon');
    });
    admin.workspace.document('workspace').getMap('orgs').set('o1', 'Org Falcon');
    admin.clock.tick();
    exchange(admin.transport, member.transport);
    expect(answered).toBe(true);
    expect(member.workspace.waiting()).toBe(1);
    member.clock.tick();
    exchange(admin.transport, member.transport);
    expect(admin.workspace.document('workspace').getMap('notes').get('n1')).toBe('seen Org Falcon');
    expect(admin.reports).toEqual([]);
  });
});
