import { useEffect, useState } from 'react';

import type { RelayStatus } from '../../shared/ipc';
import { useHost } from '../host';
import { EncryptionStatus } from './EncryptionStatus';
import { HostTable } from './HostTable';

type Shown = { state: 'checking' } | { state: 'ready'; relay: RelayStatus } | { state: 'error'; message: string };

/** The connection area: which relay this machine hosts or uses, always in view. */
export function ConnectionStatus() {
  const host = useHost();
  const [shown, setShown] = useState<Shown>({ state: 'checking' });

  useEffect(() => {
    let live = true;
    host.relay.status().then(
      (relay) => live && setShown({ state: 'ready', relay }),
      (e: unknown) => live && setShown({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [host]);

  let text: string;
  if (shown.state === 'checking') text = 'Checking the relay…';
  else if (shown.state === 'error') text = `Relay unknown: ${shown.message}`;
  else if (shown.relay.hosting) text = `Relay on this machine: ${shown.relay.addresses?.[0] ?? shown.relay.url}`;
  else if (shown.relay.configuredUrl) text = `Relay: ${shown.relay.configuredUrl}`;
  // Each workspace names its own relay; its sync state shows beside it when open.
  else text = 'This machine hosts no relay';

  return (
    <section className="connection-status" aria-label="Connection">
      <EncryptionStatus />
      <p
        role="status"
        aria-label="Relay"
        data-state={shown.state === 'ready' && (shown.relay.hosting || shown.relay.configuredUrl) ? 'relay' : 'offline'}
      >
        {text}
      </p>
      <HostTable
        status={shown.state === 'ready' ? shown.relay : null}
        onHosted={(relay) => setShown({ state: 'ready', relay })}
      />
    </section>
  );
}
