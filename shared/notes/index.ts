export { HeadlessNote } from './HeadlessNote';
export { isAllowedLink, mentionUrl, parseMention } from './mentions';
export type { MentionTarget } from './mentions';
export { NOTE_NODES, NOTE_TRANSFORMERS } from './noteNodes';
export { noteMarkdownDocument } from './noteMarkdownDocument';
export { notePdf } from './notePdf';
export { $applyExportPolicy, $enforceLinkPolicy, escapeMarkdownText } from './notePolicy';
