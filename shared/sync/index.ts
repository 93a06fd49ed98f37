export { guardAppendOnly } from './appendOnlyGuard';
export { DocMirror } from './DocMirror';
export { HOSTILE_ORIGIN, HostileClient } from './HostileClient';
export { DocumentChannel, LOCAL_ORIGIN, REMOTE_ORIGIN } from './DocumentChannel';
export { EncryptedPresence, PRESENCE_DOC_ID } from './EncryptedPresence';
export type { PresencePeer } from './EncryptedPresence';
export {
  ENVELOPE_VERSION,
  EnvelopeError,
  encodeHeader,
  envelopeSignatureValid,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
} from './envelope';
export type { Envelope, EnvelopeHeader, EnvelopeKind } from './envelope';
export { createKeyEntry, openKeyring, WORKSPACE_SCOPE } from './keyLog';
export { computeRoster } from './computeRoster';
export {
  createGenesis,
  createConfirmEntry,
  createInviteEntry,
  createJoinEntry,
  createRemoveEntry,
  createRevokeEntry,
  createRoleEntry,
  findGenesis,
  genesisCreator,
  ROLES,
  WRITING_ROLES,
} from './roster';
export type { CausalFields, Role, Roster, RosterInvite, RosterMember, StreamCut } from './roster';
export { decodeSignedEntry, entryIdOf } from './signedEntry';
export { checkRelayAuth, createRelayAuth, RELAY_AUTH_MAX_SKEW_MS } from './relayAuth';
export type { RelayAuthParams, RelayAuthResult } from './relayAuth';
export { encodeInviteToken, parseInviteToken } from './inviteToken';
export type { InviteToken } from './inviteToken';
export { LocalTransportStore } from './LocalTransportStore';
export type { RecordBackend } from './LocalTransportStore';
export { NoteAwareness, NoteProvider } from './NoteProvider';
export { CLIENT_ID_SLOTS, newReplica, ownedClientId } from './ownedClientId';
export { guardDocumentLists } from './documentListGuard';
export { decodeSnapshotPayload, encodeSnapshotPayload } from './snapshotPayload';
export type { SnapshotPayload } from './snapshotPayload';
export type { SharedConnection } from './NoteProvider';
export { RelayConnection, UNREACHABLE_AFTER_ATTEMPTS } from './RelayConnection';
export type { ConnectionStatus, RelayConnectionOptions, RelayRefusal, WebSocketClass } from './RelayConnection';
export { SecureWorkspace } from './SecureWorkspace';
export { snapshotIncludes } from './snapshotIncludes';
export type { SecureWorkspaceOptions } from './SecureWorkspace';
export type { SyncReport, SyncReportCode } from './SyncReport';
export {
  docListName,
  isValidDocId,
  KEY_LIST,
  MESSAGE_STATE_QUERY,
  ROSTER_LIST,
  WORKSPACE_DOC_ID,
} from './transportLayout';
export { encodeUpdateBatch } from './updateBatch';
export { joinByToken } from './joinByToken';
export type { ConnectionPlatform } from './joinByToken';
export { changeRole, confirmJoin, maintainKeys, openInvites, removeMember, revokeInvite } from './membership';
export { inviteStatus } from './inviteStatus';
export type { InviteStatus } from './inviteStatus';
export { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';
