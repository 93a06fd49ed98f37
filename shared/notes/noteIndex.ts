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
  kind: 'organization' | 'meeting' | 'briefing';
  /** For an organization's note: the organization. */
  org: string;
  /** For a meeting: its title, date (YYYY-MM-DD) and attendees (member ids). */
  title: string;
  date: string;
  attendees: string[];
  createdAt: number | null;
  /** For a briefing's bottom line up front: its period and audience (null: everything its maker holds). */
  briefing?: BriefingKey;
}

/** What a briefing's note is kept by: its period (YYYY-MM-DD, both days included) and its audience. */
export interface BriefingKey {
  from: string;
  to: string;
  compartmentId: string | null;
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

/**
 * A briefing has one note (its bottom line up front) per period and audience, under an id derived
 * from them, so two people who write it at once, offline, write the same entry and the same document.
 */
export const briefingNoteId = (key: BriefingKey): string =>
  `briefing-${key.from}-${key.to}-${key.compartmentId ?? 'all'}`;

/** The briefing's note, added to the index if it is not there yet; returns its id. */
export function ensureBriefingNote(doc: Y.Doc, key: BriefingKey, at = Date.now()): string {
  if (!ISO_DAY.test(key.from) || !ISO_DAY.test(key.to)) throw new Error('a briefing period is two dates, YYYY-MM-DD');
  if (key.from > key.to) throw new Error('a briefing period starts on or before the day it ends');
  const id = briefingNoteId(key);
  if (!asFact(facts(doc, NOTES).get(id))) {
    const fields = {
      kind: 'briefing',
      title: `Briefing ${key.from} to ${key.to}`,
      date: key.to,
      from: key.from,
      to: key.to,
      audience: key.compartmentId ?? '',
    };
    doc.transact(() => createFact(facts(doc, NOTES), id, fields, at));
  }
  return id;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function createMeetingNote(doc: Y.Doc, input: MeetingFields, at = Date.now()): string {
  const parsed = meetingFields.safeParse(input);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const id = newFactId();
  doc.transact(() => createFact(facts(doc, NOTES), id, { kind: 'meeting', ...parsed.data }, at));
  return id;
}

/** Briefing notes, then meeting notes, each newest first (then by title), then organization notes. */
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
  const kind = oneOf(['organization', 'meeting', 'briefing'] as const, fact.get('kind'), 'meeting');
  const briefing =
    kind === 'briefing'
      ? { from: str(fact, 'from'), to: str(fact, 'to'), compartmentId: str(fact, 'audience') || null }
      : undefined;
  return {
    id,
    kind,
    ...(briefing ? { briefing } : {}),
    org: str(fact, 'org'),
    title: str(fact, 'title'),
    date: str(fact, 'date'),
    attendees: strs(fact, 'attendees'),
    createdAt: num(fact, 'createdAt'),
  };
}
