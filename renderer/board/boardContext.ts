import { createContext, useContext } from 'react';
import type * as Y from 'yjs';

import type { MemberProfile } from '../../shared/model';
import type { BoardApi } from '../../shared/workspace';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** What every part of the board needs: the board, who may edit, and who wrote what. */
export interface BoardContextValue {
  client: WorkspaceClient;
  board: BoardApi;
  canEdit: boolean;
  undo: Y.UndoManager;
  /** A member's name and agency as they signed them, or null if unknown. */
  profile: (memberId: string) => MemberProfile | null;
  /** Runs a model operation; a thrown error becomes the message shown in `where`. */
  attempt: (where: string, action: () => void) => boolean;
  errors: Record<string, string>;
}

export const BoardContext = createContext<BoardContextValue | null>(null);

export function useBoardContext(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoardContext outside the board');
  return value;
}

/** "Ana Example (Border Patrol)", or a short id when the member has not published a profile. */
export function memberLabel(ctx: Pick<BoardContextValue, 'profile'>, memberId: string | null): string {
  if (memberId === null) return 'unknown member';
  const p = ctx.profile(memberId);
  return p ? `${p.name || 'unnamed'} (${p.agency || 'no agency'})` : `member ${memberId.slice(0, 8)}`;
}
