export * from './types';
export { displayIdentifier, identifierKey, keysMatch, plateOfKey } from './identifierKey';
export { ENTITY_KIND_OF, entityIdentifiers, entityKeys } from './entityIdentifiers';
export type { KeyedIdentifier } from './entityIdentifiers';
export { MatchIndex } from './MatchIndex';
export type { OccurrenceMatch, SharedIdentifier } from './MatchIndex';
