// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type * as Sortable from '@dnd-kit/sortable';
import { Profiler, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { MatchIndex } from '../../shared/identifiers';
import type { Vault } from '../../shared/vault';
import type { Host } from '../host/Host';
import { HostContext } from '../host/HostContext';
import { MembersPanel } from '../members/MembersPanel';
import { AppSessionContext } from '../session/AppSession';
import type { AppSession } from '../session/AppSession';
import { testWorkspaceClient } from '../session/testWorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import type { WorkspaceNavigation } from '../workspaces/navigation';
import { BoardPanel } from './BoardPanel';

// Each card calls useSortable once per render: counting the calls by id counts each card's renders.
const cardRenders = new Map<string, number>();
vi.mock('@dnd-kit/sortable', async (original) => {
  const actual = await original<typeof Sortable>();
  return {
    ...actual,
    useSortable: (args: Parameters<typeof Sortable.useSortable>[0]) => {
      cardRenders.set(String(args.id), (cardRenders.get(String(args.id)) ?? 0) + 1);
      return actual.useSortable(args);
    },
  };
});

await initCrypto();

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  cleanup();
  for (const close of closers.splice(0)) await close();
});

/** The board with the open card kept as the workspace keeps it. */
function Board({ client }: { client: Parameters<typeof BoardPanel>[0]['client'] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  return <BoardPanel client={client} canEdit openId={openId} onOpen={setOpenId} />;
}

/** The board and the members screen side by side over one client, with every render counted. */
async function screens() {
  const t = await testWorkspaceClient();
  closers.push(t.close);
  const { api } = t.client;
  api.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  const a = api.board.addOrganization({ name: 'Cobalt Heron Ring', lane: 'Identify' });
  const b = api.board.addOrganization({ name: 'Flint Sparrow Crew', lane: 'Identify' });
  const c = api.board.addOrganization({ name: 'Agate Ridge Cell', lane: 'Collect' });
  t.runTimers();
  t.runFrames();
  const vault = {
    memberId: t.client.workspace.me,
    fingerprint: 'test fingerprint',
    workspace: () => ({ title: 'Test table', relayUrl: 'ws://127.0.0.1:9', verified: {} }),
  } as unknown as Vault;
  const session = { vault, save: async () => undefined, lock: () => undefined } as AppSession;
  const navigation: WorkspaceNavigation = {
    openCard: () => undefined,
    openNote: () => undefined,
    openMetrics: () => undefined,
  };
  const renders = { board: 0, members: 0 };
  render(
    <HostContext.Provider value={{} as Host}>
      <AppSessionContext.Provider value={session}>
        <NavigationContext.Provider value={navigation}>
          <Profiler id="board" onRender={() => renders.board++}>
            <Board client={t.client} />
          </Profiler>
          <Profiler id="members" onRender={() => renders.members++}>
            <MembersPanel client={t.client} />
          </Profiler>
        </NavigationContext.Provider>
      </AppSessionContext.Provider>
    </HostContext.Provider>,
  );
  const frame = () => act(() => t.runFrames());
  const reset = () => {
    cardRenders.clear();
    renders.board = 0;
    renders.members = 0;
  };
  return { t, api, a, b, c, renders, frame, reset };
}

describe('per-concern subscriptions (issue 17)', () => {
  it('an edit to card A re-renders card A alone: not card B beside it, not the other lane, not the members screen', async () => {
    const s = await screens();
    expect(cardRenders.get(s.a)).toBeGreaterThan(0);
    s.reset();

    s.api.board.updateOrganization(s.a, { threat: 'critical' });
    s.frame();

    const cardA = screen.getByRole('article', { name: 'Cobalt Heron Ring' });
    expect(within(cardA).getByText('Threat: critical')).toBeTruthy();
    expect(cardRenders.get(s.a)).toBe(1);
    expect(cardRenders.get(s.b) ?? 0).toBe(0);
    expect(cardRenders.get(s.c) ?? 0).toBe(0);
    expect(s.renders.board).toBeGreaterThan(0);
    expect(s.renders.members).toBe(0);
  });

  it('a profile re-renders the members screen, and no card', async () => {
    const s = await screens();
    s.reset();
    s.api.signProfile({ name: 'Ana Ruiz-Lind', agency: 'DEA' });
    s.frame();
    expect(s.renders.members).toBeGreaterThan(0);
    expect(screen.getAllByText('Ana Ruiz-Lind').length).toBeGreaterThan(0);
    expect(cardRenders.size).toBe(0);
  });

  it('sealing and the waiting count re-render neither the board nor the members screen', async () => {
    const s = await screens();
    s.reset();
    s.api.board.updateOrganization(s.b, { summary: 'Moves cash through the river crossing' });
    s.frame();
    s.reset();
    s.t.runTimers();
    s.frame();
    expect(s.renders.board).toBe(0);
    expect(s.renders.members).toBe(0);
  });
});

describe('opening a card', () => {
  it('shows its panel with its name and fields at once, then its network, outcomes and history', async () => {
    const s = await screens();
    fireEvent.click(screen.getByRole('button', { name: 'Open Cobalt Heron Ring' }));
    const panel = screen.getByRole('dialog', { name: 'Cobalt Heron Ring' });
    expect(within(panel).getByRole('region', { name: 'Organization details' })).toBeTruthy();
    expect(await within(panel).findByRole('region', { name: 'Network' })).toBeTruthy();
    expect(within(panel).getByRole('heading', { name: 'History' })).toBeTruthy();
    // An edit to another card leaves the open panel alone; one to its own card shows in it.
    s.reset();
    s.api.board.updateOrganization(s.b, { threat: 'high' });
    s.frame();
    expect(cardRenders.get(s.a) ?? 0).toBe(0);
    s.api.board.updateOrganization(s.a, { leadAgency: 'DEA' });
    s.frame();
    expect(within(panel).getByLabelText('Lead agency')).toHaveProperty('value', 'DEA');
  });
});

describe('own edit → own screen (issue 17)', () => {
  it("a rename typed in the open panel paints the board's card first; the panel's history follows at the render after", async () => {
    const s = await screens();
    fireEvent.click(screen.getByRole('button', { name: 'Open Cobalt Heron Ring' }));
    const panel = screen.getByRole('dialog', { name: 'Cobalt Heron Ring' });
    await within(panel).findByRole('region', { name: 'Network' });
    const history = () => within(panel).getByRole('region', { name: 'History' }).textContent ?? '';
    const field = within(panel).getByRole('textbox', { name: 'Name' });
    fireEvent.change(field, { target: { value: 'Cobalt Heron Syndicate' } });
    act(() => void fireEvent.keyDown(field, { key: 'Enter' }));

    // The frame after the Enter: its urgent render (flushed in a microtask) shows the new name on the board
    // and in the panel's heading, before the history (a table of signed records) renders again.
    s.t.runFrames();
    await Promise.resolve();
    await Promise.resolve();
    expect(screen.getByRole('article', { name: 'Cobalt Heron Syndicate' })).toBeTruthy();
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Cobalt Heron Syndicate');
    expect(history()).not.toContain('Cobalt Heron Syndicate');
    // The render after: the history shows the signed rename.
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(history()).toContain('Cobalt Heron Syndicate');
  });
});

describe('shared-identifier badges (issue 17)', () => {
  it('are built after the board is shown, in slices, then follow edits', async () => {
    const set = vi.spyOn(MatchIndex.prototype, 'set');
    const prepare = vi.fn();
    const t = await testWorkspaceClient();
    closers.push(t.close);
    const { api } = t.client;
    const a = api.board.addOrganization({ name: 'Cobalt Heron Ring', lane: 'Identify' });
    const b = api.board.addOrganization({ name: 'Flint Sparrow Crew', lane: 'Collect' });
    api.board.addEntity(a, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    api.board.addEntity(b, { kind: 'phone', name: '(956) 555-0198', detail: '' });
    t.runTimers();
    t.runFrames();
    const original = api.reports.prepare.bind(api.reports);
    vi.spyOn(api.reports, 'prepare').mockImplementation((options) => {
      prepare();
      return original(options);
    });
    render(<Board client={t.client} />);
    // The board is on screen before any identifier is filed in the index.
    expect(screen.getByRole('article', { name: 'Cobalt Heron Ring' })).toBeTruthy();
    expect(set).not.toHaveBeenCalled();
    expect(prepare).not.toHaveBeenCalled();
    const cardA = screen.getByRole('article', { name: 'Cobalt Heron Ring' });
    expect(await within(cardA).findByText('1 shared identifier')).toBeTruthy();
    expect(prepare).toHaveBeenCalled();
    // Kept change by change: a second shared number shows on both cards once the index has it.
    set.mockClear();
    act(() => {
      api.board.addEntity(a, { kind: 'phone', name: '956 555 0177', detail: '' });
      api.board.addEntity(b, { kind: 'phone', name: '+1 (956) 555-0177', detail: '' });
      t.runFrames();
    });
    const cardB = screen.getByRole('article', { name: 'Flint Sparrow Crew' });
    expect(await within(cardB).findByText('2 shared identifiers', {}, { timeout: 3000 })).toBeTruthy();
    expect(set.mock.calls.length).toBe(2);
  });
});
