import type { WorkspaceApi } from '../../shared/workspace';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import type { BoardContextValue } from './boardContext';

/**
 * A board context over `api` for tests, as the panel builds it: a thrown error lands in `errors[where]`.
 * `client` defaults to an empty stand-in for parts that never read the workspace through it.
 * Test kit only: no production file imports it.
 */
export function testBoardContext(
  api: WorkspaceApi,
  canEdit: boolean,
  errors: Record<string, string>,
  client: WorkspaceClient = {} as WorkspaceClient,
): BoardContextValue {
  return {
    client,
    board: api.board,
    canEdit,
    undo: api.board.createUndo(),
    profile: (m) => api.profile(m),
    attempt: (where, action) => {
      try {
        action();
        return true;
      } catch (err) {
        errors[where] = String(err);
        return false;
      }
    },
    errors,
  };
}
