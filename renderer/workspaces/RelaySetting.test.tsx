// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { OpenCancelled } from '../../shared/sync';
import type { Vault } from '../../shared/vault';
import type { OpenProgress, RestoreOptions } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import { AppSessionContext } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** Each client opened, with its restore's options and a way to end it: the test plays the relay's part. */
const opened: Array<{ relayUrl: string; restore: RestoreOptions | null; finish: (e?: Error) => void }> = [];
function fakeClient(relayUrl: string): WorkspaceClient {
  const entry = { relayUrl, restore: null as RestoreOptions | null, finish: (_e?: Error) => {} };
  opened.push(entry);
  return {
    workspaceId: 'w-sector',
    api: { title: () => 'Sector Table' },
    close: async () => {},
    session: {
      restore: (options: RestoreOptions) =>
        new Promise<void>((resolve, reject) => {
          entry.restore = options;
          entry.finish = (e) => (e ? reject(e) : resolve());
          options.signal?.addEventListener('abort', () => reject(new OpenCancelled()));
        }),
    },
  } as unknown as WorkspaceClient;
}
const workspaces: Record<string, { title: string; relayUrl: string }> = {};
vi.mock('../session/WorkspaceClient', () => ({
  WorkspaceClient: { open: async (_vault: Vault, id: string) => fakeClient(workspaces[id]!.relayUrl) },
}));
const { RelaySetting } = await import('./RelaySetting');

afterEach(() => {
  cleanup();
  opened.length = 0;
});

const host = { kind: 'web', relay: { allow: async () => {} } } as unknown as Host;

function setting() {
  workspaces['w-sector'] = { title: 'Sector Table', relayUrl: 'ws://10.0.0.1:4444' };
  const vault = {
    workspaces,
    workspace: (id: string) => workspaces[id]!,
    setWorkspace: (id: string, w: { title: string; relayUrl: string }) => void (workspaces[id] = w),
  } as unknown as Vault;
  const onReopen = vi.fn();
  const first = fakeClient('ws://10.0.0.1:4444');
  opened.length = 0;
  const view = render(
    <HostContext.Provider value={host}>
      <AppSessionContext.Provider value={{ vault, save: async () => {}, lock: () => {} }}>
        <RelaySetting client={first} onReopen={onReopen} />
      </AppSessionContext.Provider>
    </HostContext.Provider>,
  );
  return { onReopen, view };
}

async function useRelay(url: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Relay for this workspace' }), { target: { value: url } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Use this relay' })));
}

const uploading: OpenProgress = {
  phase: 'uploading',
  done: 3_100_000,
  total: 15_600_000,
  unit: 'bytes',
  rooms: 0,
  roomsTotal: 1,
};

describe('RelaySetting: a restore to another relay shows its progress (issue 17)', () => {
  it('says what it uploads of the whole, on a labelled bar, and the setting is back once the relay holds it', async () => {
    setting();
    await useRelay('ws://10.0.0.5:4444');
    expect(opened.map((o) => o.relayUrl)).toEqual(['ws://10.0.0.5:4444']);
    await act(async () => opened[0]!.restore!.onProgress!(uploading));
    expect(screen.getByRole('status').textContent).toBe('Uploading to the relay: 3.1 MB of 16 MB');
    const bar = screen.getByRole('progressbar', { name: 'Restoring Sector Table to the relay' });
    expect(bar.getAttribute('aria-valuenow')).toBe('3100000');
    await act(async () => opened[0]!.finish());
    expect(screen.getByText('Relay: ws://10.0.0.5:4444')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a relay that vanishes: its one sentence, the workspace kept on the new relay', async () => {
    setting();
    await useRelay('ws://10.0.0.5:4444');
    const sentence =
      'The relay at ws://10.0.0.5:4444 stopped answering while this workspace was being restored there. Nothing is lost: the workspace stays in the local copy, and what the relay lacks is sent when it is back.';
    await act(async () => opened[0]!.finish(new Error(sentence)));
    expect(screen.getByRole('alert').textContent).toBe(sentence);
    expect(workspaces['w-sector']!.relayUrl).toBe('ws://10.0.0.5:4444');
  });

  it('Cancel goes back to the relay before, and reopens there', async () => {
    const { onReopen } = setting();
    await useRelay('ws://10.0.0.5:4444');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(workspaces['w-sector']!.relayUrl).toBe('ws://10.0.0.1:4444');
    expect(opened.map((o) => o.relayUrl)).toEqual(['ws://10.0.0.5:4444', 'ws://10.0.0.1:4444']);
    expect(onReopen).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
