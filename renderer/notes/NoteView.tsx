import { useState } from 'react';

import { utf8 } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { noteMarkdownDocument, notePdf } from '../../shared/notes';
import type { NoteEntry } from '../../shared/notes';
import { useHost } from '../host';
import { useAppSession } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { agencyColour } from './agencyColour';
import { NoteEditor } from './NoteEditor';
import { usePresentInNote } from './usePresentInNote';
import { detach } from '../app/forms';

interface Props {
  client: WorkspaceClient;
  note: NoteEntry;
  title: string;
  canEdit: boolean;
  members: { id: string; label: string }[];
}

/** One open note: what it is, who else is in it right now, its export, and the editor. */
export function NoteView({ client, note, title, canEdit, members }: Props) {
  const host = useHost();
  const session = useAppSession();
  const present = usePresentInNote(client, note.id);
  const [message, setMessage] = useState<string | null>(null);
  const safeName = title.replace(/[^\w .-]+/g, '_').slice(0, 80) || 'note';

  const exportAs = async (kind: 'md' | 'pdf') => {
    setMessage(null);
    try {
      const markdown = client.api.notes.markdown(note.id);
      // Notes live in the core compartment's room: the export carries its marking.
      const marking = client.api.board.marking(coreCompartmentId(client.workspaceId));
      const data =
        kind === 'md' ? utf8(noteMarkdownDocument(title, markdown, marking)) : await notePdf(title, markdown, marking);
      const saved = await host.files.save({
        suggestedName: `${safeName}.${kind}`,
        data,
        filters: [kind === 'md' ? { name: 'Markdown', extensions: ['md'] } : { name: 'PDF', extensions: ['pdf'] }],
      });
      if (saved) setMessage(`Saved ${saved.name}`);
    } catch (err) {
      setMessage(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const attendees = note.attendees.map((id) => members.find((m) => m.id === id)?.label ?? `member ${id.slice(0, 8)}`);
  return (
    <article className="note-view" aria-labelledby="note-title">
      <header className="note-head">
        <h2 id="note-title">{title}</h2>
        {note.kind === 'meeting' && attendees.length > 0 && <p className="note">Attendees: {attendees.join(', ')}</p>}
        <p className="note-present" role="status" aria-label="In this note">
          {present.length === 0 ? 'Only you are in this note.' : `Also in this note: ${present.join(', ')}`}
        </p>
        <div className="note-export">
          <button type="button" onClick={() => detach(exportAs('md'))}>
            Export Markdown
          </button>
          <button type="button" onClick={() => detach(exportAs('pdf'))}>
            Export PDF
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      </header>
      <NoteEditor
        client={client}
        noteId={note.id}
        title={title}
        canEdit={canEdit}
        me={{ label: `${session.vault.name} (${session.vault.agency})`, colour: agencyColour(session.vault.agency) }}
      />
    </article>
  );
}
