import type { WorkspaceApi } from '../../shared/workspace';

/**
 * The titles this member can read, by compartment id: those of compartments it is in whose label
 * opened; a compartment it is not in (a restricted one) shows no title, which is sealed.
 */
export function compartmentTitles(api: WorkspaceApi): Map<string, string> {
  const titles = new Map<string, string>();
  for (const c of api.compartments())
    titles.set(c.compartmentId, c.title ?? 'a compartment (its title not yet readable)');
  return titles;
}
