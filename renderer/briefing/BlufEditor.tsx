import { useEffect, useRef, useState } from 'react';

import { agencyColour } from '../notes/agencyColour';
import { NoteEditor } from '../notes/NoteEditor';
import { useAppSession } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';

const TITLE = 'Bottom line up front';

/**
 * The briefing's bottom line up front: a short Lexical note kept with its period and audience, in the
 * notes' own editor. The note is made on the first wish to write it, not on opening the tab, so looking
 * at briefings adds nothing to the workspace. Leaving the editor asks for the preview to be rebuilt.
 */
export function BlufEditor(props: {
  client: WorkspaceClient;
  from: string;
  to: string;
  audience: string | null;
  canEdit: boolean;
  onLeave: () => void;
}) {
  const { client, from, to, audience, canEdit } = props;
  const session = useAppSession();
  const box = useRef<HTMLDivElement>(null);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const existing = client.api.notes
    .list()
    .find(
      (n) =>
        n.kind === 'briefing' &&
        n.briefing?.from === from &&
        n.briefing.to === to &&
        n.briefing.compartmentId === audience,
    );
  const noteId = existing?.id ?? made;

  useEffect(() => {
    // Just made by a click: the caret goes where the person meant to write.
    if (made) box.current?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus();
  }, [made]);

  const start = () => {
    try {
      setMade(client.api.notes.ensureBriefingNote({ from, to, compartmentId: audience }));
      setError(null);
    } catch (err) {
      setError(`The bottom line could not be started: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <section className="briefing-bluf-editor" aria-labelledby="bluf-heading">
      <h3 id="bluf-heading">{TITLE}</h3>
      {noteId ? (
        <div
          ref={box}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) props.onLeave();
          }}
        >
          <NoteEditor
            client={client}
            noteId={noteId}
            title={TITLE}
            canEdit={canEdit}
            me={{
              label: `${session.vault.name} (${session.vault.agency})`,
              colour: agencyColour(session.vault.agency),
            }}
          />
        </div>
      ) : canEdit ? (
        <button type="button" onClick={start}>
          Write the bottom line up front
        </button>
      ) : (
        <p className="empty-state">Nobody has written a bottom line for this period and audience yet.</p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
