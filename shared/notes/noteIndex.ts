import type * as Y from 'yjs';

import { asFact, createFact, facts, newFactId, NOTES, num, oneOf, str, strs } from '../model';
import { organizationFact } from '../model';
import { firstIssue, meetingFields } from '../model';
import type { MeetingFields } from '../model';

/**
 * The notes index in the workspace document. Each note's text is its own content document
 * (`noteDocId`), edited in Lexical; the index says what the note is about.
 */
export interface NoteEntry {
  id: string;
  kind: 'organization' | 'meeting';
  /** For an organization's note: the organization. */
  org: string;
  /** For a meeting: its title, date (YYYY-MM-DD) and attendees (member ids). */
  title: string;
  date: string;
  attendees: string[];
  createdAt: number | null;
}

/** The content document that holds a note's text. */
export const noteDocId = (noteId: string): string => `note-${noteId}`;

/**
 * An organization has one note, under an id derived from the organization's: two people who open it
 * for the first time at once, offline, write the same index entry and the same document.
 */
export const organizationNoteId = (orgId: string): string => `org-${orgId}`;

/** The organization's note, added to the index if it is not there yet; returns its id. */
export function ensureOrganizationNote(doc: Y.Doc, orgId: string, at = Date.now()): string {
  organizationFact(doc, orgId);
  const id = organizationNoteId(orgId);
  if (!asFact(facts(doc, NOTES).get(id))) {
    doc.transact(() => createFact(facts(doc, NOTES), id, { kind: 'organization', org: orgId }, at));
  }
  return id;
}

export function createMeetingNote(doc: Y.Doc, input: MeetingFields, at = Date.now()): string {
  const parsed = meetingFields.safeParse(input);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const id = newFactId();
  doc.transact(() => createFact(facts(doc, NOTES), id, { kind: 'meeting', ...parsed.data }, at));
  return id;
}

/** Meeting notes newest first (then by title), then organization notes in the index's own order. */
export function listNotes(doc: Y.Doc): NoteEntry[] {
  const out: NoteEntry[] = [];
  facts(doc, NOTES).forEach((value, id) => {
    const fact = asFact(value);
    if (fact) out.push(readNote(id, fact));
  });
  return out.sort(
    (a, b) => a.kind.localeCompare(b.kind) || b.date.localeCompare(a.date) || a.title.localeCompare(b.title),
  );
}

export function findNote(doc: Y.Doc, id: string): NoteEntry | null {
  const fact = asFact(facts(doc, NOTES).get(id));
  return fact ? readNote(id, fact) : null;
}

function readNote(id: string, fact: Y.Map<unknown>): NoteEntry {
  return {
    id,
    kind: oneOf(['organization', 'meeting'] as const, fact.get('kind'), 'meeting'),
    org: str(fact, 'org'),
    title: str(fact, 'title'),
    date: str(fact, 'date'),
    attendees: strs(fact, 'attendees'),
    createdAt: num(fact, 'createdAt'),
  };
}
