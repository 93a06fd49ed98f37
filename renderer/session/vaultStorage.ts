import { fromUtf8, utf8 } from '../../shared/crypto';
import { Vault } from '../../shared/vault';
import type { Host } from '../host';

/** The host's secret store holds the sealed vault under this name. */
const VAULT_SECRET = 'vault';

/** Whether this machine (this browser profile) already holds a vault. */
export async function hasVault(host: Host): Promise<boolean> {
  return (await host.secrets.load(VAULT_SECRET)) !== null;
}

export async function saveVault(host: Host, vault: Vault): Promise<void> {
  await host.secrets.store(VAULT_SECRET, utf8(JSON.stringify(vault.seal())));
}

/** Unlocks the stored vault; throws "wrong passphrase…" or "…damaged", and changes nothing either way. */
export async function unlockVault(host: Host, passphrase: string): Promise<Vault> {
  const bytes = await host.secrets.load(VAULT_SECRET);
  if (!bytes) throw new Error('there is no vault on this machine yet');
  let sealed: unknown;
  try {
    sealed = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new Error('the stored vault is not a Unity Table vault, or it is damaged');
  }
  return Vault.unlock(sealed, passphrase);
}
