import {
  deriveKeyFromPassphrase,
  fingerprint,
  generateIdentity,
  generateSymmetricKey,
  memberIdOf,
  newKdfParams,
  openVault,
  sealVault,
  wipe,
  WrongPassphraseError,
} from '../crypto';
import type { Identity, KdfParams, KdfStrength, SealedVault } from '../crypto';
import { readSealedVault } from './readSealedVault';
import { VaultError } from './VaultError';
import { decodeVaultPayload, encodeVaultPayload } from './vaultPayload';
import type { VaultProfile, WorkspaceRecord } from './vaultPayload';

/**
 * A member's vault, unlocked: identity keys, the storage key of the local copies, and the
 * workspace list, sealed at rest under a key derived from the passphrase (Argon2id, parameters and
 * salt kept beside it). Where it is kept — a file, the OS store, IndexedDB — is the caller's.
 * Secrets live only in byte arrays, which lock() fills with zeros (issue 11, item 19).
 */
export class Vault {
  private constructor(
    private vaultKey: Uint8Array,
    private kdf: KdfParams,
    private readonly profile: VaultProfile,
    readonly identity: Identity,
    readonly storageKey: Uint8Array,
  ) {}

  static create(passphrase: string, who: { name: string; agency: string }, strength: KdfStrength): Vault {
    const name = typeof who?.name === 'string' ? who.name.trim() : '';
    const agency = typeof who?.agency === 'string' ? who.agency.trim() : '';
    if (!name || !agency) throw new VaultError('nameAndAgency');
    checkNewPassphrase(passphrase);
    const kdf = newKdfParams(strength);
    const vaultKey = deriveKeyFromPassphrase(passphrase, kdf);
    return new Vault(vaultKey, kdf, { name, agency, workspaces: {} }, generateIdentity(), generateSymmetricKey());
  }

  /**
   * Opens a sealed vault. Every refusal is a VaultError whose message is one of VAULT_ERRORS: a
   * damaged vault says so, a wrong passphrase says that — never the other way round — and
   * nothing is changed either way.
   */
  static unlock(sealed: unknown, passphrase: string): Vault {
    if (typeof passphrase !== 'string') throw new VaultError('passphraseNotText');
    if (passphrase.length === 0) throw new VaultError('emptyPassphrase');
    const vault = readSealedVault(sealed);
    let vaultKey: Uint8Array;
    try {
      vaultKey = deriveKeyFromPassphrase(passphrase, vault.kdf);
    } catch (e) {
      throw new VaultError('badKdf', { cause: e });
    }
    let payload: Uint8Array;
    try {
      payload = openVault(vaultKey, vault);
    } catch (e) {
      wipe(vaultKey);
      throw new VaultError(e instanceof WrongPassphraseError ? 'wrongPassphrase' : 'damaged', { cause: e });
    }
    try {
      const { profile, identity, storageKey } = decodeVaultPayload(payload);
      return new Vault(vaultKey, vault.kdf, profile, identity, storageKey);
    } catch (e) {
      wipe(vaultKey);
      throw e;
    }
  }

  /** The vault as it goes to rest: re-sealed under the same derived key, with a fresh nonce. */
  seal(): SealedVault {
    const payload = encodeVaultPayload({ profile: this.profile, identity: this.identity, storageKey: this.storageKey });
    try {
      return sealVault(this.vaultKey, this.kdf, payload);
    } finally {
      wipe(payload);
    }
  }

  /** Re-seals under a new passphrase; nothing else changes (the identity and every workspace stay). */
  changePassphrase(passphrase: string, strength: KdfStrength): void {
    checkNewPassphrase(passphrase);
    const kdf = newKdfParams(strength);
    const key = deriveKeyFromPassphrase(passphrase, kdf);
    wipe(this.vaultKey);
    this.vaultKey = key;
    this.kdf = kdf;
  }

  /** Forgets every secret this object holds (locking): each byte array is filled with zeros. */
  lock(): void {
    wipe(this.vaultKey, this.storageKey, this.identity.signSecretKey, this.identity.boxSecretKey);
  }

  get memberId(): string {
    return memberIdOf(this.identity);
  }

  get fingerprint(): string {
    return fingerprint(this.identity);
  }

  get name(): string {
    return this.profile.name;
  }

  get agency(): string {
    return this.profile.agency;
  }

  get workspaces(): Readonly<Record<string, WorkspaceRecord>> {
    return this.profile.workspaces;
  }

  get lockAfterMinutes(): number {
    return this.profile.lockAfterMinutes ?? 15;
  }

  set lockAfterMinutes(minutes: number) {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new Error('lock after 1 to 1440 minutes');
    this.profile.lockAfterMinutes = minutes;
  }

  workspace(id: string): WorkspaceRecord {
    const record = this.profile.workspaces[id];
    if (!record) throw new Error(`this profile has no workspace ${id}`);
    return record;
  }

  setWorkspace(id: string, record: WorkspaceRecord): void {
    this.profile.workspaces[id] = record;
  }

  removeWorkspace(id: string): void {
    this.workspace(id);
    delete this.profile.workspaces[id];
  }
}

function checkNewPassphrase(passphrase: unknown): void {
  if (typeof passphrase !== 'string') throw new VaultError('passphraseNotText');
  if (passphrase.length < 8) throw new VaultError('shortPassphrase');
}
