import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo } from 'react';

import type { Card } from '../../shared/model';

interface Props {
  card: Card;
  canEdit: boolean;
  viewers: string[];
  onOpen: (id: string) => void;
}

/**
 * One organization on the board. It moves by its handle: drag it, or focus it and press Space,
 * the arrow keys, then Space again (Escape puts it back).
 */
export const OrganizationCard = memo(function OrganizationCard({ card, canEdit, viewers, onOpen }: Props) {
  const sortable = useSortable({ id: card.id, data: { lane: card.shownLane }, disabled: !canEdit });
  const style = { transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition };
  return (
    <article
      ref={sortable.setNodeRef}
      style={style}
      className="org-card"
      data-threat={card.threat}
      data-dragging={sortable.isDragging || undefined}
      aria-label={card.name}
    >
      <div className="org-card-head">
        <h4 className="org-card-name">{card.name}</h4>
        {canEdit && (
          <button
            type="button"
            ref={sortable.setActivatorNodeRef}
            className="drag-handle"
            data-handle-for={card.id}
            {...sortable.attributes}
            {...sortable.listeners}
            aria-label={`Move ${card.name}`}
          >
            ⠿
          </button>
        )}
      </div>
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
      {viewers.length > 0 && <p className="viewers">Looking now: {viewers.join(', ')}</p>}
      <button type="button" className="open-card" onClick={() => onOpen(card.id)}>
        Open {card.name}
      </button>
    </article>
  );
});
