import { z } from 'zod';

import { blake2b, toBase64Url, utf8 } from '../crypto';

/** Who may vote in a round: every lead (admins count as leads), or one ballot per agency. */
export const ELIGIBILITY = ['lead', 'agency'] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];
export const METHODS = ['schulze', 'borda'] as const;

const id = z.string().min(1).max(64);
const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const time = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Clock skew allowed between members' clocks (a ballot against the opening, a close against the reader). */
export const SKEW_MS = 5 * 60_000;
/** The longest a round can run: a close dated later than this after the opening is not believed. */
export const MAX_ROUND_MS = 366 * 24 * 3_600_000;

/**
 * A round's id is bound to its opening record: the hash of the workspace, the opener and a nonce
 * the opener signed. Another member cannot sign a round under an id it did not derive itself.
 */
export function roundIdFor(workspaceId: string, openedBy: string, nonce: string): string {
  return toBase64Url(blake2b(utf8(JSON.stringify(['unity-table/round-id/v2', workspaceId, openedBy, nonce])), 16));
}

/** A round as its opener signed it. The round's secret key is wrapped for each holder. */
export const roundBody = z.object({
  v: z.literal(2),
  kind: z.literal('round'),
  /** roundIdFor(workspaceId, openedBy, nonce): a record whose id is not that is not this round. */
  roundId: id,
  nonce: b64.min(16).max(64),
  workspaceId: id,
  title: z.string().trim().min(1).max(200),
  candidates: z.array(id).min(2).max(500),
  per: z.enum(ELIGIBILITY),
  method: z.enum(METHODS),
  closesAt: time.nullable(),
  openedBy: id,
  openedAt: time,
  publicKey: b64,
  holders: z.record(id, z.object({ sealed: b64, signature: b64 })),
});
export type RoundBody = z.infer<typeof roundBody>;

/** A ballot: who cast it and when (by their own clock), and the ranking sealed to the round's key. */
export const ballotBody = z.object({
  v: z.literal(1),
  kind: z.literal('ballot'),
  roundId: id,
  voter: id,
  castAt: time,
  sealed: b64,
});
export type BallotBody = z.infer<typeof ballotBody>;

/** What a sealed ballot holds once opened. */
export const ballotContent = z.object({
  ranking: z.array(z.array(id)),
  pad: z.string(),
});

/**
 * A close: the round's secret key made public, the ballots counted (by record id) and the result
 * as the closer computed it — which every client recomputes and compares ("verify").
 */
export const closeBody = z.object({
  v: z.literal(1),
  kind: z.literal('close'),
  roundId: id,
  closer: id,
  /** The moment ballots stopped counting: the round's closing time, or when it was closed by hand. */
  closedAt: time,
  /** When this close was signed (a recount with late ballots signs a new close, same closedAt). */
  publishedAt: time,
  secretKey: b64,
  ballots: z.array(id),
  order: z.array(z.array(id)),
});
export type CloseBody = z.infer<typeof closeBody>;
