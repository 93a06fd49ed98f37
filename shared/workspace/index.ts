export type { BoardApi } from './BoardApi';
export { WorkspaceApi } from './WorkspaceApi';
