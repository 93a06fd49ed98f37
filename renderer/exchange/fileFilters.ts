import type { FileFilter } from '../../shared/ipc';

/** The file kinds carried between networks, for the Host's dialogs. */
export const BUNDLE_FILTER: FileFilter = { name: 'Unity Table bundle', extensions: ['utbundle'] };
export const STATE_FILTER: FileFilter = { name: 'Unity Table state file', extensions: ['utstate'] };
