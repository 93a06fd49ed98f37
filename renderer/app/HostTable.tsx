import { useState } from 'react';

import type { RelayStatus } from '../../shared/ipc';
import { useHost } from '../host';
import { detach } from './forms';
import { hostTableView, tablePort } from './hostTableText';

/**
 * "Host a table from this laptop" (ADR 0014): the desktop app starts its relay for the office
 * network — after the native confirmation the main process asks — and shows the addresses to give
 * colleagues; a browser says how to start one. Any member can then bring a workspace to it.
 */
export function HostTable({ status, onHosted }: { status: RelayStatus | null; onHosted: (s: RelayStatus) => void }) {
  const host = useHost();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const view = hostTableView(host.relay.canHost, status);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      onHosted(await host.relay.host({ port: tablePort(status), lan: true }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="host-table">
      <summary>Host a table from this laptop</summary>
      {view.kind === 'offer' && (
        <>
          <p>{view.hint}</p>
          <button type="button" disabled={busy} onClick={() => detach(start())}>
            {busy ? 'Starting…' : 'Host for the office network'}
          </button>
        </>
      )}
      {view.kind !== 'offer' && <p aria-label="How to host a table">{view.text}</p>}
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
