import { useState } from 'react';
import type { FormEvent } from 'react';

import { detach, formText } from '../app/forms';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import { WorkspaceClient } from '../session/WorkspaceClient';
import { parseRelayAddress } from './relayAddress';

/**
 * The relay this workspace syncs through, and a way to point it at another — the office's own,
 * a field relay (ADR 0014). The workspace reopens on the new relay; one that has never seen it
 * takes it from this member, who brings the signed roster.
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

  const change = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = parseRelayAddress(formText(new FormData(e.currentTarget), 'relay'));
    if (!parsed.ok) return setError(parsed.problem);
    setError(null);
    if (parsed.url === current) return;
    setBusy(true);
    try {
      await host.relay.allow(parsed.url);
      const id = client.workspaceId;
      session.vault.setWorkspace(id, { ...session.vault.workspace(id), relayUrl: parsed.url });
      await session.save();
      await client.close();
      onReopen(await WorkspaceClient.open(session.vault, id));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    // Folded again once it points elsewhere (a new key: a fresh element).
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
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
