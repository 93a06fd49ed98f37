import type * as Y from 'yjs';

import type { MeetingFields } from '../model';
import {
  createMeetingNote,
  ensureBriefingNote,
  ensureOrganizationNote,
  findNote,
  HeadlessNote,
  listNotes,
  noteDocId,
  noteText,
} from '../notes';
import type { BriefingKey, NoteEntry } from '../notes';
import type { SecureWorkspace } from '../sync';

/**
 * The notes of an open workspace: the index in the workspace document, and each note's text in
 * its own content document (see noteIndex.ts). A note is created with its first paragraph, written
 * under a client id this member owns (anything else is refused, ADR 0008), so no editor has to
 * bootstrap one.
 */
export class NotesApi {
  constructor(
    private readonly doc: Y.Doc,
    private readonly workspace: SecureWorkspace,
    private readonly now: () => number,
  ) {}

  /** Briefing notes, then meeting notes, newest first, then organization notes. */
  list(): NoteEntry[] {
    return listNotes(this.doc);
  }

  find(id: string): NoteEntry | null {
    return findNote(this.doc, id);
  }

  /** The organization's note, created (index entry and first paragraph) the first time it is asked for. */
  ensureOrganizationNote(orgId: string): string {
    const id = ensureOrganizationNote(this.doc, orgId, this.now());
    this.seed(id);
    return id;
  }

  /** The note of a briefing's bottom line up front, for its period and audience, created the first time it is asked for. */
  ensureBriefingNote(key: BriefingKey): string {
    const id = ensureBriefingNote(this.doc, key, this.now());
    this.seed(id);
    return id;
  }

  createMeetingNote(input: MeetingFields): string {
    const id = createMeetingNote(this.doc, input, this.now());
    this.seed(id);
    return id;
  }

  /** A note's plain text (for search), read without an editor. */
  text(noteId: string): string {
    return noteText(this.workspace.document(noteDocId(noteId)));
  }

  /** A note as Markdown, as the editor would export it. */
  markdown(noteId: string): string {
    const docId = noteDocId(noteId);
    const headless = new HeadlessNote(this.workspace.document(docId), this.workspace.mirrorClientId(docId));
    try {
      return headless.markdown();
    } finally {
      headless.destroy();
    }
  }

  private seed(noteId: string): void {
    const docId = noteDocId(noteId);
    HeadlessNote.seed(this.workspace.document(docId), this.workspace.mirrorClientId(docId));
  }
}
