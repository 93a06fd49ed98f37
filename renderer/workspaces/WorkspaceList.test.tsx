// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { initCrypto, randomBytes } from '../../shared/crypto';
import { encodeInviteToken } from '../../shared/protocol';
import { OpenCancelled } from '../../shared/sync';
import type { Vault } from '../../shared/vault';
import type { OpenProgress } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import { AppSessionContext } from '../session/AppSession';
import type { OpenOptions } from '../session/WorkspaceClient';

/** The join the list starts: the test plays the relay's part through `joining`. */
let joining: { options: OpenOptions; vault: Vault; resolve: () => void; reject: (e: Error) => void } | null = null;
vi.mock('../session/WorkspaceClient', () => ({
  DEMO_WORKSPACE_TITLE: 'Demo table (fictional data)',
  WorkspaceClient: {
    join: (vault: Vault, _token: string, options: OpenOptions) =>
      new Promise((resolve, reject) => {
        joining = { options, vault, resolve: () => resolve({}), reject };
      }),
    createDemo: (vault: Vault, _relay: string, options: OpenOptions) =>
      new Promise((resolve, reject) => {
        joining = { options, vault, resolve: () => resolve({}), reject };
      }),
  },
}));
const { WorkspaceList } = await import('./WorkspaceList');

beforeAll(async () => {
  await initCrypto();
});
afterEach(() => {
  cleanup();
  joining = null;
});

const host = {
  kind: 'web',
  relay: { canHost: false, allow: async () => {}, status: async () => ({ hosting: false, configuredUrl: null }) },
  files: { open: async () => null, save: async () => null },
} as unknown as Host;

function list() {
  const workspaces: Record<string, { title: string; relayUrl: string }> = {};
  const vault = {
    workspaces,
    lockAfterMinutes: 15,
    setWorkspace: (id: string, w: { title: string; relayUrl: string }) => void (workspaces[id] = w),
  } as unknown as Vault;
  const save = vi.fn(async () => {});
  const onOpen = vi.fn();
  render(
    <HostContext.Provider value={host}>
      <AppSessionContext.Provider value={{ vault, save, lock: () => {} }}>
        <WorkspaceList onOpen={onOpen} />
      </AppSessionContext.Provider>
    </HostContext.Provider>,
  );
  return { save, onOpen };
}

const token = () =>
  encodeInviteToken({ workspaceId: 'w-sector', relayUrl: 'ws://127.0.0.1:4444', seed: randomBytes(32) });

const downloading: OpenProgress = { phase: 'downloading', done: 6_200_000, total: null, unit: 'bytes' };

describe('WorkspaceList: a join’s progress and its Cancel (issue 17)', () => {
  it('shows what the join is doing instead of the list', async () => {
    list();
    fireEvent.change(screen.getByRole('textbox', { name: 'Invite token' }), { target: { value: token() } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    await act(async () => joining!.options.onProgress!(downloading));
    expect(screen.getByRole('status').textContent).toBe('Downloading the workspace: 6.2 MB received');
    expect(screen.getByRole('heading', { name: 'Joining the workspace' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Workspaces' })).toBeNull();
  });

  it('Cancel after the join was sent: back to the list at once, the workspace kept in it and the vault saved', async () => {
    const { save, onOpen } = list();
    fireEvent.change(screen.getByRole('textbox', { name: 'Invite token' }), { target: { value: token() } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    await act(async () => joining!.options.onProgress!(downloading));
    // The join is in the vault (WorkspaceClient.join records it once sent); the download is what is cancelled.
    joining!.vault.setWorkspace('w-sector', { title: 'Workspace', relayUrl: 'ws://127.0.0.1:4444' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(joining!.options.signal!.aborted).toBe(true);
    expect(screen.getByRole('heading', { name: 'Workspaces' })).toBeTruthy();
    await act(async () => joining!.reject(new OpenCancelled()));
    expect(save).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Open Workspace' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('a join that fails says its one sentence, and the list is back', async () => {
    list();
    fireEvent.change(screen.getByRole('textbox', { name: 'Invite token' }), { target: { value: token() } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    const why = 'The relay at ws://127.0.0.1:4444 stopped answering while the workspace was downloading.';
    await act(async () => joining!.reject(new Error(why)));
    expect(screen.getByRole('alert').textContent).toBe(why);
    expect(screen.getByRole('heading', { name: 'Workspaces' })).toBeTruthy();
  });
});

describe("WorkspaceList: the demo's build shows its progress (issue 17)", () => {
  it('says how many cards are written, then the months of history, with a bar; Cancel is back to the list, nothing listed', async () => {
    const { onOpen } = list();
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Open the demo workspace (fictional data)' })),
    );
    expect(screen.getByRole('heading', { name: 'Preparing the demo workspace' })).toBeTruthy();
    await act(async () =>
      joining!.options.onProgress!({ phase: 'building', done: 4, total: 12, unit: 'organizations' }),
    );
    expect(screen.getByRole('status').textContent).toBe("Writing the demo's cards: 4 of 12 organizations");
    const bar = screen.getByRole('progressbar', { name: 'Preparing the demo workspace' });
    expect(bar.getAttribute('aria-valuenow')).toBe('4');
    expect(bar.getAttribute('aria-valuemax')).toBe('12');
    await act(async () => joining!.options.onProgress!({ phase: 'history', done: 5, total: 12, unit: 'months' }));
    expect(screen.getByRole('status').textContent).toBe("Writing the demo's year of history: month 5 of 12");
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(joining!.options.signal!.aborted).toBe(true);
    await act(async () => joining!.reject(new OpenCancelled()));
    expect(screen.getByRole('heading', { name: 'Workspaces' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onOpen).not.toHaveBeenCalled();
  });
});
