export { startRelay } from './Relay';
export type { Relay, RelayOptions } from './Relay';
