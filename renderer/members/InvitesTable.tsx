import { useState } from 'react';

import type { InviteStatus } from '../../shared/membership';
import type { WorkspaceClient } from '../session/WorkspaceClient';

const STATE_TEXT: Record<InviteStatus['state'], string> = {
  open: 'not used yet',
  pending: 'joined, awaiting an admin’s confirmation',
  used: 'used',
  contested: 'two joins: choose the right one',
  expired: 'expired unused',
  revoked: 'revoked',
};

/**
 * What admins see of the invites (ADR 0007): who made each, its role, its expiry and whether it
 * was used; they revoke the ones still open, and choose the right join of a contested one.
 */
export function InvitesTable({
  client,
  attempt,
  nameOf,
}: {
  client: WorkspaceClient;
  attempt: (action: () => unknown) => void;
  nameOf: (memberId: string) => string;
}) {
  const { api } = client;
  // Expiry is judged when the tab opens (an expired invite shows as such from the next visit).
  const [openedAt] = useState(() => Date.now());
  const invites = api.invites(openedAt);
  if (invites.length === 0) return null;
  const needsAction = invites.filter((i) => i.state === 'open' || i.state === 'pending' || i.state === 'contested');
  // Folded by default, so the roster stays the first thing on the tab; contested invites open it.
  return (
    <details open={invites.some((i) => i.state === 'contested')}>
      <summary>
        Invites ({needsAction.length} open of {invites.length})
      </summary>
      <table className="roster">
        <caption>Invites</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Made by</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.inviteId}>
              <th scope="row">{i.role}</th>
              <td>{nameOf(i.createdBy)}</td>
              <td>{new Date(i.expiresAt).toLocaleString()}</td>
              <td>
                {STATE_TEXT[i.state]}
                {i.usedBy && i.state !== 'contested' ? ` (${nameOf(i.usedBy)})` : ''}
              </td>
              <td>
                {(i.state === 'open' || i.state === 'pending' || i.state === 'contested') && (
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(`Revoke this ${i.role} invite? Nobody will be able to join with it.`) &&
                      attempt(() => api.revokeInvite(i.inviteId))
                    }
                  >
                    Revoke {i.role} invite
                  </button>
                )}
                {/* A pending join key upkeep leaves to a person: the invite predates a removal (F7). */}
                {(i.state === 'contested' || i.state === 'pending') &&
                  i.claims.map((memberId) => (
                    <button
                      key={memberId}
                      type="button"
                      onClick={() =>
                        window.confirm(
                          `Confirm member ${memberId.slice(0, 8)}… as the one who was invited? Compare fingerprints first.`,
                        ) && attempt(() => api.confirmJoin(i.inviteId, memberId))
                      }
                    >
                      Confirm {memberId.slice(0, 8)}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
