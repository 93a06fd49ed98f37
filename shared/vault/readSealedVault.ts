import { isAcceptableKdf, NONCE_BYTES } from '../crypto';
import type { SealedVault } from '../crypto';
import { VaultError } from './VaultError';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Poly1305's tag: the shortest ciphertext there is. */
const TAG_BYTES = 16;

/**
 * Checks a sealed vault's shape before any key is derived, so a damaged file says so (and a
 * hostile one cannot ask libsodium for absurd parameters): VaultError 'damaged' or 'badKdf'.
 */
export function readSealedVault(value: unknown): SealedVault {
  const v = value as Partial<SealedVault> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v.format !== 'unity-table-vault' || v.version !== 1) {
    throw new VaultError('damaged');
  }
  if (!isBase64UrlOf(v.nonce, NONCE_BYTES, NONCE_BYTES) || !isBase64UrlOf(v.ciphertext, TAG_BYTES, Infinity)) {
    throw new VaultError('damaged');
  }
  if (!isAcceptableKdf(v.kdf)) throw new VaultError('badKdf');
  return v as SealedVault;
}

/** Unpadded base64url text of between `min` and `max` bytes (a length of 4k+1 characters is never valid). */
function isBase64UrlOf(text: unknown, min: number, max: number): boolean {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return false;
  const bytes = Math.floor((text.length * 3) / 4);
  return bytes >= min && bytes <= max;
}
