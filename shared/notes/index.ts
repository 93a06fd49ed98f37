export { HeadlessNote } from './HeadlessNote';
export { isAllowedLink, mentionUrl, parseMention } from './mentions';
export type { MentionTarget } from './mentions';
export { NOTE_NODES, NOTE_TRANSFORMERS } from './noteNodes';
export { notePdf } from './notePdf';
