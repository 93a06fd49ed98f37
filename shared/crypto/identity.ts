import { concatBytes, toBase64Url, utf8 } from './bytes';
import { sodium } from './sodium';

/** A member's long-term keys: Ed25519 to sign, X25519 to receive wrapped keys. */
export interface Identity {
  signPublicKey: Uint8Array;
  signSecretKey: Uint8Array;
  boxPublicKey: Uint8Array;
  boxSecretKey: Uint8Array;
}

export type PublicIdentity = Pick<Identity, 'signPublicKey' | 'boxPublicKey'>;

/** Independent key pairs (no Ed25519→X25519 conversion), so one key's compromise bounds the other's. */
export function generateIdentity(): Identity {
  const s = sodium().crypto_sign_keypair();
  const b = sodium().crypto_box_keypair();
  return {
    signPublicKey: s.publicKey,
    signSecretKey: s.privateKey,
    boxPublicKey: b.publicKey,
    boxSecretKey: b.privateKey,
  };
}

/** Deterministic key pairs from a 32-byte seed (single-use invite keys are carried as their seed). */
export function identityFromSeed(seed: Uint8Array): Identity {
  const s = sodium().crypto_sign_seed_keypair(seed);
  const boxSeed = sodium().crypto_generichash(32, concatBytes(utf8('unity-table/v1/box-seed'), seed), null);
  const b = sodium().crypto_box_seed_keypair(boxSeed);
  return {
    signPublicKey: s.publicKey,
    signSecretKey: s.privateKey,
    boxPublicKey: b.publicKey,
    boxSecretKey: b.privateKey,
  };
}

/** A member's id: their signing public key, URL-safe base64 — public, random-looking, self-certifying. */
export const memberIdOf = (identity: Pick<Identity, 'signPublicKey'>): string => toBase64Url(identity.signPublicKey);

/**
 * A fingerprint people can read aloud: BLAKE2b over both public keys, as 12 groups of 5 digits
 * (like Signal's safety numbers). Equal fingerprints mean equal keys.
 */
export function fingerprint(identity: PublicIdentity): string {
  const digest = sodium().crypto_generichash(
    36,
    concatBytes(utf8('unity-table/v1/fingerprint'), identity.signPublicKey, identity.boxPublicKey),
    null,
  );
  const groups: string[] = [];
  for (let i = 0; i < 36; i += 3) {
    const n = ((digest[i] ?? 0) << 16) | ((digest[i + 1] ?? 0) << 8) | (digest[i + 2] ?? 0);
    groups.push(String(n % 100000).padStart(5, '0'));
  }
  return groups.join(' ');
}
