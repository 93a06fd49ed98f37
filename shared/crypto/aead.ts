import { randomBytes } from './bytes';
import { sodium } from './sodium';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

/**
 * XChaCha20-Poly1305 (IETF): 24-byte random nonces are safe to draw at random for any number of
 * messages under one key. `associatedData` (the envelope header) is authenticated, not encrypted:
 * a header moved onto other ciphertext fails to open.
 */
export function aeadSeal(
  key: Uint8Array,
  plaintext: Uint8Array,
  associatedData: Uint8Array,
  /** Drawn at random unless given (a bundle signs its nonce before sealing under it). */
  nonce: Uint8Array = randomBytes(NONCE_BYTES),
): { nonce: Uint8Array; ciphertext: Uint8Array } {
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key);
  return { nonce, ciphertext };
}

export function aeadOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  associatedData: Uint8Array,
): Uint8Array {
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associatedData, nonce, key);
  } catch {
    throw new DecryptionError('ciphertext or its header was altered, or the key is wrong');
  }
}

export const generateSymmetricKey = (): Uint8Array => randomBytes(KEY_BYTES);
