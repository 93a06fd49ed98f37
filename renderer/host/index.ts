export { HostError } from './Host';
export type { Host } from './Host';
export { HostContext, useHost } from './HostContext';
export { selectHost } from './selectHost';
