import type * as Y from 'yjs';

import { PROVENANCE } from '../compartments';
import { CHANGES } from '../history';
import { ENTITIES, LINKS, NOTES, ORGS, OUTCOMES, PROFILES, SETTINGS } from '../model';
import { FIELD_REPORTS, TRIAGE } from '../reports';
import { BALLOTS, CLOSES, ROUNDS } from '../voting';

/**
 * What a screen shows, as the workspace tells it changed (issue 17): each screen listens to its own
 * concerns, so an edit to one card does not re-render the members screen.
 * - board: organizations, their network entries, links, outcomes and the provenance of each;
 * - history: the cards' signed change logs; profiles: members' signed names and agencies;
 * - notes: the notes index and every note's text; votes: rounds, ballots, closes;
 * - reports: field reports and their triage; settings: the workspace's title and lanes;
 * - roster: members, invites, compartments and keys (the directory), and which rooms are open;
 * - status: the connection, what waits to be sent, what was refused.
 */
export type Concern =
  'board' | 'history' | 'profiles' | 'notes' | 'votes' | 'reports' | 'settings' | 'roster' | 'status';

export const CONCERNS: readonly Concern[] = [
  'board',
  'history',
  'profiles',
  'notes',
  'votes',
  'reports',
  'settings',
  'roster',
  'status',
];

/** What each top-level type of a room's `workspace` document is part of. */
const ROOT_CONCERNS: ReadonlyMap<string, readonly Concern[]> = new Map<string, Concern[]>([
  [ORGS, ['board']],
  [ENTITIES, ['board']],
  [LINKS, ['board']],
  [OUTCOMES, ['board']],
  [PROVENANCE, ['board']],
  // A note's index entry is shown with its organization (the board) and in the notes list.
  [NOTES, ['notes', 'board']],
  [SETTINGS, ['settings', 'board']],
  [PROFILES, ['profiles']],
  [CHANGES, ['history']],
  [ROUNDS, ['votes']],
  [BALLOTS, ['votes']],
  [CLOSES, ['votes']],
  [FIELD_REPORTS, ['reports']],
  [TRIAGE, ['reports']],
]);

/**
 * Calls `changed` with the concerns a transaction of `doc` (a room's `workspace` document) touched,
 * local edits included, as the transaction ends: before any envelope is sealed. A top-level type
 * nobody classified counts as every content concern, so nothing shown is ever left stale.
 */
export function watchWorkspaceDocument(doc: Y.Doc, changed: (concerns: Iterable<Concern>) => void): () => void {
  const onTransaction = (tr: Y.Transaction): void => {
    if (tr.changedParentTypes.size === 0 && tr.changed.size === 0) return;
    const out = new Set<Concern>();
    for (const [name, type] of doc.share) {
      if (!tr.changedParentTypes.has(type as never) && !tr.changed.has(type as never)) continue;
      for (const c of ROOT_CONCERNS.get(name) ?? CONTENT) out.add(c);
    }
    if (out.size > 0) changed(out);
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}

/** Every concern a content document can change. */
const CONTENT: readonly Concern[] = CONCERNS.filter((c) => c !== 'roster' && c !== 'status');
