import { useEffect, useMemo } from 'react';

import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { BoardContext, useBoardContext } from './boardContext';
import { BoardLanes } from './BoardLanes';
import type { ViewAsOption } from './viewAsOptions';

const NONE = new Map<string, never>();
const NO_FILTER = {};

/**
 * "View as …": the board merged from the chosen rooms alone, read-only, under a banner naming whose
 * view it is, so the table can check what a partner sees before it releases anything more.
 */
export function ViewAsBoard({
  client,
  view,
  onClose,
}: {
  client: WorkspaceClient;
  view: ViewAsOption;
  onClose: () => void;
}) {
  const version = useConcerns(client, 'board', 'settings', 'roster');
  const ctx = useBoardContext();
  const key = view.compartmentIds.join();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const board = useMemo(() => client.api.board.viewAs(view.compartmentIds), [client, key]);
  useEffect(() => () => board.destroy(), [board]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const lanes = useMemo(() => board.read(), [board, version]);
  const readOnly = useMemo(() => ({ ...ctx, canEdit: false }), [ctx]);
  return (
    <BoardContext.Provider value={readOnly}>
      <div className="view-as-banner" role="region" aria-label="View as">
        <p>
          Viewing the board as {view.who} sees it: read-only, {view.compartmentIds.length} compartment
          {view.compartmentIds.length === 1 ? '' : 's'}.
        </p>
        <button type="button" onClick={onClose}>
          Back to my board
        </button>
      </div>
      <BoardLanes board={lanes} filter={NO_FILTER} viewers={NONE} priorities={NONE} onOpen={null} />
    </BoardContext.Provider>
  );
}
