import { useEffect, useState } from 'react';

import { useBoardContext } from './boardContext';

/** Undo and redo of my own board edits (never a colleague's: see createBoardUndo). */
export function UndoButtons() {
  const { undo } = useBoardContext();
  const [, setTick] = useState(0);
  useEffect(() => {
    const refresh = () => setTick((t) => t + 1);
    const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
    for (const e of events) undo.on(e, refresh);
    return () => {
      for (const e of events) undo.off(e, refresh);
    };
  }, [undo]);
  return (
    <div className="undo-buttons" role="group" aria-label="Undo and redo">
      <button type="button" onClick={() => undo.undo()} disabled={!undo.canUndo()} title="Ctrl+Z">
        Undo
      </button>
      <button type="button" onClick={() => undo.redo()} disabled={!undo.canRedo()} title="Ctrl+Shift+Z">
        Redo
      </button>
    </div>
  );
}
