import { useCallback, useSyncExternalStore } from 'react';

import type { MergedCard } from '../../shared/compartments';
import type { WorkspaceClient } from '../session/WorkspaceClient';

const BOARD = ['board', 'settings', 'roster'] as const;

/**
 * One organization's card, re-rendering only when it changed: the board index rebuilds a card (a new
 * object) whenever any fact of its organization changes and keeps it otherwise, so an edit to another
 * card, however many a second, leaves this one's screen alone.
 */
export function useCard(client: WorkspaceClient, id: string): MergedCard | undefined {
  const subscribe = useCallback((listener: () => void) => client.changes.subscribe(BOARD, listener), [client]);
  return useSyncExternalStore(subscribe, () => client.api.board.card(id));
}
