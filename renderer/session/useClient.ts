import { useCallback, useSyncExternalStore } from 'react';

import type { Concern } from '../../shared/workspace';
import type { WorkspaceClient } from './WorkspaceClient';

/**
 * Re-renders when one of `concerns` changed (once per frame at most), and returns a number that
 * moves with them: the cache key of what a screen reads from those concerns. A screen names what it
 * shows, so an edit to a card does not re-render the members screen (issue 17).
 */
export function useConcerns(client: WorkspaceClient, ...concerns: Concern[]): number {
  const key = concerns.join(' ');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` spells `concerns`, a new array each render
  const list = useCallback(() => concerns, [key]);
  const subscribe = useCallback((listener: () => void) => client.changes.subscribe(list(), listener), [client, list]);
  return useSyncExternalStore(subscribe, () => client.changes.version(list()));
}
