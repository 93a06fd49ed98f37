export { guardAppendOnly } from './appendOnlyGuard';
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
export { changeRole, confirmJoin, maintainKeys, openInvites, removeMember, revokeInvite } from './membership';
export { inviteStatus } from './inviteStatus';
export type { InviteStatus } from './inviteStatus';
export { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';
export { Keyring, requiredEpoch } from './keyLog';
export { heldEnvelopeName } from './roster';
export { isForged } from './rosterDag';
