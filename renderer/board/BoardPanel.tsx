import { useCallback, useEffect, useMemo, useState } from 'react';

import { useReports } from '../reports/useReports';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { AddOrganization } from './AddOrganization';
import { BoardContext } from './boardContext';
import type { BoardContextValue } from './boardContext';
import { BoardFilters } from './BoardFilters';
import { BoardLanes } from './BoardLanes';
import { changedCards } from './changedCards';
import type { BoardViewFilter } from './boardViewFilter';
import { LanesEditor } from './LanesEditor';
import { OrganizationPanel } from './OrganizationPanel';
import { ParkedFacts } from './ParkedFacts';
import { UndoButtons } from './UndoButtons';
import { useSharedCounts } from './useSharedCounts';
import { useViewers } from './useViewers';
import { ViewAsBoard } from './ViewAsBoard';
import { ViewAsChoice } from './ViewAsChoice';
import type { ViewAsOption } from './viewAsOptions';
import './board.css';

/**
 * The target board: lanes of organization cards everyone edits live. Everything shown is read
 * from the decrypted workspace document after whole envelopes apply, so a half-merged state
 * never reaches the screen.
 */
export function BoardPanel({
  client,
  canEdit,
  openId,
  onOpen: setOpenId,
}: {
  client: WorkspaceClient;
  canEdit: boolean;
  /** The card whose panel is open (kept by the workspace, so a mention in a note can open it). */
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  // The cards, the lanes and the compartments they sit in; the votes for the top five. An open
  // card's panel listens to its history and names itself (OrganizationPanel).
  const version = useConcerns(client, 'board', 'settings', 'roster', 'votes');
  const { api } = client;
  const undo = useMemo(() => api.board.createUndo(), [api]);
  useEffect(() => () => undo.destroy(), [undo]);
  const [filter, setFilter] = useState<BoardViewFilter>({});
  const [viewAs, setViewAs] = useState<ViewAsOption | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const viewers = useViewers(client, openId);
  const reportsView = useReports(client);

  // `version` moves whenever the board changes: the cache key of its read (unchanged lanes keep their identity).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const board = useMemo(() => api.board.read(), [api, version]);
  // The top five of the latest verified round stand on their cards.
  const priorities = useMemo(
    () => api.votes.priorities(),
    // Recounting checks signatures and opens ballots: only when what it reads changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, api.votes.recountKey()],
  );

  // Each card's badge, built in slices after the board is painted (useSharedCounts).
  const shared = useSharedCounts(reportsView.reports, reportsView.version);

  const attempt = useCallback((where: string, action: () => void): boolean => {
    try {
      action();
      setErrors((e) => (where in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== where)) : e));
      return true;
    } catch (err) {
      setErrors((e) => ({ ...e, [where]: err instanceof Error ? err.message : String(err) }));
      return false;
    }
  }, []);

  const ctx = useMemo<BoardContextValue>(
    () => ({
      client,
      board: api.board,
      canEdit,
      undo,
      profile: (memberId) => api.profile(memberId),
      attempt,
      errors,
    }),
    [client, api, canEdit, undo, attempt, errors],
  );

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo one's own board edits, wherever focus is on the page
  // (a moved card re-renders in its new lane); text fields keep their own undo.
  useEffect(() => {
    if (!canEdit) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!(e.ctrlKey || e.metaKey) || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) undo.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') undo.redo();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [canEdit, undo]);

  // "Changed since": the cards whose change log (or an unlogged lane or threat) has an entry since that day.
  const changed = useMemo(
    () => (filter.changedSince ? changedCards(api.history, board, filter.changedSince) : null),
    [api, board, filter.changedSince],
  );
  const shownFilter = useMemo(() => (changed ? { ...filter, changed } : filter), [filter, changed]);

  const open = openId !== null && api.board.card(openId) ? openId : null;
  const close = useCallback(() => setOpenId(null), [setOpenId]);
  const compartments = api
    .compartments()
    .map((c) => ({ compartmentId: c.compartmentId, title: c.title ?? c.compartmentId }));

  return (
    <BoardContext.Provider value={ctx}>
      <div className="board-page">
        <div className="board-toolbar">
          {canEdit && <AddOrganization lanes={board.map((l) => l.name)} onAdded={setOpenId} />}
          {canEdit && <UndoButtons />}
          {canEdit && <LanesEditor lanes={board.map((l) => l.name)} />}
          <ViewAsChoice client={client} value={viewAs} onChange={setViewAs} />
        </div>
        {viewAs ? (
          <ViewAsBoard client={client} view={viewAs} onClose={() => setViewAs(null)} />
        ) : (
          <>
            {!canEdit && <p className="note">Your role can read the board but not change it.</p>}
            <BoardFilters
              board={board}
              filter={filter}
              compartments={compartments}
              changedCount={changed?.size ?? null}
              onChange={setFilter}
            />
            <ParkedFacts />
            <BoardLanes
              board={board}
              filter={shownFilter}
              viewers={viewers}
              priorities={priorities}
              shared={shared}
              onOpen={setOpenId}
            />
            {open !== null && <OrganizationPanel id={open} viewers={viewers.get(open) ?? NO_VIEWERS} onClose={close} />}
          </>
        )}
      </div>
    </BoardContext.Provider>
  );
}

const NO_VIEWERS: string[] = [];
