import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';

import { fromUtf8 } from '../../shared/crypto';
import { parseInviteToken } from '../../shared/protocol';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import { DEMO_WORKSPACE_TITLE, WorkspaceClient } from '../session/WorkspaceClient';
import type { OpenOptions } from '../session/WorkspaceClient';
import type { BoardCacheSnapshot, CachedCard } from '../../shared/storage';
import type { OpenProgress } from '../../shared/workspace';
import { OpenProgressStatus } from '../app/OpenProgressStatus';
import { readBoardPreview } from '../session/boardCache';
import { browserPlatform } from '../session/browserPlatform';
import { deleteWorkspaceRecords } from '../storage/IndexedDbRecordBackend';
import { BoardPreview, previewHandoff } from './BoardPreview';
import type { PreviewHandoff } from './BoardPreview';
import { VaultSettings } from '../vault/VaultSettings';
import { detach, formText } from '../app/forms';

/** Where the demo syncs if no relay address is set: this machine, if it hosts one later. */
const DEMO_RELAY = 'ws://127.0.0.1:4444';

/** An open, a join or the demo under way: its progress, and for an open its board preview (ADR 0022). */
interface Opening {
  what: string;
  progress: OpenProgress | null;
  preview: BoardCacheSnapshot | null;
  queued: CachedCard | null;
}

/** The workspaces of this vault: open one, create one, or join one with an invite. */
export function WorkspaceList({
  onOpen,
}: {
  /** A workspace is open; `handoff` says what its preview left (a card clicked, the focus, the scroll). */
  onOpen: (client: WorkspaceClient, handoff?: PreviewHandoff) => void;
}) {
  const host = useHost();
  const session = useAppSession();
  const [relayUrl, setRelayUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** What an open, a join or the demo is doing now, shown with a Cancel instead of the list (issue 17). */
  const [opening, setOpening] = useState<Opening | null>(null);
  const cancelOpen = useRef<AbortController | null>(null);
  /** The preview card clicked while opening (ADR 0022: its panel opens once the board is live). */
  const queued = useRef<CachedCard | null>(null);
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

  /**
   * Opens, joins or makes the demo, showing its progress. Cancelled, the list is back at once; a join
   * already sent is kept (the vault is saved, the workspace is in the list) and a session that opened
   * meanwhile is closed.
   */
  async function run(
    title: string,
    action: (options: OpenOptions) => Promise<WorkspaceClient>,
    /** A workspace already here: its board cache, if one opens, is painted before the open starts. */
    previewOf?: string,
  ) {
    const controller = new AbortController();
    cancelOpen.current = controller;
    queued.current = null;
    setError(null);
    setOpening({ what: title, progress: null, preview: null, queued: null });
    const onProgress = (progress: OpenProgress) => {
      if (!controller.signal.aborted) setOpening((o) => o && { ...o, progress });
    };
    try {
      if (previewOf !== undefined) {
        const preview = await readBoardPreview(session.vault.storageKey, previewOf).catch(() => null);
        if (preview && !controller.signal.aborted) {
          setOpening((o) => o && { ...o, preview });
          // Painted before the open's long synchronous steps (decrypting, applying) hold the page.
          await browserPlatform.nextFrame?.();
        }
      }
      const client = await action({ onProgress, signal: controller.signal });
      await session.save();
      if (!controller.signal.aborted) return onOpen(client, previewHandoff(queued.current));
      detach(client.close());
      setLeft((n) => n + 1);
    } catch (err) {
      if (!controller.signal.aborted) {
        setError(err instanceof Error ? err.message : String(err));
        setOpening(null);
        return;
      }
      // A join cancelled after it was sent is kept: the vault holds the workspace now, and the list shows it.
      await session.save().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
      setLeft((n) => n + 1);
    }
  }

  const cancel = () => {
    cancelOpen.current?.abort();
    cancelOpen.current = null;
    setOpening(null);
    setLeft((n) => n + 1);
  };

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const relay = formText(form, 'relay').trim();
    detach(
      run('Creating the workspace', async () => {
        await host.relay.allow(relay);
        return WorkspaceClient.create(session.vault, formText(form, 'title').trim(), relay);
      }),
    );
  };
  /** The demo needs no relay to look around; it uses the address below when one is set. */
  const openDemo = () =>
    run('Preparing the demo workspace', async (options) => {
      const relay = relayUrl.trim() || DEMO_RELAY;
      await host.relay.allow(relay);
      return WorkspaceClient.createDemo(session.vault, relay, options);
    });
  const joinWith = (text: string) =>
    run('Joining the workspace', async (options) => {
      await host.relay.allow(parseInviteToken(text).relayUrl);
      return WorkspaceClient.join(session.vault, text, options);
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
      // Its own records, each room's (`<id>/<room>`), the board cache and what was set aside as damaged.
      await deleteWorkspaceRecords(id);
      setLeft((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const entries = Object.entries(session.vault.workspaces);
  if (opening?.preview) {
    return (
      <BoardPreview
        snapshot={opening.preview}
        what={opening.what}
        progress={opening.progress}
        onCancel={cancel}
        queued={opening.queued}
        onQueue={(card) => {
          queued.current = card;
          setOpening((o) => o && { ...o, queued: card });
        }}
      />
    );
  }
  if (opening) {
    return (
      <div className="workspace-list">
        <OpenProgressStatus what={opening.what} progress={opening.progress} onCancel={cancel} />
      </div>
    );
  }
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

                  onClick={() =>
                    detach(
                      run(
                        `Opening ${w.title}`,
                        async (options) => {
                          await host.relay.allow(w.relayUrl);
                          return WorkspaceClient.open(session.vault, id, undefined, options);
                        },
                        id,
                      ),
                    )
                  }
                >
                  Open {w.title}
                </button>{' '}
                <span className="note">{w.relayUrl}</span>{' '}
                <button type="button" onClick={() => detach(leave(id, w.title))}>
                  Leave {w.title}
                </button>
              </li>
            ))}
          </ul>
        )}
        {!entries.some(([, w]) => w.title === DEMO_WORKSPACE_TITLE) && (
          <button type="button" onClick={() => detach(openDemo())}>
            Open the demo workspace (fictional data)
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
          <button type="submit">Create workspace</button>
        </form>
      </section>
      <section className="card" aria-labelledby="join-title">
        <h2 id="join-title">Join with an invite</h2>
        <form onSubmit={join}>
          <label>
            Invite token
            <textarea name="invite" required rows={3} spellCheck={false} />
          </label>
          <button type="submit">Join</button>{' '}
          <button type="button" onClick={() => detach(joinFromFile())}>
            Open invite file…
          </button>
        </form>
      </section>
      <VaultSettings />
    </div>
  );
}
