import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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
} from '../../shared/crypto';
import type { Identity, KdfParams } from '../../shared/crypto';
import { writeFileAtomic } from './FileRecordBackend';

export interface WorkspaceRecord {
  title: string;
  relayUrl: string;
  /** memberId → the fingerprint this member compared aloud and confirmed. */
  verified?: Record<string, string>;
}

interface VaultPayload {
  v: 1;
  identity: Record<keyof Identity, string>;
  name: string;
  agency: string;
  /** Seals the local copies of transport documents (S3). */
  storageKey: string;
  workspaces: Record<string, WorkspaceRecord>;
}

const VAULT_FILE = 'vault.json';

/**
 * A member's profile directory: the vault (identity keys, storage key, workspace list — sealed
 * under Argon2id of the passphrase) and one encrypted transport copy per workspace.
 */
export class Profile {
  private constructor(
    readonly dir: string,
    /** Derived once per command from the passphrase; the vault is re-sealed under it. */
    private readonly vaultKey: Uint8Array,
    private readonly kdf: KdfParams,
    private readonly payload: VaultPayload,
    readonly identity: Identity,
    readonly storageKey: Uint8Array,
  ) {}

  static async create(dir: string, passphrase: string, who: { name: string; agency: string }): Promise<Profile> {
    if (await exists(join(dir, VAULT_FILE))) throw new Error(`${dir} already holds a profile`);
    if (!who.name.trim() || !who.agency.trim()) throw new Error('--name and --agency must not be empty');
    const identity = generateIdentity();
    const storageKey = generateSymmetricKey();
    const payload: VaultPayload = {
      v: 1,
      identity: {
        signPublicKey: toBase64Url(identity.signPublicKey),
        signSecretKey: toBase64Url(identity.signSecretKey),
        boxPublicKey: toBase64Url(identity.boxPublicKey),
        boxSecretKey: toBase64Url(identity.boxSecretKey),
      },
      name: who.name.trim(),
      agency: who.agency.trim(),
      storageKey: toBase64Url(storageKey),
      workspaces: {},
    };
    const kdf = newKdfParams('interactive');
    const profile = new Profile(dir, deriveKeyFromPassphrase(passphrase, kdf), kdf, payload, identity, storageKey);
    await profile.save();
    return profile;
  }

  static async open(dir: string, passphrase: string): Promise<Profile> {
    let text: string;
    try {
      text = await readFile(join(dir, VAULT_FILE), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`no profile in ${dir}: run init first`, { cause: e });
      }
      throw e;
    }
    let sealed;
    try {
      sealed = parseSealedVault(JSON.parse(text));
    } catch {
      throw new Error(`${join(dir, VAULT_FILE)} is not a Unity Table vault, or it is damaged`);
    }
    const vaultKey = deriveKeyFromPassphrase(passphrase, sealed.kdf);
    const payload = JSON.parse(fromUtf8(openVault(vaultKey, sealed))) as VaultPayload;
    const identity: Identity = {
      signPublicKey: fromBase64Url(payload.identity.signPublicKey),
      signSecretKey: fromBase64Url(payload.identity.signSecretKey),
      boxPublicKey: fromBase64Url(payload.identity.boxPublicKey),
      boxSecretKey: fromBase64Url(payload.identity.boxSecretKey),
    };
    return new Profile(dir, vaultKey, sealed.kdf, payload, identity, fromBase64Url(payload.storageKey));
  }

  get memberId(): string {
    return memberIdOf(this.identity);
  }

  get fingerprint(): string {
    return fingerprint(this.identity);
  }

  get name(): string {
    return this.payload.name;
  }

  get agency(): string {
    return this.payload.agency;
  }

  get workspaces(): Readonly<Record<string, WorkspaceRecord>> {
    return this.payload.workspaces;
  }

  workspace(id: string): WorkspaceRecord {
    const record = this.payload.workspaces[id];
    if (!record) throw new Error(`this profile has no workspace ${id}`);
    return record;
  }

  async addWorkspace(id: string, record: WorkspaceRecord): Promise<void> {
    this.payload.workspaces[id] = record;
    await this.save();
  }

  /** Forgets a workspace on this machine: its vault record and its local copy. */
  async removeWorkspace(id: string): Promise<void> {
    this.workspace(id);
    delete this.payload.workspaces[id];
    await this.save();
    await rm(dirname(this.transportPath(id)), { recursive: true, force: true });
  }

  transportPath(workspaceId: string): string {
    return join(this.dir, 'workspaces', workspaceId, 'transport.utrec');
  }

  private async save(): Promise<void> {
    const sealed = sealVault(this.vaultKey, this.kdf, utf8(JSON.stringify(this.payload)));
    await writeFileAtomic(join(this.dir, VAULT_FILE), `${JSON.stringify(sealed, null, 2)}\n`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}
