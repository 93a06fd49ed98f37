// @vitest-environment happy-dom
import 'fake-indexeddb/auto';

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { openDB } from 'idb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import type { Vault } from '../../shared/vault';
import { HostContext } from '../host';
import type { Host } from '../host';
import { AppSessionContext } from '../session/AppSession';
import { IndexedDbRecordBackend } from '../storage/IndexedDbRecordBackend';
import { WorkspaceList } from './WorkspaceList';

beforeAll(async () => {
  await initCrypto();
});
afterEach(cleanup);

const host = {
  kind: 'web',
  relay: { canHost: false, allow: async () => {}, status: async () => ({ hosting: false, configuredUrl: null }) },
  files: { open: async () => null, save: async () => null },
} as unknown as Host;

describe('WorkspaceList: Leave', () => {
  it("deletes every local record of the workspace: its rooms', its cache's, its damaged ones (a lost laptop keeps none)", async () => {
    const workspaces: Record<string, { title: string; relayUrl: string }> = {
      wsLeft: { title: 'Sector', relayUrl: 'ws://127.0.0.1:4444' },
    };
    const vault = {
      workspaces,
      lockAfterMinutes: 15,
      storageKey: new Uint8Array(32).fill(3),
      removeWorkspace: (id: string) => void delete workspaces[id],
    } as unknown as Vault;
    const mine = ['wsLeft', 'wsLeft/core', 'wsLeft/cmpA', 'board-cache:wsLeft', 'damaged:wsLeft/cmpA'];
    const others = ['wsOther', 'wsOther/core', 'wsLeftX/core'];
    for (const name of [...mine, ...others]) await new IndexedDbRecordBackend(name).append(new Uint8Array([1]));
    window.confirm = () => true;
    render(
      <HostContext.Provider value={host}>
        <AppSessionContext.Provider value={{ vault, save: async () => {}, lock: () => {} }}>
          <WorkspaceList onOpen={() => {}} />
        </AppSessionContext.Provider>
      </HostContext.Provider>,
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Leave Sector' })));
    await vi.waitFor(async () => {
      const db = await openDB('unity-table-transport', 1);
      try {
        for (const name of mine)
          expect([name, await db.countFromIndex('records', 'byWorkspace', name)]).toEqual([name, 0]);
      } finally {
        db.close();
      }
    });
    const db = await openDB('unity-table-transport', 1);
    for (const name of others) expect(await db.countFromIndex('records', 'byWorkspace', name)).toBe(1);
    db.close();
  });
});
