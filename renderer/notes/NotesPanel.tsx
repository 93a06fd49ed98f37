import { memo, useState } from 'react';
import type { FormEvent } from 'react';

import type { NoteEntry } from '../../shared/notes';
import { useAppSession } from '../session/AppSession';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { NoteView } from './NoteView';
import { useNotesIndex } from './useNotesIndex';
import type { NotesIndex } from './useNotesIndex';
import { WorkspaceSearch } from './WorkspaceSearch';
import './notes.css';
import { formText } from '../app/forms';

const today = () => new Date().toISOString().slice(0, 10);

/** Meeting notes by date, organizations' notes, a search over notes and board, and the open note. */
export function NotesPanel(props: {
  client: WorkspaceClient;
  canEdit: boolean;
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  useConcerns(props.client, 'notes', 'board', 'profiles', 'roster');
  // The same object while the index is the same: a keystroke in the open note re-renders nothing below.
  const index = useNotesIndex(props.client);
  return <NotesScreen {...props} index={index} />;
}

const NotesScreen = memo(function NotesScreen({
  client,
  canEdit,
  openId,
  onOpen,
  index,
}: {
  client: WorkspaceClient;
  canEdit: boolean;
  openId: string | null;
  onOpen: (id: string | null) => void;
  index: NotesIndex;
}) {
  const session = useAppSession();
  const { api } = client;
  const [error, setError] = useState<string | null>(null);
  const { members } = index;

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    try {
      const id = api.notes.createMeetingNote({
        title: formText(data, 'title'),
        date: formText(data, 'date'),
        attendees: data.getAll('attendees').map(String),
      });
      form.reset();
      setError(null);
      onOpen(id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const labels = new Map(index.notes.map((n) => [n.entry.id, n.label]));
  const label = (n: NoteEntry) => labels.get(n.id) ?? n.title;
  const notes = index.notes.map((n) => n.entry);
  // A briefing's bottom line (kind 'briefing') is written in the Briefing tab: not listed here as a meeting.
  const meetings = notes.filter((n) => n.kind === 'meeting');
  const orgNotes = notes.filter((n) => n.kind === 'organization');
  const open = openId !== null ? notes.find((n) => n.id === openId) : undefined;

  return (
    <div className="notes-page">
      <nav className="notes-index" aria-label="Notes">
        <WorkspaceSearch client={client} />
        {canEdit && (
          <form onSubmit={create} aria-label="New meeting note" className="meeting-form">
            <h3>New meeting note</h3>
            <label>
              Meeting title
              <input name="title" required maxLength={200} autoComplete="off" />
            </label>
            <label>
              Meeting date
              <input name="date" type="date" required defaultValue={today()} />
            </label>
            <fieldset>
              <legend>Attendees</legend>
              {members.map((m) => (
                <label key={m.id} className="check">
                  <input
                    type="checkbox"
                    name="attendees"
                    value={m.id}
                    defaultChecked={m.id === session.vault.memberId}
                  />
                  {m.label}
                </label>
              ))}
            </fieldset>
            <button type="submit">Create meeting note</button>
            {error && <p role="alert">{error}</p>}
          </form>
        )}
        <NoteList
          heading="Meetings"
          name="Meeting notes"
          empty="No meeting notes yet."
          notes={meetings}
          {...{ label, openId, onOpen }}
        />
        <NoteList
          heading="Organizations"
          name="Organization notes"
          empty="Open a card on the board and choose “Open note”."
          notes={orgNotes}
          {...{ label, openId, onOpen }}
        />
      </nav>
      {open ? (
        <NoteView key={open.id} client={client} note={open} title={label(open)} canEdit={canEdit} members={members} />
      ) : (
        <p className="empty-state">Choose a note, or create a meeting note.</p>
      )}
    </div>
  );
});

function NoteList(props: {
  heading: string;
  name: string;
  empty: string;
  notes: NoteEntry[];
  label: (n: NoteEntry) => string;
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  return (
    <>
      <h3>{props.heading}</h3>
      {props.notes.length === 0 ? (
        <p className="empty-state">{props.empty}</p>
      ) : (
        <ul aria-label={props.name}>
          {props.notes.map((n) => (
            <li key={n.id}>
              <button type="button" aria-current={n.id === props.openId} onClick={() => props.onOpen(n.id)}>
                {props.label(n)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
