import { useMemo, useState } from 'react';

import { useConcerns } from '../session/useClient';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useNavigation } from '../workspaces/navigation';
import type { WorkspaceNavigation } from '../workspaces/navigation';

interface Hit {
  key: string;
  label: string;
  snippet: string;
  open: () => void;
}

const MAX_HITS = 30;

/**
 * Search across every note and the board, computed on this machine from the decrypted documents:
 * the words typed never leave it.
 */
export function WorkspaceSearch({ client }: { client: WorkspaceClient }) {
  const [query, setQuery] = useState('');
  return (
    <div role="search" aria-label="Search notes and the board" className="workspace-search">
      <label>
        Search notes and board
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </label>
      {query.trim() !== '' && <SearchHits client={client} query={query} />}
    </div>
  );
}

/**
 * The hits, kept current while a query is typed. Only then does the search listen to the workspace:
 * with an empty box, typing in a note re-renders nothing here (issue 17, P5; see useNotesIndex).
 */
function SearchHits({ client, query }: { client: WorkspaceClient; query: string }) {
  const navigation = useNavigation();
  // Moves whenever a note, the board or the roster changes: it is this search's cache key.
  const version = useConcerns(client, 'notes', 'board', 'roster');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const hits = useMemo(() => search(client, query, navigation), [client, query, navigation, version]);
  return (
    <ul aria-label="Search results">
      {hits.length === 0 && <li className="empty-state">Nothing matches.</li>}
      {hits.map((h) => (
        <li key={h.key}>
          <button type="button" onClick={h.open}>
            {h.label}
          </button>
          <span className="note"> {h.snippet}</span>
        </li>
      ))}
    </ul>
  );
}

function search(client: WorkspaceClient, query: string, navigation: WorkspaceNavigation): Hit[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const matches = (text: string) => words.every((w) => text.includes(w));
  const { board, notes } = client.api;
  const out: Hit[] = [];
  for (const note of notes.list()) {
    const text = notes.text(note.id);
    if (!matches(text.toLowerCase())) continue;
    const at = text.toLowerCase().indexOf(words[0]!);
    out.push({
      key: `note:${note.id}`,
      label:
        note.kind === 'organization'
          ? `Note: ${board.organizationName(note.org)}`
          : note.kind === 'meeting'
            ? `Note: ${note.date} · ${note.title}`
            : `Note: ${note.title}`,
      snippet: text.slice(Math.max(0, at - 40), at + 80).replace(/\s+/g, ' '),
      open: () => navigation.openNote(note.id),
    });
  }
  for (const card of board.search(query, Math.max(0, MAX_HITS - out.length))) {
    out.push({
      key: `card:${card.id}`,
      label: `Card: ${card.name}`,
      snippet: `${card.shownLane} · threat ${card.threat}${card.leadAgency ? ` · ${card.leadAgency}` : ''}`,
      open: () => navigation.openCard(card.id),
    });
  }
  return out.slice(0, MAX_HITS);
}
