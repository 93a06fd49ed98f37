import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';

/**
 * Beside the sync state: this member holds no key of the epoch the roster requires yet (it joined
 * on an invite made before a removal, and no admin has been online since), so its changes stay on
 * this machine, sealed under nothing, until an admin's client wraps the current key for it.
 */
export function KeyWaitNotice({ client }: { client: WorkspaceClient }) {
  useConcerns(client, 'roster', 'status');
  const waiting = client.workspace.waitingForKey();
  if (!waiting) return null;
  const kept = client.workspace.waiting();
  return (
    <p role="status" aria-label="Key" data-state="waiting-for-key">
      Waiting for the current key from an admin: {kept} change{kept === 1 ? '' : 's'} kept on this machine
    </p>
  );
}
