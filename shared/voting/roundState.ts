import { boxPublicKeyOf, bytesEqual, fromBase64Url, fromUtf8, openSealedBox, SignatureDomain } from '../crypto';
import type { BoxKeyPair } from '../crypto';
import { BALLOTS, CLOSES, parseBody, readRecords, recordValid, ROUNDS } from './records';
import { ballotBody, ballotContent, closeBody, roundBody } from './roundRecords';
import type { BallotBody, CloseBody, RoundBody } from './roundRecords';
import { couldClose, couldVoteAt, signKeyOf } from './votingContext';
import type { VotingContext } from './votingContext';

export interface RoundRecord {
  id: string;
  body: RoundBody;
}

export interface BallotRecord {
  id: string;
  body: BallotBody;
}

export interface CountedBallot {
  id: string;
  voter: string;
  castAt: number;
  ranking: string[][];
}

export interface RejectedBallot {
  id: string;
  voter: string;
  reason: string;
}

/** Clock skew allowed between a ballot and the round's opening (the voter's and opener's clocks differ). */
const SKEW_MS = 5 * 60_000;

/** Rounds signed by a member who could open them (a lead or admin at the time), newest first. */
export function listRounds(ctx: VotingContext): RoundRecord[] {
  const out: RoundRecord[] = [];
  const seen = new Set<string>();
  for (const record of readRecords(ctx.doc, ROUNDS)) {
    const parsed = roundBody.safeParse(parseBody(record));
    if (!parsed.success || parsed.data.workspaceId !== ctx.workspaceId || seen.has(parsed.data.roundId)) continue;
    const key = signKeyOf(ctx.roster, parsed.data.openedBy);
    if (!key || !recordValid(record, SignatureDomain.roundOpen, key)) continue;
    if (!couldVoteAt(ctx.roster, parsed.data.openedBy, parsed.data.openedAt)) continue;
    seen.add(parsed.data.roundId);
    out.push({ id: record.id, body: parsed.data });
  }
  return out.sort((a, b) => b.body.openedAt - a.body.openedAt || a.id.localeCompare(b.id));
}

export function findRound(ctx: VotingContext, roundId: string): RoundRecord | null {
  return listRounds(ctx).find((r) => r.body.roundId === roundId) ?? null;
}

/**
 * The round's ballots whose signature checks, from members who could vote — what anyone can see
 * before the close: who has voted (the rankings stay sealed). The others, with the reason.
 */
export function signedBallots(
  ctx: VotingContext,
  round: RoundRecord,
  at: number,
): { valid: BallotRecord[]; rejected: RejectedBallot[] } {
  const valid: BallotRecord[] = [];
  const rejected: RejectedBallot[] = [];
  for (const record of readRecords(ctx.doc, BALLOTS)) {
    const parsed = ballotBody.safeParse(parseBody(record));
    if (!parsed.success || parsed.data.roundId !== round.body.roundId) continue;
    const { voter } = parsed.data;
    const key = signKeyOf(ctx.roster, voter);
    const reject = (reason: string) => rejected.push({ id: record.id, voter, reason });
    if (!key) reject('signed by someone who is not a member');
    else if (!recordValid(record, SignatureDomain.ballot, key))
      reject('altered after signing, or not signed by its voter');
    else if (!couldVoteAt(ctx.roster, voter, at)) reject('its voter is not a lead or admin (or was removed)');
    else if (parsed.data.castAt < round.body.openedAt - SKEW_MS) reject('cast before the round opened');
    else valid.push({ id: record.id, body: parsed.data });
  }
  return { valid, rejected };
}

/**
 * The ballots that count, given the round's key: signed and eligible, cast before `closedAt`,
 * opened and well-formed, the latest per voter, and with one ballot per agency the first voter of
 * each agency only. `among` limits the choice to listed ballots (what a close published).
 */
export function countableBallots(
  ctx: VotingContext,
  round: RoundRecord,
  pair: BoxKeyPair,
  closedAt: number,
  among?: ReadonlySet<string>,
): { counted: CountedBallot[]; rejected: RejectedBallot[]; late: RejectedBallot[] } {
  const { valid, rejected } = signedBallots(ctx, round, closedAt);
  const late: RejectedBallot[] = [];
  const candidates = new Set(round.body.candidates);
  const opened: CountedBallot[] = [];
  for (const b of valid) {
    if (among && !among.has(b.id)) continue;
    const reject = (reason: string) => rejected.push({ id: b.id, voter: b.body.voter, reason });
    if (b.body.castAt > closedAt) {
      late.push({ id: b.id, voter: b.body.voter, reason: 'cast after the close' });
      continue;
    }
    const plain = openSealedBox(fromBase64Url(b.body.sealed), pair);
    const content = plain && ballotContent.safeParse(safeJson(fromUtf8(plain)));
    if (!content?.success) {
      reject('does not open with the round’s key');
      continue;
    }
    const ranked = content.data.ranking.flat();
    if (ranked.some((c) => !candidates.has(c)) || new Set(ranked).size !== ranked.length) {
      reject('ranks something that is not a candidate, or one twice');
      continue;
    }
    opened.push({ id: b.id, voter: b.body.voter, castAt: b.body.castAt, ranking: content.data.ranking });
  }
  // The latest ballot of each voter counts (ties by record id, the same everywhere).
  const latest = new Map<string, CountedBallot>();
  for (const b of opened.sort((x, y) => x.castAt - y.castAt || x.id.localeCompare(y.id))) latest.set(b.voter, b);
  let counted = [...latest.values()];
  if (round.body.per === 'agency') {
    const firstVote = new Map<string, number>();
    for (const b of opened) firstVote.set(b.voter, Math.min(firstVote.get(b.voter) ?? Infinity, b.castAt));
    const holder = new Map<string, string>();
    for (const voter of [...firstVote.keys()].sort(
      (a, b) => firstVote.get(a)! - firstVote.get(b)! || a.localeCompare(b),
    )) {
      const agency = ctx.agencyOf(voter) ?? `member ${voter}`;
      if (!holder.has(agency)) holder.set(agency, voter);
    }
    counted = counted.filter((b) => {
      const agency = ctx.agencyOf(b.voter) ?? `member ${b.voter}`;
      if (holder.get(agency) === b.voter) return true;
      rejected.push({ id: b.id, voter: b.voter, reason: `a second ballot from ${agency} (one per agency)` });
      return false;
    });
  }
  return { counted: counted.sort((a, b) => a.id.localeCompare(b.id)), rejected, late };
}

export interface CloseRecord {
  id: string;
  body: CloseBody;
  pair: BoxKeyPair;
}

/** Closes signed by the opener or an admin whose published key is the round's; the latest first. */
export function validCloses(ctx: VotingContext, round: RoundRecord): CloseRecord[] {
  const out: CloseRecord[] = [];
  const publicKey = fromBase64Url(round.body.publicKey);
  for (const record of readRecords(ctx.doc, CLOSES)) {
    const parsed = closeBody.safeParse(parseBody(record));
    if (!parsed.success || parsed.data.roundId !== round.body.roundId) continue;
    const key = signKeyOf(ctx.roster, parsed.data.closer);
    if (!key || !recordValid(record, SignatureDomain.roundClose, key)) continue;
    if (!couldClose(ctx.roster, parsed.data.closer, round.body.openedBy, parsed.data.closedAt)) continue;
    const secretKey = fromBase64Url(parsed.data.secretKey);
    if (secretKey.length !== 32 || !bytesEqual(boxPublicKeyOf(secretKey), publicKey)) continue;
    out.push({ id: record.id, body: parsed.data, pair: { publicKey, secretKey } });
  }
  return out.sort((a, b) => b.body.publishedAt - a.body.publishedAt || a.id.localeCompare(b.id));
}

/** The close that stands: the latest valid one (a recount supersedes the first count). */
export function effectiveClose(ctx: VotingContext, round: RoundRecord): CloseRecord | null {
  return validCloses(ctx, round)[0] ?? null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
