export { DocumentChannel } from './DocumentChannel';
export { guardDocumentLists } from './documentListGuard';
export { clockOver, RelayConnection, UNREACHABLE_AFTER_ATTEMPTS } from './RelayConnection';
export type {
  ConnectionPlatform,
  ConnectionStatus,
  RelayConnectionOptions,
  RelayRefusal,
  WebSocketClass,
} from './RelayConnection';
export { SecureWorkspace } from './SecureWorkspace';
export type { SecureWorkspaceOptions } from './SecureWorkspace';
export type { SyncReport, SyncReportCode } from './SyncReport';
export { joinByToken } from './joinByToken';
export type { JoinOptions } from './joinByToken';
export { OpenCancelled, throwIfCancelled, unlessCancelled } from './cancel';
export type { CancelSignal } from './cancel';
export { Room } from './Room';
export { migrateLegacyContent, migrationOrigin } from './migrateLegacyContent';
export type { LegacyContentMove } from './migrateLegacyContent';
export { bringRoster, mayBringRoster } from './bringRoster';
export type { SeedOutcome } from './bringRoster';
