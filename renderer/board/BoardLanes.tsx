import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { Announcements, DragEndEvent, DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useMemo, useState } from 'react';

import type { MergedLane } from '../../shared/compartments';
import { findCard } from '../../shared/model';
import { useBoardContext } from './boardContext';
import { BoardLaneColumn, laneOfDropId } from './BoardLaneColumn';
import { matchesViewFilter } from './boardViewFilter';
import type { BoardViewFilter } from './boardViewFilter';

interface Props {
  board: MergedLane[];
  filter: BoardViewFilter;
  viewers: Map<string, string[]>;
  /** Organization id → its rank in the current top five. */
  priorities: Map<string, number>;
  /** Organization id → how many identifiers its network shares with other organizations or reports. */
  shared?: ReadonlyMap<string, number>;
  onOpen: ((id: string) => void) | null;
}

/** The lanes, with drag and drop by pointer and by keyboard (dnd-kit), announced to screen readers. */
export function BoardLanes({ board, filter, viewers, priorities, shared = NO_SHARED, onOpen }: Props) {
  const { board: api, canEdit, attempt, errors } = useBoardContext();
  const [dragging, setDragging] = useState<string | null>(null);
  // Options kept from render to render: new ones would make new activators, and dnd-kit would
  // re-render every card of the board with each render of the lanes.
  const sensors = useSensors(useSensor(PointerSensor, POINTER), useSensor(KeyboardSensor, KEYBOARD));
  const name = (id: string | number) => findCard(board, String(id))?.name ?? 'the card';
  const where = (id: string | number | undefined) => {
    if (id === undefined) return 'nowhere';
    const lane = laneOfDropId(String(id)) ?? findCard(board, String(id))?.shownLane;
    return lane ? `lane ${lane}` : 'nowhere';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${name(active.id)}. Arrow keys move it, Space drops it, Escape cancels.`,
    onDragOver: ({ active, over }) => `${name(active.id)} is over ${where(over?.id)}.`,
    onDragEnd: ({ active, over }) => (over ? `${name(active.id)} dropped in ${where(over.id)}.` : `Move cancelled.`),
    onDragCancel: ({ active }) => `Move of ${name(active.id)} cancelled.`,
  };

  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    if (!over || over.id === active.id) return;
    const id = String(active.id);
    const toLane = laneOfDropId(String(over.id)) ?? findCard(board, String(over.id))?.shownLane;
    if (!toLane) return;
    const lane = board.find((l) => l.name === toLane)!;
    let index: number | undefined;
    if (laneOfDropId(String(over.id)) === null) {
      const others = lane.cards.filter((c) => c.id !== id);
      const overIndex = others.findIndex((c) => c.id === over.id);
      const from = active.rect.current.translated;
      // Below the middle of the card it is over: after it; otherwise before it.
      const below = from !== null && from.top + from.height / 2 > over.rect.top + over.rect.height / 2;
      index = overIndex + (below ? 1 : 0);
    }
    if (attempt('move', () => api.moveOrganization(id, { lane: toLane, index }))) {
      // The card re-renders in its new lane: give the keyboard its handle back there.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-handle-for="${CSS.escape(id)}"]`)?.focus(),
      );
    }
  };

  const draggingCard = dragging ? findCard(board, dragging) : undefined;
  // Stable arrays while nothing changed: a new one would re-render every card's sortable hook.
  const shownCards = useMemo(() => {
    const hasFilter = Object.values(filter).some((v) => v !== undefined && v !== '');
    return board.map((lane) => (hasFilter ? lane.cards.filter((c) => matchesViewFilter(c, filter)) : lane.cards));
  }, [board, filter]);
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'To move this card, press Space. Arrow keys move it between cards and lanes; Space drops it.',
        },
      }}
    >
      {errors.move && <p role="alert">{errors.move}</p>}
      <section className="board" aria-label="Board">
        {board.map((lane, i) => (
          <BoardLaneColumn
            key={lane.name}
            name={lane.name}
            cards={shownCards[i]!}
            total={lane.cards.length}
            canEdit={canEdit}
            viewers={viewers}
            priorities={priorities}
            shared={shared}
            onOpen={onOpen}
          />
        ))}
      </section>
      <DragOverlay>
        {draggingCard ? <div className="org-card drag-preview">{draggingCard.name}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}

const NO_SHARED: ReadonlyMap<string, number> = new Map();
const POINTER = { activationConstraint: { distance: 5 } };
const KEYBOARD = { coordinateGetter: sortableKeyboardCoordinates };
