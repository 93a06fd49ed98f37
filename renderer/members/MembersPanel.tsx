import { useState } from 'react';
import type { FormEvent } from 'react';

import { fingerprint, utf8 } from '../../shared/crypto';
import { ROLES } from '../../shared/membership';
import type { Role } from '../../shared/membership';
import { encodeInviteToken } from '../../shared/protocol';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { InvitesTable } from './InvitesTable';
import { handler } from '../app/forms';
import { CompartmentsSection } from './CompartmentsSection';
import { compartmentTitles } from './compartmentTitles';

/**
 * The roster: who is at the table, from which agency, with which role, and whether I have compared
 * their fingerprint aloud. Admins invite, change roles and remove (which rotates the keys).
 */
export function MembersPanel({ client }: { client: WorkspaceClient }) {
  useConcerns(client, 'roster', 'profiles');
  const host = useHost();
  const session = useAppSession();
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<string | null>(null);
  const [inviteRole, setInviteRole] = useState<Role>('analyst');
  // The vault is not a Yjs document: a verification re-renders through this counter.
  const [, setVaultVersion] = useState(0);
  const { api, workspaceId } = client;
  const roster = api.roster;
  const me = api.me;
  const isAdmin = me?.role === 'admin' && !roster.provisional.has(me.memberId);
  const profiles = api.profiles();
  const nameOf = (memberId: string) =>
    profiles.get(memberId)?.name ?? (memberId === session.vault.memberId ? 'you' : `${memberId.slice(0, 8)}…`);
  const verified = session.vault.workspace(workspaceId).verified ?? {};

  const attempt = handler(async (action: () => unknown) => {
    try {
      setError(null);
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  });

  const createInvite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    attempt(() => {
      const hours = Number(form.get('hours'));
      const compartments = form.getAll('compartments').filter((v): v is string => typeof v === 'string');
      const seed = api.invite(inviteRole, hours * 3600_000, compartments);
      setInvite(encodeInviteToken({ workspaceId, relayUrl: session.vault.workspace(workspaceId).relayUrl, seed }));
    });
  };

  const verify = (memberId: string, shown: string) =>
    attempt(async () => {
      const heard = window.prompt(`Type the fingerprint this member reads aloud to you:`);
      if (heard === null) return;
      if (heard.replace(/\s+/g, ' ').trim() !== shown) {
        throw new Error("The fingerprints differ: do not trust this member's keys until you know why.");
      }
      const record = session.vault.workspace(workspaceId);
      session.vault.setWorkspace(workspaceId, { ...record, verified: { ...record.verified, [memberId]: shown } });
      await session.save();
      setVaultVersion((v) => v + 1);
    });

  return (
    <section aria-label="Members">
      <p>
        Your fingerprint: <code aria-label="Your fingerprint">{session.vault.fingerprint}</code>
      </p>
      {error && <p role="alert">{error}</p>}
      <table className="roster">
        <caption>Members of this workspace</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Agency</th>
            <th scope="col">Role</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Verified</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {[...roster.members.values()].map((m) => {
            const p = profiles.get(m.memberId);
            const name = p?.name ?? '(name not yet known)';
            const shown = fingerprint(m);
            const you = m.memberId === session.vault.memberId;
            return (
              <tr key={m.memberId}>
                <th scope="row">
                  {name}
                  {you ? ' (you)' : ''}
                </th>
                <td>{p?.agency ?? ''}</td>
                <td>
                  {m.role}
                  {roster.provisional.has(m.memberId) ? ' (join not yet confirmed by an admin)' : ''}
                </td>
                <td>
                  <code>{shown}</code>
                </td>
                <td>{you || verified[m.memberId] === shown ? 'verified' : 'not verified'}</td>
                <td>
                  {!you && (
                    <button type="button" onClick={() => verify(m.memberId, shown)}>
                      Verify {name}
                    </button>
                  )}
                  {isAdmin && !you && (
                    <>
                      <label>
                        Role of {name}
                        <select
                          value={m.role}
                          onChange={(e) => attempt(() => api.changeRole(m.memberId, e.target.value as Role))}
                        >
                          {ROLES.map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                      </label>
                      <button
                        type="button"
                        onClick={() => {
                          if (
                            !window.confirm(
                              `Remove ${name}? They will not be able to read anything written from now on.`,
                            )
                          )
                            return;
                          // They may hold the token of an invite nobody used yet: offer to revoke them all.
                          const open = api.openInvites().length;
                          const revokeOpenInvites =
                            open > 0 &&
                            window.confirm(
                              `Also revoke the ${open} open invite${open === 1 ? '' : 's'}? ${name} may hold one.`,
                            );
                          attempt(() => api.removeMember(m.memberId, { revokeOpenInvites }));
                        }}
                      >
                        Remove {name}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {isAdmin && <InvitesTable client={client} attempt={attempt} nameOf={nameOf} />}
      {isAdmin && (
        <form className="inline" onSubmit={createInvite} aria-label="Invite">
          <label>
            Role for the invite
            <select name="role" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <InviteCompartments client={client} role={inviteRole} />
          <label>
            Valid for (hours)
            <input name="hours" type="number" min={1} max={720} defaultValue={72} />
          </label>
          <button type="submit">Create invite</button>
        </form>
      )}
      {isAdmin && <CompartmentsSection client={client} attempt={attempt} nameOf={nameOf} />}
      {invite && (
        <div>
          <label>
            Invite token
            <textarea readOnly value={invite} rows={3} />
          </label>
          <p className="note">Give it by hand (read out, typed, or as a file): whoever holds it can join once.</p>
          <button
            type="button"
            onClick={() =>
              attempt(() =>
                host.files.save({
                  suggestedName: 'invite.utinvite',
                  data: utf8(invite),
                  filters: [{ name: 'Unity Table invite', extensions: ['utinvite'] }],
                }),
              )
            }
          >
            Save invite as file
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * The compartments an invite's use enters: a partner reads only the releasable ones it is given (one
 * at least); a core role may be given restricted ones besides the core.
 */
function InviteCompartments({ client, role }: { client: WorkspaceClient; role: Role }) {
  const titles = compartmentTitles(client.api);
  const kind = role === 'partner' ? 'releasable' : 'restricted';
  const offered = [...client.api.roster.compartments.values()].filter(
    (c) => c.kind === kind && titles.has(c.compartmentId),
  );
  if (offered.length === 0)
    return role === 'partner' ? (
      <p className="note">A partner reads only the compartments it is in: create a releasable one first.</p>
    ) : null;
  return (
    <fieldset>
      <legend>{role === 'partner' ? 'Compartments the partner reads' : 'Restricted compartments it enters'}</legend>
      {offered.map((c) => (
        <label key={c.compartmentId} className="check">
          <input type="checkbox" name="compartments" value={c.compartmentId} /> {titles.get(c.compartmentId)}
        </label>
      ))}
    </fieldset>
  );
}
