import { useLayoutEffect, useMemo, useState } from 'react';

import { WRITING_ROLES } from '../../shared/membership';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { BoardPanel } from '../board/BoardPanel';
import { BriefingPanel } from '../briefing/BriefingPanel';
import { ExchangePanel } from '../exchange/ExchangePanel';
import { MetricsPanel } from '../metrics/MetricsPanel';
import { KeyWaitNotice } from '../members/KeyWaitNotice';
import { MembersPanel } from '../members/MembersPanel';
import { NotesPanel } from '../notes/NotesPanel';
import { PrioritiesPanel } from '../priorities/PrioritiesPanel';
import { ConnectionsPanel } from '../reports/ConnectionsPanel';
import { ReportsPanel } from '../reports/ReportsPanel';
import { useAppSession } from '../session/AppSession';
import { syncStateText } from '../session/syncStateText';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { NavigationContext } from './navigation';
import type { WorkspaceNavigation } from './navigation';
import { RelaySetting } from './RelaySetting';
import { SectionTabs } from './SectionTabs';
import type { PreviewHandoff } from './BoardPreview';

const sections = [
  { id: 'board', label: 'Target board' },
  { id: 'reports', label: 'Field reports' },
  { id: 'connections', label: 'Connections' },
  { id: 'briefing', label: 'Briefing' },
  { id: 'notes', label: 'Notes' },
  { id: 'priorities', label: 'Priorities' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'members', label: 'Members' },
  { id: 'exchange', label: 'Exchange' },
] as const;

/** One open workspace: its sections, and its sync state always in view. */
export function WorkspaceView({
  client,
  onReopen,
  handoff,
}: {
  client: WorkspaceClient;
  /** The workspace reopened (on another relay): the view shows the new client. */
  onReopen: (client: WorkspaceClient) => void;
  /** What the board preview left (ADR 0022): the card clicked there, the focus and the scroll. */
  handoff?: PreviewHandoff;
}) {
  // The title and my role; each tab and the sync state listen to what they show themselves.
  useConcerns(client, 'settings', 'roster');
  const session = useAppSession();
  const [active, setActive] = useState<(typeof sections)[number]['id']>('board');
  const [openCard, setOpenCard] = useState<string | null>(handoff?.openCard ?? null);
  useTakeOver(handoff);
  const [openNote, setOpenNote] = useState<string | null>(null);
  const [metricsOrg, setMetricsOrg] = useState<string | undefined>(undefined);
  const navigation = useMemo<WorkspaceNavigation>(
    () => ({
      openCard: (id) => {
        setOpenCard(id);
        setActive('board');
      },
      openNote: (id) => {
        setOpenNote(id);
        setActive('notes');
      },
      openMetrics: (orgId) => {
        setMetricsOrg(orgId);
        setActive('metrics');
      },
    }),
    [],
  );
  const me = client.api.me;
  const canEdit = me !== undefined && WRITING_ROLES.has(me.role);
  const title = client.api.title() || session.vault.workspace(client.workspaceId).title;

  return (
    <div className="workspace-view">
      <h2 className="workspace-heading">{title}</h2>
      <SyncState client={client} />
      <RelaySetting key={client.workspaceId} client={client} onReopen={onReopen} />
      <KeyWaitNotice client={client} />
      {client.storeProblems.length > 0 && (
        <p role="alert">
          The local copy had damage: {client.storeProblems.join('; ')}. What it lacked comes back from the relay.
        </p>
      )}
      <NavigationContext.Provider value={navigation}>
        <SectionTabs sections={sections} active={active} onSelect={setActive}>
          {/* Each tab fails alone: the others, the header and the sync state stay usable. */}
          <ErrorBoundary key={active} what={`The ${sections.find((s) => s.id === active)!.label} tab`}>
            {active === 'board' && (
              <BoardPanel client={client} canEdit={canEdit} openId={openCard} onOpen={setOpenCard} />
            )}
            {active === 'reports' && <ReportsPanel client={client} />}
            {active === 'connections' && <ConnectionsPanel client={client} />}
            {active === 'briefing' && <BriefingPanel client={client} canEdit={canEdit} />}
            {active === 'notes' && (
              <NotesPanel client={client} canEdit={canEdit} openId={openNote} onOpen={setOpenNote} />
            )}
            {active === 'priorities' && <PrioritiesPanel client={client} />}
            {active === 'metrics' && <MetricsPanel key={metricsOrg ?? ''} client={client} orgId={metricsOrg} />}
            {active === 'members' && <MembersPanel client={client} />}
            {active === 'exchange' && <ExchangePanel client={client} title={title} />}
          </ErrorBoundary>
        </SectionTabs>
      </NavigationContext.Provider>
    </div>
  );
}

/**
 * The live board takes the preview's place where the person left it: the page's scroll, the lanes'
 * sideways scroll, and the focus on the same card's Open button (before the first paint: no jump).
 */
function useTakeOver(handoff: PreviewHandoff | undefined) {
  // Once, as the live view first lays out; later handoffs belong to later views.
  useLayoutEffect(() => {
    if (!handoff) return;
    if (window.scrollY !== handoff.scrollY) window.scrollTo(window.scrollX, handoff.scrollY);
    const board = document.querySelector<HTMLElement>('section.board[aria-label="Board"]');
    if (board) board.scrollLeft = handoff.boardScrollLeft;
    if (handoff.focusCard === null || !board) return;
    const { id, name } = handoff.focusCard;
    // A card is known by its drag handle's id, or by its name on a board with no handles (a reader's).
    const card = [...board.querySelectorAll<HTMLElement>('article.org-card')].find((c) => {
      const handle = c.querySelector('[data-handle-for]');
      return handle ? handle.getAttribute('data-handle-for') === id : c.getAttribute('aria-label') === name;
    });
    card?.querySelector<HTMLElement>('.open-card')?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** Online, offline with N changes waiting, or connecting — never hidden. */
function SyncState({ client }: { client: WorkspaceClient }) {
  useConcerns(client, 'status', 'roster');
  const status = client.status();
  return (
    <p role="status" aria-label="Sync" data-state={status.connection}>
      {syncStateText(status)}
    </p>
  );
}
