export type { BoardApi, FactProvenanceView, ReadOnlyBoard, Released, ReleaseTarget } from './BoardApi';
export { OpenWorkspace, openWorkspace } from './OpenWorkspace';
export type { OpenWorkspaceOptions, SyncStatus } from './OpenWorkspace';
export type { Platform } from './Platform';
export { WorkspaceApi } from './WorkspaceApi';
