export { EncryptedPresence, PRESENCE_DOC_ID } from './EncryptedPresence';
export type { PresencePeer } from './EncryptedPresence';
