export {
  ENVELOPE_VERSION,
  EnvelopeError,
  encodeHeader,
  envelopeSignatureValid,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  signatureOfSealed,
} from './envelope';
export type { Envelope, EnvelopeHeader, EnvelopeKind } from './envelope';
export { decodeSignedEntry, entryIdOf } from './signedEntry';
export { checkRelayAuth, createRelayAuth, RELAY_AUTH_MAX_SKEW_MS } from './relayAuth';
export type { RelayAuthParams, RelayAuthResult } from './relayAuth';
export { encodeInviteToken, parseInviteToken } from './inviteToken';
export type { InviteToken } from './inviteToken';
export { CLIENT_ID_SLOTS, newReplica, ownedClientId } from './ownedClientId';
export { decodeSnapshotPayload, encodeSnapshotPayload } from './snapshotPayload';
export type { SnapshotPayload } from './snapshotPayload';
export { snapshotIncludes } from './snapshotIncludes';
export {
  docListName,
  isValidDocId,
  KEY_LIST,
  MESSAGE_STATE_QUERY,
  ROSTER_LIST,
  WORKSPACE_DOC_ID,
} from './transportLayout';
export { encodeUpdateBatch } from './updateBatch';
export { LOCAL_ORIGIN, REMOTE_ORIGIN } from './origins';
export { encodeSignedEntry, entryJson, signedBy } from './signedEntry';
export type { SignedEntry } from './signedEntry';
export { docIdOfList, membershipLists } from './transportLayout';
export { openEnvelopeWithAny } from './envelope';
export { ownedClientIds } from './ownedClientId';
export { decodeUpdateBatch } from './updateBatch';
export {
  decodeRosterSeed,
  encodeRosterSeed,
  NO_SUCH_WORKSPACE_ON_RELAY,
  ROSTER_SEED_MAX_BYTES,
  ROSTER_SEED_MAX_ENTRIES,
  ROSTER_SEED_PATH,
  rosterSeedRoom,
  SEEDED_CLOSE,
} from './rosterSeed';
export type { RosterSeed } from './rosterSeed';
