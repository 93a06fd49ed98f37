import { useEffect, useState } from 'react';

import type { RoundView, Verification } from '../../shared/voting';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { BallotForm } from './BallotForm';
import { RoundResult } from './RoundResult';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface Props {
  client: WorkspaceClient;
  round: RoundView;
  canVote: boolean;
  nameOf: (memberId: string) => string;
  orgName: (orgId: string) => string;
  now: number;
}

/** One round: open (who has voted, my ballot, close) or closed (the result, verify, late ballots, recount). */
export function RoundCard({ client, round, canVote, nameOf, orgName, now }: Props) {
  const { votes } = client.api;
  const [message, setMessage] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const isHolder = votes.holdsKey(round.roundId);
  const closed = round.close !== null;
  const due = !closed && round.closesAt !== null && round.closesAt <= now;

  const act = (what: () => void, done: string) => {
    try {
      what();
      setMessage(done);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  const close = () => act(() => votes.close(round.roundId), 'Round closed.');
  // A close again keeps closedAt and counts the signed ballots as this holder's roster judges them
  // (ADR 0006): it mends a close made before its closer heard of a voter's earlier demotion.
  const recount = () => {
    act(
      () => votes.close(round.roundId),
      'Recounted from the signed ballots: the new count is signed and published. Verify checks it.',
    );
    setVerification(null);
  };
  // The rounds' read already verified every closed round (readRound), so a failure shows unasked;
  // "Verify" recounts again on demand.
  const shown = verification ?? (round.verification?.verified === false ? round.verification : null);
  const failing = shown !== null && !shown.verified;

  // A round past its closing time is closed by the first of its key holders to see it.
  useEffect(() => {
    if (!due || !isHolder) return;
    try {
      votes.close(round.roundId);
    } catch (err) {
      // "Close round now" stays offered and says why, if it fails again.
      console.warn(`Could not close round ${round.roundId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, [due, isHolder, votes, round.roundId]);

  const headingId = `round-${round.roundId}`;
  return (
    <section className="card round" aria-labelledby={headingId}>
      <h3 id={headingId}>{round.title}</h3>
      <p className="note">
        {round.method === 'schulze' ? 'Schulze' : 'Borda'} ·{' '}
        {round.per === 'lead' ? 'every lead votes' : 'one ballot per agency'} · opened by {nameOf(round.openedBy)} on{' '}
        {when(round.openedAt)} ·{' '}
        {closed
          ? `closed ${when(round.close!.closedAt)}`
          : round.closesAt !== null
            ? `closes ${when(round.closesAt)}`
            : 'closes by hand'}
      </p>
      <p aria-label="Who has voted">
        {round.voted.length === 0 ? 'No ballots yet.' : `Voted: ${round.voted.map(nameOf).sort().join(', ')}`}
      </p>
      {round.rejected.length > 0 && (
        <ul className="rejected" aria-label="Refused ballots">
          {round.rejected.map((r) => (
            <li key={r.id}>
              Refused a ballot from {nameOf(r.voter)}: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {round.ignored.length > 0 && (
        <ul className="rejected" aria-label="Ignored closes">
          {round.ignored.map((r) => (
            <li key={r.id}>Ignored a close of this round: {r.reason}.</li>
          ))}
        </ul>
      )}
      {!closed && canVote && (
        <BallotForm
          round={round}
          orgName={orgName}
          onCast={(ranking) =>
            act(
              () => votes.cast(round.roundId, ranking),
              'Your ballot is cast, sealed until the round closes. You can change it until then.',
            )
          }
        />
      )}
      {!closed && isHolder && (
        <button type="button" onClick={close}>
          Close round now
        </button>
      )}
      {closed && (
        <>
          <RoundResult round={round} orgName={orgName} />
          <button type="button" onClick={() => setVerification(votes.verify(round.roundId))}>
            Verify
          </button>
          {shown && (
            <p role="status" aria-label="Verification" className={shown.verified ? 'verified' : 'not-verified'}>
              {shown.verified
                ? `Verified: recounting the ${shown.result?.ballots ?? 0} signed ballots gives the published result.`
                : `Does not verify: ${shown.problems.join('; ')}`}
            </p>
          )}
          {failing && isHolder && (
            <button type="button" onClick={recount}>
              Recount from the signed ballots
            </button>
          )}
          {round.late.length > 0 && (
            <p>
              {round.late.length} ballot{round.late.length === 1 ? '' : 's'} signed before the close arrived after it (
              {round.late.map((l) => nameOf(l.voter)).join(', ')}).{' '}
              {isHolder && (
                <button type="button" onClick={close}>
                  Recount with late ballots
                </button>
              )}
            </p>
          )}
        </>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
