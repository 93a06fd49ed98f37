import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { Vault } from '../shared/vault';
import type { WorkspaceRecord } from '../shared/vault';
import { writeFileAtomic } from './FileRecordBackend';

export type { WorkspaceRecord } from '../shared/vault';

const VAULT_FILE = 'vault.json';

/**
 * A member's profile directory: the vault (identity keys, storage key, workspace list — sealed
 * under Argon2id of the passphrase) and one encrypted transport copy per workspace.
 */
export class Profile {
  private constructor(
    readonly dir: string,
    private readonly vault: Vault,
  ) {}

  static async create(dir: string, passphrase: string, who: { name: string; agency: string }): Promise<Profile> {
    if (await exists(join(dir, VAULT_FILE))) throw new Error(`${dir} already holds a profile`);
    if (!who.name.trim() || !who.agency.trim()) throw new Error('--name and --agency must not be empty');
    const profile = new Profile(dir, Vault.create(passphrase, who, 'interactive'));
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
    let sealed: unknown;
    try {
      sealed = JSON.parse(text);
    } catch {
      throw new Error(`${join(dir, VAULT_FILE)} is not a Unity Table vault, or it is damaged`);
    }
    try {
      return new Profile(dir, Vault.unlock(sealed, passphrase));
    } catch (e) {
      if (e instanceof Error && /not a Unity Table vault/.test(e.message)) {
        throw new Error(`${join(dir, VAULT_FILE)} is not a Unity Table vault, or it is damaged`, { cause: e });
      }
      throw e;
    }
  }

  get identity() {
    return this.vault.identity;
  }

  get storageKey(): Uint8Array {
    return this.vault.storageKey;
  }

  get memberId(): string {
    return this.vault.memberId;
  }

  get fingerprint(): string {
    return this.vault.fingerprint;
  }

  get name(): string {
    return this.vault.name;
  }

  get agency(): string {
    return this.vault.agency;
  }

  get workspaces(): Readonly<Record<string, WorkspaceRecord>> {
    return this.vault.workspaces;
  }

  workspace(id: string): WorkspaceRecord {
    return this.vault.workspace(id);
  }

  async addWorkspace(id: string, record: WorkspaceRecord): Promise<void> {
    this.vault.setWorkspace(id, record);
    await this.save();
  }

  /** Forgets a workspace on this machine: its vault record and its local copy. */
  async removeWorkspace(id: string): Promise<void> {
    this.vault.removeWorkspace(id);
    await this.save();
    await rm(dirname(this.transportPath(id)), { recursive: true, force: true });
  }

  /** The directory's local copy, or with `room` that compartment room's (`rooms/<room>.utrec`, ADR 0012 §5). */
  transportPath(workspaceId: string, room?: string): string {
    const dir = join(this.dir, 'workspaces', workspaceId);
    return room === undefined ? join(dir, 'transport.utrec') : join(dir, 'rooms', `${room}.utrec`);
  }

  private async save(): Promise<void> {
    await writeFileAtomic(join(this.dir, VAULT_FILE), `${JSON.stringify(this.vault.seal(), null, 2)}\n`);
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
