import { createMeetingNote, ensureOrganizationNote, noteDocId } from '../../shared/notes';
import type { MeetingFields } from '../../shared/model';
import { HeadlessNote } from '../../shared/notes';
import { WORKSPACE_DOC_ID } from '../../shared/protocol';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** The first paragraph, written under a client id this member owns (anything else is refused, ADR 0008). */
function seed(client: WorkspaceClient, docId: string): void {
  HeadlessNote.seed(client.workspace.document(docId), client.workspace.mirrorClientId(docId));
}

/** The organization's note, created (index entry and first paragraph) the first time it is opened. */
export function prepareOrganizationNote(client: WorkspaceClient, orgId: string): string {
  const id = ensureOrganizationNote(client.workspace.document(WORKSPACE_DOC_ID), orgId);
  seed(client, noteDocId(id));
  return id;
}

export function prepareMeetingNote(client: WorkspaceClient, input: MeetingFields): string {
  const id = createMeetingNote(client.workspace.document(WORKSPACE_DOC_ID), input);
  seed(client, noteDocId(id));
  return id;
}

const COLOURS = ['#1f4e8c', '#a40e26', '#2f6f3e', '#7a3e9d', '#9a5b00', '#0f6e75', '#8c1f5e', '#4a5563'];

/** One colour per agency (the same on every screen), for cursors and presence. */
export function agencyColour(agency: string): string {
  let h = 0;
  for (const ch of agency.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length]!;
}
