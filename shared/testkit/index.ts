export { HOSTILE_ORIGIN, HostileClient } from './HostileClient';
