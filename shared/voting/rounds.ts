import {
  boxPublicKeyOf,
  fromBase64Url,
  generateBoxKeyPair,
  memberIdOf,
  randomBytes,
  sealToPublicKey,
  SignatureDomain,
  toBase64Url,
  unwrapKey,
  utf8,
  wrapKey,
} from '../crypto';
import type { BoxKeyPair, Identity } from '../crypto';
import { putRecord } from '../model';
import { BALLOTS, CLOSES, ROUNDS } from './records';
import { ballotBody, MAX_ROUND_MS, roundBody, roundIdFor, SKEW_MS } from './roundRecords';
import type { CloseBody, Eligibility, RoundBody } from './roundRecords';
import { countableBallots, effectiveClose, findRound } from './roundState';
import { tally } from './tally';
import { signKeyOf, VOTING_ROLES } from './votingContext';
import type { VotingContext } from './votingContext';
import type { CountingMethod } from './tally';

/** Ballots are padded to a multiple of this, so their size does not tell how many candidates they rank. */
const PAD_TO = 512;

export const holderContext = (roundId: string): string => `unity-table/round/${roundId}`;

/**
 * Opens a round. Its key pair is made here: the public key goes in the signed round for voters to
 * seal to; the secret key is wrapped for the opener and every admin (so any of them can close the
 * round if the opener is away) — they are the only ones who could read ballots before the close.
 */
export function openRound(
  ctx: VotingContext,
  me: Identity,
  input: { title: string; candidates: string[]; per: Eligibility; method: CountingMethod; closesAt: number | null },
  now = Date.now(),
): string {
  const myId = memberIdOf(me);
  const role = ctx.roster.members.get(myId)?.role;
  if (!role || !VOTING_ROLES.has(role)) throw new Error('only a lead or an admin can open a round');
  const organizations = ctx.doc.getMap('organizations');
  const onBoard = ctx.onBoard ?? ((c: string) => organizations.has(c));
  const unknown = input.candidates.filter((c) => !onBoard(c));
  if (unknown.length > 0) throw new Error(`not on the board: ${unknown.join(', ')}`);
  if (new Set(input.candidates).size !== input.candidates.length) throw new Error('a candidate is listed twice');
  if (input.closesAt !== null && input.closesAt <= now) throw new Error('the closing time must be in the future');
  if (input.closesAt !== null && input.closesAt > now + MAX_ROUND_MS)
    throw new Error('the closing time must be within a year');
  const nonce = toBase64Url(randomBytes(16));
  const roundId = roundIdFor(ctx.workspaceId, myId, nonce);
  const pair = generateBoxKeyPair();
  const holders: RoundBody['holders'] = {};
  for (const m of ctx.roster.members.values()) {
    if (m.memberId !== myId && m.role !== 'admin') continue;
    const w = wrapKey(pair.secretKey, holderContext(roundId), m.boxPublicKey, me.signSecretKey);
    holders[m.memberId] = { sealed: toBase64Url(w.sealed), signature: toBase64Url(w.signature) };
  }
  const body = roundBody.parse({
    v: 2,
    kind: 'round',
    roundId,
    nonce,
    workspaceId: ctx.workspaceId,
    title: input.title,
    candidates: input.candidates,
    per: input.per,
    method: input.method,
    closesAt: input.closesAt,
    openedBy: myId,
    openedAt: now,
    publicKey: toBase64Url(pair.publicKey),
    holders,
  });
  putRecord(ctx.doc, ROUNDS, SignatureDomain.roundOpen, body, me);
  return roundId;
}

/**
 * Casts (or recasts: the latest before the close counts) my ballot, sealed to the round's key. It
 * can be cast offline; it counts if it was signed before the close, by my clock (see the threat
 * model), and reaches the others.
 */
export function castBallot(
  ctx: VotingContext,
  me: Identity,
  roundId: string,
  ranking: string[][],
  now = Date.now(),
): string {
  const round = findRound(ctx, roundId, now);
  if (!round) throw new Error(`no round ${roundId}`);
  const myId = memberIdOf(me);
  const role = ctx.roster.members.get(myId)?.role;
  if (!role || !VOTING_ROLES.has(role)) throw new Error('only leads and admins vote');
  if (effectiveClose(ctx, round, now)) throw new Error('this round is closed');
  if (round.body.closesAt !== null && now >= round.body.closesAt)
    throw new Error('this round has passed its closing time');
  const candidates = new Set(round.body.candidates);
  const seen = new Set<string>();
  for (const c of ranking.flat()) {
    if (!candidates.has(c)) throw new Error(`"${c}" is not a candidate of this round`);
    if (seen.has(c)) throw new Error(`"${c}" is ranked twice`);
    seen.add(c);
  }
  const content = JSON.stringify({ ranking, pad: '' });
  const padded = JSON.stringify({ ranking, pad: ' '.repeat((PAD_TO - (content.length % PAD_TO)) % PAD_TO) });
  const sealed = sealToPublicKey(utf8(padded), fromBase64Url(round.body.publicKey));
  const body = ballotBody.parse({
    v: 1,
    kind: 'ballot',
    roundId,
    voter: myId,
    castAt: now,
    sealed: toBase64Url(sealed),
  });
  return putRecord(ctx.doc, BALLOTS, SignatureDomain.ballot, body, me);
}

/** The round's key pair, if `me` holds it (the opener and the admins at opening). */
export function roundKeyPair(ctx: VotingContext, me: Identity, roundId: string, now = Date.now()): BoxKeyPair | null {
  const round = findRound(ctx, roundId, now);
  const opener = round && signKeyOf(ctx.roster, round.body.openedBy);
  const wrapped = round?.body.holders[memberIdOf(me)];
  if (!round || !opener || !wrapped) return null;
  const secretKey = unwrapKey(
    { sealed: fromBase64Url(wrapped.sealed), signature: fromBase64Url(wrapped.signature) },
    holderContext(roundId),
    me,
    opener,
  );
  return secretKey ? { publicKey: boxPublicKeyOf(secretKey), secretKey } : null;
}

/**
 * Closes a round (or, once closed, recounts it with ballots that arrived late): publishes its
 * secret key, the ballots that count and the result. Only a holder of the round's key can.
 */
export function closeRound(ctx: VotingContext, me: Identity, roundId: string, now = Date.now()): CloseBody {
  const round = findRound(ctx, roundId, now);
  if (!round) throw new Error(`no round ${roundId}`);
  const pair = roundKeyPair(ctx, me, roundId, now);
  if (!pair) throw new Error('only the round’s opener or an admin at its opening can close it');
  const previous = effectiveClose(ctx, round, now);
  // Readers refuse a close that stops the count after its closing time or past a year's run.
  const { closesAt, openedAt } = round.body;
  const closedAt = previous?.body.closedAt ?? Math.min(now, closesAt ?? Infinity, openedAt + MAX_ROUND_MS);
  if (closedAt < openedAt - SKEW_MS) throw new Error('this machine’s clock is before the round’s opening');
  const counted = countableBallots(ctx, round, pair, closedAt).counted;
  const result = tally(
    round.body.method,
    round.body.candidates,
    counted.map((b) => ({ ranking: b.ranking })),
  );
  const body: CloseBody = {
    v: 1,
    kind: 'close',
    roundId,
    closer: memberIdOf(me),
    closedAt,
    publishedAt: now,
    secretKey: toBase64Url(pair.secretKey),
    ballots: counted.map((b) => b.id),
    order: result.order,
  };
  putRecord(ctx.doc, CLOSES, SignatureDomain.roundClose, body, me);
  return body;
}
