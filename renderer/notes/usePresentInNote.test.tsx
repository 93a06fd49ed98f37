// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { PresencePeer } from '../../shared/presence';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { usePresentInNote } from './usePresentInNote';

afterEach(cleanup);

/** A presence whose peers the test sets, and whose "something changed" it fires, as the awareness does. */
function presence(profiles: Record<string, { name: string; agency: string }>) {
  let peers: PresencePeer[] = [];
  const listeners = new Set<(p: PresencePeer[]) => void>();
  const client = {
    presence: {
      others: () => peers,
      onPeers: (l: (p: PresencePeer[]) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    api: { profile: (id: string) => profiles[id] ?? null },
  } as unknown as WorkspaceClient;
  const set = (next: PresencePeer[]) =>
    act(() => {
      peers = next;
      for (const l of listeners) l(peers);
    });
  return { client, set };
}

describe('usePresentInNote', () => {
  it('names the others in this note, and keeps the same list while my own caret moves (no re-render)', () => {
    const { client, set } = presence({ b: { name: 'Ben Ortiz', agency: 'CBP' } });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return usePresentInNote(client, 'n1');
    });
    const ben = { memberId: 'b', clientId: 2, state: { 'note:n1': { anchorPos: null } } };
    set([ben]);
    const first = result.current;
    expect(first).toEqual(['Ben Ortiz (CBP)']);
    const settled = renders;
    // Each keystroke of mine republishes my presence: the awareness says "changed" with the same others.
    for (let i = 0; i < 5; i++) set([{ ...ben, state: { 'note:n1': { anchorPos: i } } }]);
    // React may run the hook once more to find its state unchanged (it then commits nothing); never once a key.
    expect(renders - settled).toBeLessThanOrEqual(1);
    expect(result.current).toBe(first);
    set([
      { ...ben, state: { 'note:other': {} } },
      { memberId: 'stranger-id-123', clientId: 3, state: { 'note:n1': {} } },
    ]);
    expect(result.current).toEqual(['member stranger']);
  });
});
