import * as Y from 'yjs';

import { ENTITIES, LINKS, ORGS, OUTCOMES, SETTINGS } from './facts';

/**
 * Undo and redo of one's own board edits. Only local transactions are tracked (the sync layer
 * applies others' edits under its own origin), so undo never takes back a colleague's work.
 * Edits within half a second are one step, as a person thinks of them.
 */
export function createBoardUndo(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(
    [ORGS, ENTITIES, LINKS, OUTCOMES, SETTINGS].map((name) => doc.getMap(name)),
    { captureTimeout: 500 },
  );
}
