import { useEffect, useState } from 'react';

import type { WorkspaceClient } from '../session/WorkspaceClient';

/** Names of the others whose presence says they are in this note. */
export function usePresentInNote(client: WorkspaceClient, noteId: string): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const update = () => {
      const next = client.presence
        .others()
        .filter((p) => p.state[`note:${noteId}`] !== undefined && p.state[`note:${noteId}`] !== null)
        .map((p) => {
          const profile = client.api.profile(p.memberId);
          return profile ? `${profile.name} (${profile.agency})` : `member ${p.memberId.slice(0, 8)}`;
        });
      const sorted = [...new Set(next)].sort();
      // My own caret moving publishes my presence too, on every keystroke: the same names keep the same
      // array, so nothing re-renders (a commit walks the whole open note's DOM, see useNotesIndex).
      setNames((prev) => (prev.length === sorted.length && prev.every((n, i) => n === sorted[i]) ? prev : sorted));
    };
    update();
    return client.presence.onPeers(update);
  }, [client, noteId]);
  return names;
}
