export { HOSTILE_ORIGIN, HostileClient } from './HostileClient';
export { bundleTable, memoryPlatform, openMember } from './bundleTable';
export type { TableMember } from './bundleTable';
export { roomsWorld } from './roomsWorld';
export type { RoomsClient } from './roomsWorld';
