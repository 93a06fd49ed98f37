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
export type {
  CausalFields,
  Compartment,
  CompartmentKind,
  Role,
  Roster,
  RosterInvite,
  RosterMember,
  ScopeRotations,
  SealedLabel,
  StreamCut,
} from './roster';
export { COMPARTMENT_KINDS } from './roster';
export {
  compartmentMembers,
  isCompartmentMember,
  compartmentsOf,
  CORE_TITLE,
  coreCompartmentId,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentLabelEntry,
  createCompartmentRemoveEntry,
  defaultMarking,
  openLabel,
  scopeOf,
  sealLabel,
} from './compartments';
export type { CompartmentLabel } from './compartments';
export { changeRole, confirmJoin, coreMembers, openInvites, removeMember, revokeInvite } from './membership';
export { maintainKeys } from './keyUpkeep';
export { addToCompartment, createCompartment, removeFromCompartment, setCompartmentLabel } from './compartmentKeys';
export type { NewCompartment } from './compartmentKeys';
export { inviteStatus } from './inviteStatus';
export type { InviteStatus } from './inviteStatus';
export { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';
export { Keyring, requiredEpoch, scopeEpoch } from './keyLog';
export { heldEnvelopeName } from './roster';
export { isForged } from './rosterDag';
export { compartmentList } from './compartmentList';
export type { CompartmentView } from './compartmentList';
