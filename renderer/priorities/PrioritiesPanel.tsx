import { useEffect, useMemo, useState } from 'react';

import { VOTING_ROLES } from '../../shared/voting';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { OpenRoundForm } from './OpenRoundForm';
import { RankHistory } from './RankHistory';
import { RoundCard } from './RoundCard';
import './priorities.css';

/** Priority rounds: open one, vote, close, the verified results, and how organizations moved. */
export function PrioritiesPanel({ client }: { client: WorkspaceClient }) {
  const version = useConcerns(client, 'votes', 'board', 'profiles', 'roster');
  // The clock a closing time is compared with; it moves on while the tab is open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const { api } = client;
  const me = api.me;
  const canVote = me !== undefined && VOTING_ROLES.has(me.role);
  // `version` changes whenever a document does: the cache key of the rounds' read.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rounds = useMemo(() => api.votes.rounds(), [api, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ignored = useMemo(() => api.votes.ignored(), [api, version]);
  const nameOf = (memberId: string) => {
    const p = api.profile(memberId);
    return p ? `${p.name} (${p.agency})` : `member ${memberId.slice(0, 8)}`;
  };
  const orgName = (id: string) => api.board.organizationName(id) || 'removed organization';
  const organizations = api.board.read().flatMap((l) => l.cards.map((c) => ({ id: c.id, name: c.name })));

  return (
    <div className="priorities-page">
      {canVote ? (
        <OpenRoundForm client={client} organizations={organizations} />
      ) : (
        <p className="note">Leads and admins open rounds and vote; you can follow the results.</p>
      )}
      {rounds.length === 0 ? (
        <p className="empty-state">No priority round yet.</p>
      ) : (
        rounds.map((r) => (
          <RoundCard
            key={r.roundId}
            client={client}
            round={r}
            canVote={canVote}
            nameOf={nameOf}
            orgName={orgName}
            now={now}
          />
        ))
      )}
      {ignored.length > 0 && (
        <ul className="rejected" aria-label="Ignored rounds">
          {ignored.map((r) => (
            <li key={r.id}>
              Ignored a record of round {r.roundId.slice(0, 8)}: {r.reason}.
            </li>
          ))}
        </ul>
      )}
      <RankHistory rounds={rounds} orgName={orgName} />
    </div>
  );
}
