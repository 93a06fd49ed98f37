import { useState } from 'react';
import type { FormEvent } from 'react';

import { detach, formText } from '../app/forms';
import { OpenProgressStatus } from '../app/OpenProgressStatus';
import { OpenCancelled } from '../../shared/sync';
import type { OpenProgress } from '../../shared/workspace';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import { WorkspaceClient } from '../session/WorkspaceClient';
import { parseRelayAddress } from './relayAddress';

/** The longest wait for the new relay to hold the directory, then each room (a large workspace over a slow link). */
const RESTORE_TIMEOUT_MS = 600_000;

/**
 * The relay this workspace syncs through, and a way to point it at another — the office's own,
 * a field relay (ADR 0014). The workspace reopens on the new relay; one that has never seen it (or
 * lost it) takes it from this member, who brings the signed roster and uploads the rooms: that restore
 * shows its progress (issue 17). Cancel goes back to the relay before; the local copy holds everything.
 */
export function RelaySetting({
  client,
  onReopen,
}: {
  client: WorkspaceClient;
  onReopen: (c: WorkspaceClient) => void;
}) {
  const host = useHost();
  const session = useAppSession();
  const current = session.vault.workspace(client.workspaceId).relayUrl;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<{ progress: OpenProgress | null; cancel: () => void } | null>(null);

  const change = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = parseRelayAddress(formText(new FormData(e.currentTarget), 'relay'));
    if (!parsed.ok) return setError(parsed.problem);
    setError(null);
    if (parsed.url === current) return;
    setBusy(true);
    const id = client.workspaceId;
    const before = session.vault.workspace(id);
    const reopenOn = async (relayUrl: string, from: WorkspaceClient): Promise<WorkspaceClient> => {
      session.vault.setWorkspace(id, { ...session.vault.workspace(id), relayUrl });
      await session.save();
      await from.close();
      const reopened = await WorkspaceClient.open(session.vault, id);
      onReopen(reopened);
      return reopened;
    };
    try {
      await host.relay.allow(parsed.url);
      const reopened = await reopenOn(parsed.url, client);
      const controller = new AbortController();
      setRestoring({ progress: null, cancel: () => controller.abort() });
      try {
        await reopened.session.restore({
          onProgress: (progress) => setRestoring((r) => r && { ...r, progress }),
          signal: controller.signal,
          timeoutMs: RESTORE_TIMEOUT_MS,
        });
      } catch (err) {
        // Cancelled: back to the relay before, the local copy whole.
        if (err instanceof OpenCancelled) await reopenOn(before.relayUrl, reopened);
        else throw err;
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setRestoring(null);
      setBusy(false);
    }
  };

  if (restoring) {
    return (
      <OpenProgressStatus
        what={`Restoring ${client.api.title() || 'the workspace'} to the relay`}
        progress={restoring.progress}
        onCancel={restoring.cancel}
      />
    );
  }
  return (
    <>
      {error && <p role="alert">{error}</p>}
      {/* Folded again once it points elsewhere (a new key: a fresh element). */}
      <details className="relay-setting" key={current}>
        <summary>Relay: {current}</summary>
        <form onSubmit={(e) => detach(change(e))}>
          <label>
            Relay for this workspace
            <input name="relay" required defaultValue={current} placeholder="ws://10.0.0.5:4444" spellCheck={false} />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Switching…' : 'Use this relay'}
          </button>
        </form>
        <p className="note">
          Everyone who syncs through a relay sees each other&apos;s changes; between two relays, bundles carry them. A
          relay that has never seen this workspace takes it from any member: this app brings it there.
        </p>
      </details>
    </>
  );
}
