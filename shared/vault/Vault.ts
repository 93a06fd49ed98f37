import {
  deriveKeyFromPassphrase,
  fingerprint,
  fromBase64Url,
  fromUtf8,
  generateIdentity,
  generateSymmetricKey,
  memberIdOf,
  newKdfParams,
  openVault,
  parseSealedVault,
  sealVault,
  toBase64Url,
  utf8,
  wipe,
} from '../crypto';
import type { Identity, KdfParams, KdfStrength, SealedVault } from '../crypto';

export interface WorkspaceRecord {
  title: string;
  relayUrl: string;
  /** memberId → the fingerprint this member compared aloud and confirmed. */
  verified?: Record<string, string>;
}

interface VaultContents {
  v: 1;
  identity: Record<keyof Identity, string>;
  name: string;
  agency: string;
  /** Seals the local copies of transport documents (S3). */
  storageKey: string;
  workspaces: Record<string, WorkspaceRecord>;
  /** Minutes without input before the app locks itself (absent: 15). */
  lockAfterMinutes?: number;
}

/**
 * A member's vault, unlocked: identity keys, the storage key of the local copies, and the
 * workspace list, sealed at rest under a key derived from the passphrase (Argon2id, parameters and
 * salt kept beside it). Where it is kept — a file, the OS store, IndexedDB — is the caller's.
 */
export class Vault {
  private constructor(
    private vaultKey: Uint8Array,
    private kdf: KdfParams,
    private readonly contents: VaultContents,
    readonly identity: Identity,
    readonly storageKey: Uint8Array,
  ) {}

  static create(passphrase: string, who: { name: string; agency: string }, strength: KdfStrength): Vault {
    const name = who.name.trim();
    const agency = who.agency.trim();
    if (!name || !agency) throw new Error('a name and an agency are needed');
    if (passphrase.length < 8) throw new Error('the passphrase needs at least 8 characters');
    const identity = generateIdentity();
    const storageKey = generateSymmetricKey();
    const kdf = newKdfParams(strength);
    const contents: VaultContents = {
      v: 1,
      identity: {
        signPublicKey: toBase64Url(identity.signPublicKey),
        signSecretKey: toBase64Url(identity.signSecretKey),
        boxPublicKey: toBase64Url(identity.boxPublicKey),
        boxSecretKey: toBase64Url(identity.boxSecretKey),
      },
      name,
      agency,
      storageKey: toBase64Url(storageKey),
      workspaces: {},
    };
    return new Vault(deriveKeyFromPassphrase(passphrase, kdf), kdf, contents, identity, storageKey);
  }

  /**
   * Opens a sealed vault. A damaged one says so ("not a Unity Table vault, or it is damaged"), a
   * wrong passphrase says that — never the other way round, and nothing is changed either way.
   */
  static unlock(sealed: unknown, passphrase: string): Vault {
    const vault = parseSealedVault(sealed);
    const vaultKey = deriveKeyFromPassphrase(passphrase, vault.kdf);
    const contents = JSON.parse(fromUtf8(openVault(vaultKey, vault))) as VaultContents;
    const identity: Identity = {
      signPublicKey: fromBase64Url(contents.identity.signPublicKey),
      signSecretKey: fromBase64Url(contents.identity.signSecretKey),
      boxPublicKey: fromBase64Url(contents.identity.boxPublicKey),
      boxSecretKey: fromBase64Url(contents.identity.boxSecretKey),
    };
    return new Vault(vaultKey, vault.kdf, contents, identity, fromBase64Url(contents.storageKey));
  }

  /** The vault as it goes to rest: re-sealed under the same derived key, with a fresh nonce. */
  seal(): SealedVault {
    return sealVault(this.vaultKey, this.kdf, utf8(JSON.stringify(this.contents)));
  }

  /** Re-seals under a new passphrase; nothing else changes (the identity and every workspace stay). */
  changePassphrase(passphrase: string, strength: KdfStrength): void {
    if (passphrase.length < 8) throw new Error('the passphrase needs at least 8 characters');
    const kdf = newKdfParams(strength);
    const key = deriveKeyFromPassphrase(passphrase, kdf);
    wipe(this.vaultKey);
    this.vaultKey = key;
    this.kdf = kdf;
  }

  /** Forgets every secret this object holds (locking). */
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
    return this.contents.name;
  }

  get agency(): string {
    return this.contents.agency;
  }

  get workspaces(): Readonly<Record<string, WorkspaceRecord>> {
    return this.contents.workspaces;
  }

  get lockAfterMinutes(): number {
    return this.contents.lockAfterMinutes ?? 15;
  }

  set lockAfterMinutes(minutes: number) {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new Error('lock after 1 to 1440 minutes');
    this.contents.lockAfterMinutes = minutes;
  }

  workspace(id: string): WorkspaceRecord {
    const record = this.contents.workspaces[id];
    if (!record) throw new Error(`this profile has no workspace ${id}`);
    return record;
  }

  setWorkspace(id: string, record: WorkspaceRecord): void {
    this.contents.workspaces[id] = record;
  }

  removeWorkspace(id: string): void {
    this.workspace(id);
    delete this.contents.workspaces[id];
  }
}
