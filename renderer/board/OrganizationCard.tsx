import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo } from 'react';

import type { MergedCard } from '../../shared/compartments';
import { MarkingChip } from './MarkingChip';

interface Props {
  card: MergedCard;
  canEdit: boolean;
  viewers: string[];
  /** Its rank in the current top five, if it is there. */
  priority: number | null;
  /** How many identifiers its network shares with other organizations or field reports (issue 15). */
  shared: number;
  /** Opens the card's panel; null on a read-only view ("View as …"), which has none. */
  onOpen: ((id: string) => void) | null;
}

/**
 * One organization on the board. It moves by its handle: drag it, or focus it and press Space,
 * the arrow keys, then Space again (Escape puts it back).
 */
export const OrganizationCard = memo(OrganizationCardView, (a, b) => {
  return (
    a.canEdit === b.canEdit &&
    a.priority === b.priority &&
    a.shared === b.shared &&
    a.viewers === b.viewers &&
    a.onOpen === b.onOpen &&
    sameFace(a.card, b.card)
  );
});

/**
 * Whether a card shows the same: the board index rebuilds a card as a new object whenever any fact
 * of its organization changes, also one the card does not show (a summary, a network entry's detail).
 */
function sameFace(a: MergedCard, b: MergedCard): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.threat === b.threat &&
    a.leadAgency === b.leadAgency &&
    a.shownLane === b.shownLane &&
    a.marking === b.marking &&
    a.networkCount === b.networkCount &&
    a.outcomeCount === b.outcomeCount &&
    a.activities.join() === b.activities.join()
  );
}

function OrganizationCardView({ card, canEdit, viewers, priority, shared, onOpen }: Props) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { lane: card.shownLane },
    disabled: !canEdit,
  });
  const style = { transform: CSS.Translate.toString(transform), transition: transition };
  return (
    <article
      ref={setNodeRef}
      style={style}
      className="org-card"
      data-threat={card.threat}
      data-dragging={isDragging || undefined}
      aria-label={card.name}
    >
      <div className="org-card-head">
        <h4 className="org-card-name">
          {priority !== null && <span className="priority-badge">Priority #{priority}</span>} {card.name}
        </h4>
        {canEdit && (
          <button
            type="button"
            ref={setActivatorNodeRef}
            className="drag-handle"
            data-handle-for={card.id}
            {...attributes}
            {...listeners}
            aria-label={`Move ${card.name}`}
          >
            ⠿
          </button>
        )}
      </div>
      <CardFacts card={card} />
      {shared > 0 && (
        <p className="shared-badge">
          {shared} shared identifier{shared === 1 ? '' : 's'}
        </p>
      )}
      {viewers.length > 0 && <p className="viewers">Looking now: {viewers.join(', ')}</p>}
      {onOpen && (
        <button type="button" className="open-card" onClick={() => onOpen(card.id)}>
          Open {card.name}
        </button>
      )}
    </article>
  );
}

/** What a card's face says below its name: the live card's and the cache preview's (ADR 0022) alike. */
export function CardFacts({ card }: { card: CardFactsOf }) {
  return (
    <>
      <MarkingChip marking={card.marking} />
      <p className="org-card-facts">
        <span className="threat" data-threat={card.threat}>
          Threat: {card.threat}
        </span>
        {card.leadAgency && <span>Lead: {card.leadAgency}</span>}
      </p>
      {card.activities.length > 0 && (
        <ul className="chips" aria-label="Activities">
          {card.activities.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      <p className="org-card-counts">
        <span>Network: {card.networkCount}</span> <span>Outcomes: {card.outcomeCount}</span>
      </p>
    </>
  );
}

interface CardFactsOf {
  marking: string;
  threat: string;
  leadAgency: string;
  activities: readonly string[];
  networkCount: number;
  outcomeCount: number;
}
