import { useMemo } from 'react';

import type { NoteEntry } from '../../shared/notes';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** What the notes screen lists: each note with its label, and the members who can attend a meeting. */
export interface NotesIndex {
  notes: Array<{ entry: NoteEntry; label: string }>;
  members: Array<{ id: string; label: string }>;
}

/**
 * The notes index, read on every render, as the same object for as long as what it holds is the same.
 *
 * Why (issue 17, P5): React walks the whole DOM of the focused editor before each commit that touches
 * the DOM (it saves the selection as text offsets, `getSelectionInformation`): 4–8 ms in a note of
 * 5,000 paragraphs. A keystroke changes the workspace (its document, then its seal), which re-renders
 * this screen; with an index that did not change, the screen below bails out and commits nothing.
 */
export function useNotesIndex(client: WorkspaceClient): NotesIndex {
  const index = readNotesIndex(client);
  const key = JSON.stringify(index);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` spells `index`: the first of equal ones is kept
  return useMemo(() => index, [key]);
}

export function readNotesIndex(client: WorkspaceClient): NotesIndex {
  const { api } = client;
  const label = (n: NoteEntry) =>
    n.kind === 'meeting'
      ? `${n.date} · ${n.title}`
      : n.kind === 'briefing'
        ? n.title
        : api.board.organizationName(n.org) || 'Removed organization';
  return {
    notes: api.notes.list().map((entry) => ({ entry, label: label(entry) })),
    members: [...api.roster.members.keys()].map((id) => {
      const p = api.profile(id);
      return { id, label: p ? `${p.name} (${p.agency})` : `member ${id.slice(0, 8)}` };
    }),
  };
}
