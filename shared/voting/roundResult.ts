import { BALLOTS } from './records';
import { countableBallots, effectiveClose, findRound, listRounds, scanCloses, signedBallots } from './roundState';
import type { IgnoredRecord, RejectedBallot, RoundRecord } from './roundState';
import { SKEW_MS } from './roundRecords';
import type { CloseBody, Eligibility } from './roundRecords';
import { tally } from './tally';
import type { CountingMethod, TallyResult } from './tally';
import type { VotingContext } from './votingContext';

export interface Verification {
  /** The published result is exactly what the signed ballots it lists give. */
  verified: boolean;
  problems: string[];
  /** The recount from the signed ballots (null if the round is not closed). */
  result: TallyResult | null;
}

export interface RoundView {
  roundId: string;
  title: string;
  candidates: string[];
  per: Eligibility;
  method: CountingMethod;
  closesAt: number | null;
  openedBy: string;
  openedAt: number;
  /** Who has cast a valid signed ballot: all anyone sees before the close. */
  voted: string[];
  /** Ballots refused, with why (forged, altered, not eligible, …). */
  rejected: RejectedBallot[];
  close: Pick<CloseBody, 'closer' | 'closedAt' | 'publishedAt' | 'ballots' | 'order'> | null;
  verification: Verification | null;
  /** Valid ballots cast before the close that the published count does not include (they arrived later). */
  late: RejectedBallot[];
  /** Closes of this round that are not believed, with why (a forged date, another key, …). */
  ignored: IgnoredRecord[];
}

/** Recomputes a closed round from its signed ballots and says whether the published result matches. */
export function verifyRound(ctx: VotingContext, roundId: string, now = Date.now()): Verification {
  const round = findRound(ctx, roundId, now);
  if (!round) return { verified: false, problems: [`no round ${roundId}`], result: null };
  const close = effectiveClose(ctx, round, now);
  if (!close) return { verified: false, problems: ['the round is not closed yet'], result: null };
  const problems: string[] = [];
  const listed = new Set(close.body.ballots);
  const stored = ctx.doc.getMap(BALLOTS);
  const { counted, rejected } = countableBallots(ctx, round, close.pair, close.body.closedAt, listed);
  const countedIds = new Set(counted.map((b) => b.id));
  for (const id of close.body.ballots) {
    if (countedIds.has(id)) continue;
    if (!stored.has(id)) problems.push(`ballot ${id} is listed but missing`);
    else {
      const why = rejected.find((r) => r.id === id)?.reason ?? 'it does not count';
      problems.push(`ballot ${id} is listed but ${why}`);
    }
  }
  const result = tally(
    round.body.method,
    round.body.candidates,
    counted.map((b) => ({ ranking: b.ranking })),
  );
  if (JSON.stringify(result.order) !== JSON.stringify(close.body.order)) {
    problems.push('the published order differs from the recount of the signed ballots');
  }
  return { verified: problems.length === 0, problems, result };
}

export function readRound(ctx: VotingContext, round: RoundRecord, now = Date.now()): RoundView {
  const { closes, ignored } = scanCloses(ctx, round, now);
  const close = closes[0] ?? null;
  const at = close?.body.closedAt ?? now;
  const { valid, rejected } = signedBallots(ctx, round, at);
  let late: RejectedBallot[] = [];
  let verification: Verification | null = null;
  if (close) {
    verification = verifyRound(ctx, round.body.roundId, now);
    const all = countableBallots(ctx, round, close.pair, close.body.closedAt);
    const listed = new Set(close.body.ballots);
    late = all.counted
      .filter((b) => !listed.has(b.id))
      .map((b) => ({ id: b.id, voter: b.voter, reason: 'cast before the close, arrived after it' }));
  }
  return {
    roundId: round.body.roundId,
    title: round.body.title,
    candidates: round.body.candidates,
    per: round.body.per,
    method: round.body.method,
    closesAt: round.body.closesAt,
    openedBy: round.body.openedBy,
    openedAt: round.body.openedAt,
    voted: [...new Set(valid.map((b) => b.body.voter))].sort(),
    rejected,
    close: close
      ? {
          closer: close.body.closer,
          closedAt: close.body.closedAt,
          publishedAt: close.body.publishedAt,
          ballots: close.body.ballots,
          order: close.body.order,
        }
      : null,
    verification,
    late,
    ignored,
  };
}

export function readRounds(ctx: VotingContext, now = Date.now()): RoundView[] {
  return listRounds(ctx, now).map((r) => readRound(ctx, r, now));
}

/**
 * The priorities standing on the board: the top five of the latest closed round whose published
 * result verifies (ties listed by candidate id, as the tally's `ranking` does). Organization id → rank.
 * A close signed after `now` (plus the skew clocks are allowed) does not stand: nobody pins the
 * board from the future.
 */
export function currentPriorities(rounds: RoundView[], now = Date.now()): Map<string, number> {
  const latest = rounds
    .filter((r) => r.close && r.close.publishedAt <= now + SKEW_MS && r.verification?.verified && r.verification.result)
    .sort((a, b) => b.close!.closedAt - a.close!.closedAt)[0];
  const ranking = latest?.verification?.result?.ranking ?? [];
  return new Map(ranking.slice(0, 5).map((org, i) => [org, i + 1]));
}
