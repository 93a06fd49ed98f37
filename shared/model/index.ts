export { canonicalJson, documentJson } from './canonicalJson';
export {
  addOrganization,
  DEFAULT_LANES,
  lanes,
  listOrganizations,
  setProfile,
  setWorkspaceTitle,
  workspaceTitle,
} from './organizations';
export type { Organization } from './organizations';
