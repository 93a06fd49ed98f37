import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useMemo, useState } from 'react';

import type { MergedCard } from '../../shared/compartments';
import { OrganizationCard } from './OrganizationCard';
import { useSameItems } from './useSameItems';

/** How many cards a lane shows before "Show more": a board of thousands still opens at once. */
const PAGE = 50;

export const laneDropId = (lane: string) => `lane:${lane}`;
export const laneOfDropId = (id: string): string | null => (id.startsWith('lane:') ? id.slice(5) : null);

interface Props {
  name: string;
  cards: MergedCard[];
  total: number;
  canEdit: boolean;
  viewers: Map<string, string[]>;
  priorities: Map<string, number>;
  shared: ReadonlyMap<string, number>;
  onOpen: ((id: string) => void) | null;
}

export function BoardLaneColumn({ name, cards, total, canEdit, viewers, priorities, shared, onOpen }: Props) {
  const [limit, setLimit] = useState(PAGE);
  const { setNodeRef, isOver } = useDroppable({ id: laneDropId(name), disabled: !canEdit });
  const shown = useSameItems(useMemo(() => cards.slice(0, limit), [cards, limit]));
  const ids = useSameItems(useMemo(() => shown.map((c) => c.id), [shown]));
  const headingId = `lane-${name.replace(/\W+/g, '-')}`;
  return (
    <section ref={setNodeRef} className="lane" aria-labelledby={headingId} data-over={isOver || undefined}>
      <h3 id={headingId} className="lane-title">
        {name}
      </h3>
      <p className="lane-count">
        {cards.length === total ? `${total} card${total === 1 ? '' : 's'}` : `${cards.length} of ${total} cards`}
      </p>
      <SortableContext id={name} items={ids} strategy={verticalListSortingStrategy}>
        <div className="lane-cards">
          {shown.map((card) => (
            <OrganizationCard
              key={card.id}
              card={card}
              canEdit={canEdit}
              viewers={viewers.get(card.id) ?? EMPTY}
              priority={priorities.get(card.id) ?? null}
              shared={shared.get(card.id) ?? 0}
              onOpen={onOpen}
            />
          ))}
        </div>
      </SortableContext>
      {cards.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({cards.length - limit} more in {name})
        </button>
      )}
    </section>
  );
}

const EMPTY: string[] = [];
