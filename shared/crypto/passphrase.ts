import { randomBytes } from './bytes';
import { sodium } from './sodium';

/** Stored beside what the derived key protects, so the same key can be derived again. */
export interface KdfParams {
  alg: 'argon2id13';
  opslimit: number;
  memlimit: number;
  /** URL-safe base64 of 16 random bytes. */
  salt: string;
}

/**
 * Named strengths. Every vault is made with INTERACTIVE for now, in the app and the CLI alike; MODERATE
 * is the stronger setting a desktop unlocked once a session could afford (README: not there yet).
 */
export type KdfStrength = 'interactive' | 'moderate';

export function newKdfParams(strength: KdfStrength): KdfParams {
  const s = sodium();
  const salt = s.to_base64(randomBytes(s.crypto_pwhash_SALTBYTES), s.base64_variants.URLSAFE_NO_PADDING);
  return strength === 'moderate'
    ? {
        alg: 'argon2id13',
        opslimit: s.crypto_pwhash_OPSLIMIT_MODERATE,
        memlimit: s.crypto_pwhash_MEMLIMIT_MODERATE,
        salt,
      }
    : {
        alg: 'argon2id13',
        opslimit: s.crypto_pwhash_OPSLIMIT_INTERACTIVE,
        memlimit: s.crypto_pwhash_MEMLIMIT_INTERACTIVE,
        salt,
      };
}

/**
 * Whether `params` are Argon2id settings this app derives with: at least libsodium's INTERACTIVE
 * limits (weaker is guessable) and at most its SENSITIVE ones (a vault file asking for more could
 * hang or exhaust memory on unlock), with a 16-byte salt.
 */
export function isAcceptableKdf(params: unknown): params is KdfParams {
  const s = sodium();
  const p = params as Partial<KdfParams> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    p.alg === 'argon2id13' &&
    Number.isSafeInteger(p.opslimit) &&
    Number.isSafeInteger(p.memlimit) &&
    p.opslimit! >= s.crypto_pwhash_OPSLIMIT_INTERACTIVE &&
    p.opslimit! <= s.crypto_pwhash_OPSLIMIT_SENSITIVE &&
    p.memlimit! >= s.crypto_pwhash_MEMLIMIT_INTERACTIVE &&
    p.memlimit! <= s.crypto_pwhash_MEMLIMIT_SENSITIVE &&
    typeof p.salt === 'string' &&
    // 16 bytes are 22 characters whose last carries 2 bits and 4 zeros (A, Q, g or w): libsodium's
    // strict decoder throws on any other last character, and a damaged vault must be refused, not thrown on.
    /^[A-Za-z0-9_-]{21}[AQgw]$/.test(p.salt) &&
    s.from_base64(p.salt, s.base64_variants.URLSAFE_NO_PADDING).length === s.crypto_pwhash_SALTBYTES
  );
}

/** Argon2id: a 32-byte key from a passphrase. Refuses parameters outside isAcceptableKdf. */
export function deriveKeyFromPassphrase(passphrase: string, params: KdfParams): Uint8Array {
  const s = sodium();
  if (
    params.opslimit < s.crypto_pwhash_OPSLIMIT_INTERACTIVE ||
    params.memlimit < s.crypto_pwhash_MEMLIMIT_INTERACTIVE
  ) {
    throw new Error('key derivation parameters are weaker than allowed');
  }
  if (!isAcceptableKdf(params)) throw new Error('key derivation parameters are outside what this app accepts');
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new Error('the passphrase is empty');
  const salt = s.from_base64(params.salt, s.base64_variants.URLSAFE_NO_PADDING);
  return s.crypto_pwhash(32, passphrase, salt, params.opslimit, params.memlimit, s.crypto_pwhash_ALG_ARGON2ID13);
}
