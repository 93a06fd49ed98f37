import { boxPublicKeyOf, bytesEqual, fromBase64Url, fromUtf8, openSealedBox, SignatureDomain } from '../crypto';
import type { BoxKeyPair } from '../crypto';
import { parseBody, readRecords, recordValid } from '../model';
import { BALLOTS, CLOSES, ROUNDS } from './records';
import { ballotBody, ballotContent, closeBody, MAX_ROUND_MS, roundBody, roundIdFor, SKEW_MS } from './roundRecords';
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

/** A record that names a round but is not believed, and why (shown, never silently dropped). */
export interface IgnoredRecord {
  id: string;
  kind: 'round' | 'close' | 'ballot';
  roundId: string;
  reason: string;
}

/**
 * The rounds signed by a member who could open them (a lead or admin at the time), newest first,
 * and the round records that are not believed. A round's id is bound to its opening record
 * (roundIdFor): a record claiming an id its signer did not derive is ignored, and an opener who
 * signs two versions of one round (other candidates, say, after reading ballots) loses both.
 */
export function scanRounds(ctx: VotingContext, now = Date.now()): { rounds: RoundRecord[]; ignored: IgnoredRecord[] } {
  const ignored: IgnoredRecord[] = [];
  const byId = new Map<string, RoundRecord[]>();
  for (const record of readRecords(ctx.doc, ROUNDS)) {
    const parsed = roundBody.safeParse(parseBody(record));
    if (!parsed.success || parsed.data.workspaceId !== ctx.workspaceId) continue;
    const b = parsed.data;
    const ignore = (reason: string) => ignored.push({ id: record.id, kind: 'round', roundId: b.roundId, reason });
    const key = signKeyOf(ctx.roster, b.openedBy);
    if (!key || !recordValid(record, SignatureDomain.roundOpen, key))
      ignore('it is not signed by the member it names as its opener');
    else if (b.roundId !== roundIdFor(b.workspaceId, b.openedBy, b.nonce))
      ignore(`it claims the round id ${b.roundId}, which is bound to another opening record`);
    else if (!couldVoteAt(ctx.roster, b.openedBy, b.openedAt)) ignore('its opener is not a lead or admin');
    else if (b.openedAt > now + SKEW_MS) ignore('it is dated in the future');
    else if (b.closesAt !== null && (b.closesAt <= b.openedAt || b.closesAt > b.openedAt + MAX_ROUND_MS))
      ignore('its closing time is not within a year after its opening');
    else byId.set(b.roundId, [...(byId.get(b.roundId) ?? []), { id: record.id, body: b }]);
  }
  const rounds: RoundRecord[] = [];
  for (const [roundId, versions] of byId) {
    if (versions.length === 1) rounds.push(versions[0]!);
    else
      for (const v of versions)
        ignored.push({ id: v.id, kind: 'round', roundId, reason: 'its opener signed two different versions of it' });
  }
  return { rounds: rounds.sort((a, b) => b.body.openedAt - a.body.openedAt || a.id.localeCompare(b.id)), ignored };
}

/** The rounds that stand, newest first (see scanRounds). */
export function listRounds(ctx: VotingContext, now = Date.now()): RoundRecord[] {
  return scanRounds(ctx, now).rounds;
}

export function findRound(ctx: VotingContext, roundId: string, now = Date.now()): RoundRecord | null {
  return listRounds(ctx, now).find((r) => r.body.roundId === roundId) ?? null;
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

/**
 * Closes signed by the opener or an admin whose published key is the round's, the latest first,
 * and the closes not believed. A close's times are bounded by its signature and the round: it
 * cannot stop the count after it was signed, before the round opened, after the round's closing
 * time or more than a year in; and one signed in the future (by the reader's clock, with some
 * skew) is ignored, so nobody pins the board's priorities with a date to come. Its closer is judged
 * when it says it signed (`publishedAt`): a close signed before a demotion stands; one a demoted
 * holder signs later is ignored, and one it dates earlier is superseded by any close signed since.
 */
export function scanCloses(
  ctx: VotingContext,
  round: RoundRecord,
  now = Date.now(),
): { closes: CloseRecord[]; ignored: IgnoredRecord[] } {
  const closes: CloseRecord[] = [];
  const ignored: IgnoredRecord[] = [];
  const publicKey = fromBase64Url(round.body.publicKey);
  const { openedAt, closesAt, roundId } = round.body;
  for (const record of readRecords(ctx.doc, CLOSES)) {
    const parsed = closeBody.safeParse(parseBody(record));
    if (!parsed.success || parsed.data.roundId !== roundId) continue;
    const c = parsed.data;
    const ignore = (reason: string) => ignored.push({ id: record.id, kind: 'close', roundId, reason });
    const key = signKeyOf(ctx.roster, c.closer);
    const secretKey = fromBase64Url(c.secretKey);
    if (!key || !recordValid(record, SignatureDomain.roundClose, key))
      ignore('it is not signed by the member it names as its closer');
    else if (!couldClose(ctx.roster, c.closer, round.body.openedBy, c.publishedAt))
      ignore('its closer is neither the opener nor an admin');
    else if (secretKey.length !== 32 || !bytesEqual(boxPublicKeyOf(secretKey), publicKey))
      ignore('the key it publishes is not the round’s');
    else if (c.closedAt > c.publishedAt) ignore('it stops the count after the moment it was signed');
    else if (c.closedAt < openedAt - SKEW_MS) ignore('it stops the count before the round opened');
    else if (closesAt !== null && c.closedAt > closesAt) ignore('it stops the count after the round’s closing time');
    else if (c.closedAt > openedAt + MAX_ROUND_MS) ignore('it stops the count more than a year after the opening');
    else if (c.publishedAt > now + SKEW_MS) ignore('it is dated in the future');
    else closes.push({ id: record.id, body: c, pair: { publicKey, secretKey } });
  }
  closes.sort((a, b) => b.body.publishedAt - a.body.publishedAt || a.id.localeCompare(b.id));
  return { closes, ignored };
}

export function validCloses(ctx: VotingContext, round: RoundRecord, now = Date.now()): CloseRecord[] {
  return scanCloses(ctx, round, now).closes;
}

/** The close that stands: the latest valid one (a recount supersedes the first count). */
export function effectiveClose(ctx: VotingContext, round: RoundRecord, now = Date.now()): CloseRecord | null {
  return validCloses(ctx, round, now)[0] ?? null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
