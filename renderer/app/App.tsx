import { useCallback, useEffect, useMemo, useState } from 'react';

import type { Vault } from '../../shared/vault';
import { useHost } from '../host';
import { AppSessionContext } from '../session/AppSession';
import type { AppSession } from '../session/AppSession';
import { hasVault, saveVault } from '../session/vaultStorage';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { FirstRun } from '../vault/FirstRun';
import { Unlock } from '../vault/Unlock';
import type { PreviewHandoff } from '../workspaces/BoardPreview';
import { WorkspaceList } from '../workspaces/WorkspaceList';
import { WorkspaceView } from '../workspaces/WorkspaceView';
import { ConnectionStatus } from './ConnectionStatus';
import { ErrorBoundary } from './ErrorBoundary';
import { detach } from './forms';
import { useIdleLock } from './useIdleLock';

type Screen = { name: 'loading' } | { name: 'first-run' } | { name: 'locked' } | { name: 'unlocked'; vault: Vault };

/** The app frame: the header (workspace, lock, connection) and the screen of the moment. */
export function App() {
  const host = useHost();
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [client, setClient] = useState<WorkspaceClient | null>(null);
  /** What the board preview left for the live view (ADR 0022). */
  const [handoff, setHandoff] = useState<PreviewHandoff | undefined>(undefined);

  useEffect(() => {
    let live = true;
    hasVault(host).then(
      (has) => live && setScreen(has ? { name: 'locked' } : { name: 'first-run' }),
      () => live && setScreen({ name: 'first-run' }),
    );
    return () => {
      live = false;
    };
  }, [host]);

  const closeWorkspace = useCallback(() => {
    setClient((open) => {
      if (open) detach(open.close());
      return null;
    });
  }, []);

  const lock = useCallback(() => {
    closeWorkspace();
    setScreen((s) => {
      if (s.name === 'unlocked') s.vault.lock();
      return { name: 'locked' };
    });
  }, [closeWorkspace]);

  useIdleLock(
    screen.name === 'unlocked',
    (screen.name === 'unlocked' ? screen.vault.lockAfterMinutes : 15) * 60_000,
    lock,
  );

  const session = useMemo<AppSession | null>(
    () =>
      screen.name === 'unlocked' ? { vault: screen.vault, save: () => saveVault(host, screen.vault), lock } : null,
    [screen, host, lock],
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Unity Table</h1>
        <section className="workspace-area" aria-label="Workspace">
          {session ? (
            <>
              <span className="workspace-name">
                {session.vault.name} · {session.vault.agency}
              </span>
              {client && (
                <button type="button" onClick={closeWorkspace}>
                  All workspaces
                </button>
              )}
              <button type="button" onClick={lock}>
                Lock
              </button>
            </>
          ) : (
            <span className="workspace-name">{screen.name === 'locked' ? 'Locked' : 'No workspace open'}</span>
          )}
        </section>
        <ConnectionStatus />
      </header>
      <main className="app-body">
        {screen.name === 'loading' && <p className="empty-state">Loading…</p>}
        {screen.name === 'first-run' && <FirstRun onCreated={(vault) => setScreen({ name: 'unlocked', vault })} />}
        {screen.name === 'locked' && <Unlock onUnlocked={(vault) => setScreen({ name: 'unlocked', vault })} />}
        {session && (
          <AppSessionContext.Provider value={session}>
            {/* Whatever else throws, the header (All workspaces, Lock) stays and says what failed. */}
            <ErrorBoundary key={client?.workspaceId ?? 'list'} what={client ? 'This workspace' : 'The workspace list'}>
              {client ? (
                <WorkspaceView client={client} onReopen={setClient} handoff={handoff} />
              ) : (
                <WorkspaceList
                  onOpen={(opened, from) => {
                    setHandoff(from);
                    setClient(opened);
                  }}
                />
              )}
            </ErrorBoundary>
          </AppSessionContext.Provider>
        )}
      </main>
    </div>
  );
}
