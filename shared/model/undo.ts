import * as Y from 'yjs';

import { ENTITIES, LINKS, ORGS, OUTCOMES, SETTINGS } from './facts';

/**
 * Undo and redo of one's own board edits. Only local transactions are tracked (the sync layer
 * applies others' edits under its own origin), so undo never takes back a colleague's work.
 * Every model operation is one transaction and one step: a quick keyboard user's add, edit and
 * move must not melt into one step that undoes the card itself.
 */
export function createBoardUndo(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(
    [ORGS, ENTITIES, LINKS, OUTCOMES, SETTINGS].map((name) => doc.getMap(name)),
    { captureTimeout: 0 },
  );
}
