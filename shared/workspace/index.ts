export type { BoardApi, FactProvenanceView, ReadOnlyBoard, Released, ReleaseTarget } from './BoardApi';
export { OpenWorkspace, openWorkspace } from './OpenWorkspace';
export type { OpenWorkspaceOptions, SyncStatus } from './OpenWorkspace';
export type { Platform } from './Platform';
export { WorkspaceApi } from './WorkspaceApi';
export { exportBundle, importBundle, makeStateFile, peekBundle } from './bundles';
export type { BundleExport, BundleExportOptions, BundleImport, BundleSummary } from './bundles';
export { BundleRefused } from '../bundles';
export type { BundleProgress } from '../bundles';
