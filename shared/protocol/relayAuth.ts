import {
  concatBytes,
  fromBase64Url,
  memberIdOf,
  randomBytes,
  sign,
  SignatureDomain,
  toBase64Url,
  utf8,
  verify,
} from '../crypto';
import type { Identity } from '../crypto';

/**
 * How a client proves to the relay which member key it holds, on every connection: a signature
 * over (room, member, time, nonce). The relay learns public keys only; it checks the key against
 * the roster it stores (signed entries it can verify but not forge) and refuses everyone else.
 */
export interface RelayAuthParams {
  /** memberId: the Ed25519 public key, URL-safe base64. */
  m: string;
  /** Milliseconds since the epoch, as a decimal string. */
  t: string;
  /** 16 random bytes, URL-safe base64: each token is good once. */
  n: string;
  s: string;
  /** For a workspace the relay has never seen: its genesis entry, proving who created it. */
  g?: string;
}

/** Tokens older or newer than this are refused (clock skew between field laptops and the relay). */
export const RELAY_AUTH_MAX_SKEW_MS = 5 * 60 * 1000;

const signed = (room: string, m: string, t: string, n: string) =>
  concatBytes(utf8(room), new Uint8Array([0]), utf8(m), new Uint8Array([0]), utf8(t), new Uint8Array([0]), utf8(n));

export function createRelayAuth(room: string, identity: Identity, now: number, genesis?: Uint8Array): RelayAuthParams {
  const m = memberIdOf(identity);
  const t = String(now);
  const n = toBase64Url(randomBytes(16));
  const s = toBase64Url(sign(SignatureDomain.relayAuth, signed(room, m, t, n), identity.signSecretKey));
  return genesis ? { m, t, n, s, g: toBase64Url(genesis) } : { m, t, n, s };
}

export type RelayAuthResult =
  | { ok: true; memberId: string; nonce: string; genesis: Uint8Array | null }
  | { ok: false; status: 400 | 401; reason: string };

/** Checks the token's form, age and signature; membership is the relay's next question. */
export function checkRelayAuth(room: string, query: Record<string, string | undefined>, now: number): RelayAuthResult {
  const { m, t, n, s, g } = query;
  if (!m || !t || !n || !s) return { ok: false, status: 401, reason: 'missing credentials' };
  let key: Uint8Array, signature: Uint8Array, genesis: Uint8Array | null;
  try {
    key = fromBase64Url(m);
    signature = fromBase64Url(s);
    genesis = g ? fromBase64Url(g) : null;
  } catch {
    return { ok: false, status: 400, reason: 'malformed credentials' };
  }
  const time = Number(t);
  if (!/^\d{1,15}$/.test(t) || Math.abs(now - time) > RELAY_AUTH_MAX_SKEW_MS) {
    return { ok: false, status: 401, reason: 'credentials expired (or the clocks differ by over 5 minutes)' };
  }
  if (n.length > 32 || !verify(SignatureDomain.relayAuth, signed(room, m, t, n), signature, key)) {
    return { ok: false, status: 401, reason: 'bad signature' };
  }
  return { ok: true, memberId: m, nonce: n, genesis };
}
