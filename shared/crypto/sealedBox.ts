import { sodium } from './sodium';

/**
 * Anonymous sealed boxes (X25519 + XSalsa20-Poly1305, libsodium's crypto_box_seal) to a key pair
 * made for one purpose — a voting round: ballots are sealed to the round's public key, and only
 * whoever holds its secret key (until the round closes and it is published) can open them.
 */
export interface BoxKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function generateBoxKeyPair(): BoxKeyPair {
  const pair = sodium().crypto_box_keypair();
  return { publicKey: pair.publicKey, secretKey: pair.privateKey };
}

/** The public key of a box secret key (to check a published secret against the announced public key). */
export function boxPublicKeyOf(secretKey: Uint8Array): Uint8Array {
  return sodium().crypto_scalarmult_base(secretKey);
}

export function sealToPublicKey(plaintext: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return sodium().crypto_box_seal(plaintext, publicKey);
}

/** The plaintext, or null if the box was not sealed to this key pair or was altered. */
export function openSealedBox(sealed: Uint8Array, pair: BoxKeyPair): Uint8Array | null {
  try {
    return sodium().crypto_box_seal_open(sealed, pair.publicKey, pair.secretKey);
  } catch {
    return null;
  }
}
