export { Vault } from './Vault';
export { VAULT_ERRORS, VaultError } from './VaultError';
export type { VaultErrorKind } from './VaultError';
export type { WorkspaceRecord } from './vaultPayload';
