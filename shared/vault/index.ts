export { Vault } from './Vault';
export type { WorkspaceRecord } from './Vault';
