import { aeadOpen, aeadSeal, DecryptionError } from './aead';
import { fromBase64Url, toBase64Url, utf8 } from './bytes';
import type { KdfParams } from './passphrase';

/** A vault at rest: Argon2id parameters and salt beside the sealed payload (JSON-safe). */
export interface SealedVault {
  format: 'unity-table-vault';
  version: 1;
  kdf: KdfParams;
  nonce: string;
  ciphertext: string;
}

export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
  constructor() {
    super('wrong passphrase (or the vault file was altered)');
  }
}

// A function, not a constant: libsodium is not loaded when modules are imported.
const ad = () => utf8('unity-table/v1/vault');

/** Seals the vault payload under a key from `deriveKeyFromPassphrase(passphrase, kdf)`. */
export function sealVault(vaultKey: Uint8Array, kdf: KdfParams, payload: Uint8Array): SealedVault {
  const { nonce, ciphertext } = aeadSeal(vaultKey, payload, ad());
  return {
    format: 'unity-table-vault',
    version: 1,
    kdf,
    nonce: toBase64Url(nonce),
    ciphertext: toBase64Url(ciphertext),
  };
}

/** Checks the shape first, so a damaged file says so instead of "wrong passphrase". */
export function parseSealedVault(value: unknown): SealedVault {
  const v = value as Partial<SealedVault> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.format !== 'unity-table-vault' ||
    v.version !== 1 ||
    typeof v.nonce !== 'string' ||
    typeof v.ciphertext !== 'string' ||
    typeof v.kdf !== 'object' ||
    v.kdf === null ||
    typeof v.kdf.salt !== 'string' ||
    !Number.isSafeInteger(v.kdf.opslimit) ||
    !Number.isSafeInteger(v.kdf.memlimit)
  ) {
    throw new Error('this is not a Unity Table vault, or it is damaged');
  }
  return v as SealedVault;
}

export function openVault(vaultKey: Uint8Array, vault: SealedVault): Uint8Array {
  try {
    return aeadOpen(vaultKey, fromBase64Url(vault.nonce), fromBase64Url(vault.ciphertext), ad());
  } catch (e) {
    if (e instanceof DecryptionError) throw new WrongPassphraseError();
    throw e;
  }
}
