export { HeadlessNote } from './HeadlessNote';
export { isAllowedLink, mentionUrl, parseMention } from './mentions';
export type { MentionTarget } from './mentions';
export { NOTE_NODES, NOTE_TRANSFORMERS } from './noteNodes';
export { noteMarkdownDocument } from './noteMarkdownDocument';
export { notePdf, notePdfLines } from './notePdf';
export { $applyExportPolicy, $enforceLinkPolicy, escapeMarkdownText } from './notePolicy';
export { installCleanSubtreeSync } from './cleanSubtreeSync';
export { DocMirror } from './DocMirror';
export { NoteAwareness, NoteProvider } from './NoteProvider';
export type { SharedConnection } from './NoteProvider';
export {
  briefingNoteId,
  createMeetingNote,
  ensureBriefingNote,
  ensureOrganizationNote,
  findNote,
  listNotes,
  noteDocId,
  organizationNoteId,
} from './noteIndex';
export type { BriefingKey, NoteEntry } from './noteIndex';
export { noteText } from './noteText';
