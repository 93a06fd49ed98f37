export { LocalTransportStore } from './LocalTransportStore';
export type { RecordBackend } from './LocalTransportStore';
