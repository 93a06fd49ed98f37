import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import { fromUtf8 } from '../../shared/crypto';
import { parseInviteToken } from '../../shared/protocol';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import { DEMO_WORKSPACE_TITLE, WorkspaceClient } from '../session/WorkspaceClient';
import { IndexedDbRecordBackend } from '../storage/IndexedDbRecordBackend';
import { VaultSettings } from '../vault/VaultSettings';
import { detach, formText } from '../app/forms';

/** Where the demo syncs if no relay address is set: this machine, if it hosts one later. */
const DEMO_RELAY = 'ws://127.0.0.1:4444';

/** The workspaces of this vault: open one, create one, or join one with an invite. */
export function WorkspaceList({ onOpen }: { onOpen: (client: WorkspaceClient) => void }) {
  const host = useHost();
  const session = useAppSession();
  const [relayUrl, setRelayUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, setLeft] = useState(0);

  useEffect(() => {
    let live = true;
    host.relay.status().then(
      (s) => {
        const url = s.hosting ? s.url : s.configuredUrl;
        if (live && url) setRelayUrl((current) => current || url);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [host]);

  async function run(what: string, action: () => Promise<WorkspaceClient>) {
    setBusy(what);
    setError(null);
    try {
      const client = await action();
      await session.save();
      onOpen(client);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(null);
    }
  }

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const relay = formText(form, 'relay').trim();
    detach(
      run('create', async () => {
        await host.relay.allow(relay);
        return WorkspaceClient.create(session.vault, formText(form, 'title').trim(), relay);
      }),
    );
  };
  /** The demo needs no relay to look around; it uses the address below when one is set. */
  const openDemo = () =>
    run('demo', async () => {
      const relay = relayUrl.trim() || DEMO_RELAY;
      await host.relay.allow(relay);
      return WorkspaceClient.createDemo(session.vault, relay);
    });
  const joinWith = (text: string) =>
    run('join', async () => {
      await host.relay.allow(parseInviteToken(text).relayUrl);
      return WorkspaceClient.join(session.vault, text);
    });
  const join = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    detach(joinWith(formText(new FormData(e.currentTarget), 'invite')));
  };
  const joinFromFile = async () => {
    const file = await host.files.open({ filters: [{ name: 'Unity Table invite', extensions: ['utinvite', 'txt'] }] });
    if (file) detach(joinWith(fromUtf8(file.data)));
  };

  /** Forgets the workspace on this machine: its vault record and its local copy. */
  const leave = async (id: string, title: string) => {
    if (!window.confirm(`Leave ${title} on this machine? Its local copy is deleted; an admin can invite you again.`))
      return;
    setError(null);
    try {
      session.vault.removeWorkspace(id);
      await session.save();
      await new IndexedDbRecordBackend(id).replaceAll([]);
      setLeft((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const entries = Object.entries(session.vault.workspaces);
  return (
    <div className="workspace-list">
      <section className="card" aria-labelledby="ws-title">
        <h2 id="ws-title">Workspaces</h2>
        {entries.length === 0 ? (
          <p className="empty-state">No workspace yet: create one, join one with an invite, or look around the demo.</p>
        ) : (
          <ul>
            {entries.map(([id, w]) => (
              <li key={id}>
                <button
                  type="button"
                  disabled={busy !== null}
                  onClick={() =>
                    detach(
                      run('open', async () => {
                        await host.relay.allow(w.relayUrl);
                        return WorkspaceClient.open(session.vault, id);
                      }),
                    )
                  }
                >
                  Open {w.title}
                </button>{' '}
                <span className="note">{w.relayUrl}</span>{' '}
                <button type="button" disabled={busy !== null} onClick={() => detach(leave(id, w.title))}>
                  Leave {w.title}
                </button>
              </li>
            ))}
          </ul>
        )}
        {!entries.some(([, w]) => w.title === DEMO_WORKSPACE_TITLE) && (
          <button type="button" disabled={busy !== null} onClick={() => detach(openDemo())}>
            {busy === 'demo' ? 'Preparing the demo…' : 'Open the demo workspace (fictional data)'}
          </button>
        )}
      </section>
      {error && (
        <p role="alert" className="card">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">Create a workspace</h2>
        <form onSubmit={create}>
          <label>
            Title
            <input name="title" required maxLength={120} />
          </label>
          <label>
            Relay address
            <input
              name="relay"
              required
              pattern="wss?://.+"
              placeholder="ws://10.0.0.5:4444"
              value={relayUrl}
              onChange={(e) => setRelayUrl(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy !== null}>
            {busy === 'create' ? 'Creating…' : 'Create workspace'}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="join-title">
        <h2 id="join-title">Join with an invite</h2>
        <form onSubmit={join}>
          <label>
            Invite token
            <textarea name="invite" required rows={3} spellCheck={false} />
          </label>
          <button type="submit" disabled={busy !== null}>
            {busy === 'join' ? 'Joining…' : 'Join'}
          </button>{' '}
          <button type="button" disabled={busy !== null} onClick={() => detach(joinFromFile())}>
            Open invite file…
          </button>
        </form>
      </section>
      <VaultSettings />
    </div>
  );
}
