/** Why a vault could not be opened or made, each said as one sentence a person can act on. */
export const VAULT_ERRORS = {
  wrongPassphrase: 'wrong passphrase (or the vault file was altered)',
  damaged: 'this is not a Unity Table vault, or it is damaged',
  badKdf:
    'the vault asks for key derivation settings this app does not accept: it is damaged or was not made by Unity Table',
  passphraseNotText: 'the passphrase must be text',
  emptyPassphrase: 'the passphrase is empty',
  shortPassphrase: 'the passphrase needs at least 8 characters',
  nameAndAgency: 'a name and an agency are needed',
} as const;

export type VaultErrorKind = keyof typeof VAULT_ERRORS;

/** A vault refusal: `kind` for code, `message` (one of VAULT_ERRORS) for people. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly kind: VaultErrorKind,
    options?: { cause?: unknown },
  ) {
    super(VAULT_ERRORS[kind], options);
  }
}
