// @vitest-environment happy-dom
// happy-dom: WorkspaceClient's module holds the browser's platform (its WebSocket).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import type { BoardCacheSnapshot } from '../../shared/storage';
import type { Vault } from '../../shared/vault';
import { boardSnapshot } from '../../shared/workspace';
import type { OpenProgress } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import { AppSessionContext } from '../session/AppSession';
import { testWorkspaceClient } from '../session/testWorkspaceClient';
import { WorkspaceClient } from '../session/WorkspaceClient';
import type { PreviewHandoff } from './BoardPreview';
import { PREVIEW_REGION } from './BoardPreview';

/** The cache the list reads before an open: what the test puts there. */
let cached: BoardCacheSnapshot | null = null;
vi.mock('../session/boardCache', () => ({
  readBoardPreview: async () => cached,
}));
const { WorkspaceList } = await import('./WorkspaceList');
const { WorkspaceView } = await import('./WorkspaceView');

await initCrypto();

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  cleanup();
  cached = null;
  vi.restoreAllMocks();
  for (const close of closers.splice(0)) await close();
});

const host = {
  kind: 'web',
  relay: { canHost: false, allow: async () => {}, status: async () => ({ hosting: false, configuredUrl: null }) },
  files: { open: async () => null, save: async () => null },
} as unknown as Host;

/** The app's swap, as App does it: the list (with its preview) until the client opens, then the live view. */
function Frame({ vault }: { vault: Vault }) {
  const [client, setClient] = useState<WorkspaceClient | null>(null);
  const [handoff, setHandoff] = useState<PreviewHandoff | undefined>(undefined);
  return (
    <HostContext.Provider value={host}>
      <AppSessionContext.Provider value={{ vault, save: async () => {}, lock: () => {} }}>
        {client ? (
          <WorkspaceView client={client} onReopen={setClient} handoff={handoff} />
        ) : (
          <WorkspaceList
            onOpen={(c, h) => {
              setHandoff(h);
              setClient(c);
            }}
          />
        )}
      </AppSessionContext.Provider>
    </HostContext.Provider>
  );
}

/** A live workspace with two cards, its cache as its board showed it, and an open that waits for `live()`. */
async function opening() {
  const t = await testWorkspaceClient();
  closers.push(t.close);
  const { api } = t.client;
  api.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  api.name('Sector Table', { name: 'Ana Ruiz', agency: 'DEA' });
  const falcon = api.board.addOrganization({ name: 'Org Falcon', lane: 'Identify' });
  api.board.addOrganization({ name: 'Org Heron', lane: 'Collect' });
  t.runTimers();
  cached = boardSnapshot(api, t.client.workspace, t.client.workspaceId, Date.now() - 60_000);
  const id = t.client.workspaceId;
  const vault = {
    name: 'Ana Ruiz',
    agency: 'DEA',
    storageKey: new Uint8Array(32),
    workspaces: { [id]: { title: 'Sector Table', relayUrl: 'ws://127.0.0.1:9' } },
    workspace: () => ({ title: 'Sector Table', relayUrl: 'ws://127.0.0.1:9', verified: {} }),
    identity: t.client.api,
  } as unknown as Vault;
  let progress: (p: OpenProgress) => void = () => {};
  let live: () => void = () => {};
  let started: () => void = () => {};
  const opened = new Promise<void>((resolve) => (started = resolve));
  vi.spyOn(WorkspaceClient, 'open').mockImplementation(
    (_v, _id, _t, options) =>
      new Promise((resolve) => {
        progress = options?.onProgress ?? (() => {});
        live = () => resolve(t.client);
        started();
      }),
  );
  render(<Frame vault={vault} />);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Open Sector Table' })));
  // The preview is painted (a frame) before the open starts.
  expect(screen.getByRole('region', { name: PREVIEW_REGION })).toBeTruthy();
  await act(() => opened);
  return {
    t,
    falcon,
    progress: (p: OpenProgress) => act(async () => progress(p)),
    live: () => act(async () => live()),
  };
}

describe('the board preview, then the live board (ADR 0022)', () => {
  it('paints the cached board at once, marked not live, with the open’s progress and no editing control', async () => {
    const o = await opening();
    const preview = screen.getByRole('region', { name: PREVIEW_REGION });
    expect(within(preview).getByRole('region', { name: 'Identify' })).toBeTruthy();
    expect(within(preview).getByRole('article', { name: 'Org Falcon' })).toBeTruthy();
    expect(screen.getByText(/Opening… showing the board as of .+ It is not live yet/)).toBeTruthy();
    await o.progress({ phase: 'checking', done: 3, total: 10, unit: 'envelopes' });
    expect(screen.getByRole('progressbar', { name: 'Opening Sector Table' }).getAttribute('aria-valuenow')).toBe('3');
    expect(screen.queryByRole('button', { name: /^Move / })).toBeNull();
    expect(screen.queryByRole('button', { name: /Add organization/i })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Board' })).toBeNull();

    await o.live();
    expect(screen.queryByRole('region', { name: PREVIEW_REGION })).toBeNull();
    const board = screen.getByRole('region', { name: 'Board' });
    expect(within(board).getByRole('article', { name: 'Org Falcon' })).toBeTruthy();
    expect(within(board).getByRole('button', { name: 'Move Org Falcon' })).toBeTruthy();
  });

  it('a card clicked in the preview waits for the live board, then its panel opens there', async () => {
    const o = await opening();
    fireEvent.click(screen.getByRole('button', { name: 'Open Org Falcon' }));
    expect(screen.getByRole('status', { name: 'Waiting to open' }).textContent).toBe(
      'Org Falcon opens when the board is live.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    await o.live();
    expect(screen.getByRole('dialog', { name: 'Org Falcon' })).toBeTruthy();
  });

  it('the focus on a preview card’s button moves to the same live card’s button', async () => {
    const o = await opening();
    screen.getByRole('button', { name: 'Open Org Heron' }).focus();
    await o.live();
    const board = screen.getByRole('region', { name: 'Board' });
    expect(document.activeElement).toBe(within(board).getByRole('button', { name: 'Open Org Heron' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('with no cache (or one that did not open) the open shows its progress alone', async () => {
    const t = await testWorkspaceClient();
    closers.push(t.close);
    const id = t.client.workspaceId;
    const vault = {
      storageKey: new Uint8Array(32),
      workspaces: { [id]: { title: 'Sector Table', relayUrl: 'ws://127.0.0.1:9' } },
      workspace: () => ({ title: 'Sector Table', relayUrl: 'ws://127.0.0.1:9', verified: {} }),
    } as unknown as Vault;
    vi.spyOn(WorkspaceClient, 'open').mockImplementation(() => new Promise(() => {}));
    render(<Frame vault={vault} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Open Sector Table' })));
    expect(screen.getByRole('heading', { name: 'Opening Sector Table' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: PREVIEW_REGION })).toBeNull();
  });
});
