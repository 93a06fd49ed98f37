export { BoardIndex, namedOn } from './BoardIndex';
export { canonicalJson, documentJson } from './canonicalJson';
export { findCard, leadAgencies, matchesFilter, moveOrganization } from './board';
export type { BoardFilter, BoardLane, Card } from './board';
export { DEFAULT_LANES, lanes, setLanes } from './lanes';
export { addEntity, addEntityFact, addLink, readEntity, removeEntity, removeLink, updateEntity } from './network';
export type { NetworkEntity, NetworkLink } from './network';
export {
  addOrganization,
  listOrganizations,
  organizationFact,
  readOrganization,
  removeOrganization,
  updateOrganization,
} from './organizations';
export type { Organization } from './organizations';
export { addOutcome, readOutcome, removeOutcome, updateOutcome } from './outcomes';
export type { Outcome } from './outcomes';
export { ENTITIES, findFact, LINKS, NOTES, ORGS, OUTCOMES, PROFILES, SETTINGS } from './facts';
export { fieldAuthor, provenanceOf } from './provenance';
export type { AuthorOf, Provenance } from './provenance';
export * from './schema';
export { createBoardUndo } from './undo';
export { memberProfile, memberProfiles, profileRecordValid, setProfile } from './profiles';
export type { MemberProfile } from './profiles';
export { guardSignedRecords } from './signedRecordGuard';
export type { GuardedMap, RestoreReport } from './signedRecordGuard';
export {
  parseBody,
  putRecord,
  readRecord,
  readRecords,
  recordValid,
  recordValidOnce,
  recordValue,
} from './signedRecords';
export type { SignedRecord } from './signedRecords';
export { setWorkspaceTitle, workspaceTitle } from './workspace';
export { asFact, createFact, facts, newFactId, num, oneOf, str, strs } from './facts';
export type { Fact } from './facts';
