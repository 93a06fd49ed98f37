import { useState } from 'react';

import type { BoardCacheSnapshot, CachedCard } from '../../shared/storage';
import type { OpenProgress } from '../../shared/workspace';
import { OpenProgressStatus } from '../app/OpenProgressStatus';
import { CardFacts } from '../board/OrganizationCard';
import '../board/board.css';

/** The preview's region: the live board's is "Board", so nothing finds one for the other. */
export const PREVIEW_REGION = 'Board preview (not live)';

/**
 * A cold open's first paint (ADR 0022): the board as this member's live board last showed it, from
 * the local cache, while the workspace opens. Nothing here edits: no handles, no toolbar. A card's
 * Open button is remembered, and its panel opens once the live board is in place.
 */
export function BoardPreview({
  snapshot,
  what,
  progress,
  onCancel,
  queued,
  onQueue,
}: {
  snapshot: BoardCacheSnapshot;
  /** "Opening Sector Table". */
  what: string;
  progress: OpenProgress | null;
  onCancel: () => void;
  /** The card whose panel opens when the board is live. */
  queued: CachedCard | null;
  onQueue: (card: CachedCard) => void;
}) {
  // Today or another day, as of the first paint (a preview lasts seconds).
  const [now] = useState(() => Date.now());
  const asOf = asOfText(snapshot.shownAt, now);
  return (
    <div className="workspace-view board-preview" aria-busy="true">
      <h2 className="workspace-heading">{snapshot.title}</h2>
      <p className="preview-note">
        Opening… showing the board as of {asOf}. It is not live yet: nothing can be changed until it is.
      </p>
      <OpenProgressStatus what={what} progress={progress} onCancel={onCancel} />
      {queued && (
        <p role="status" aria-label="Waiting to open">
          {queued.name} opens when the board is live.
        </p>
      )}
      <section className="board" aria-label={PREVIEW_REGION}>
        {snapshot.lanes.map((lane, i) => (
          <section key={lane.name} className="lane" aria-labelledby={`preview-lane-${i}`}>
            <h3 id={`preview-lane-${i}`} className="lane-title">
              {lane.name}
            </h3>
            <p className="lane-count">{`${lane.total} card${lane.total === 1 ? '' : 's'}`}</p>
            <div className="lane-cards">
              {lane.cards.map((card) => (
                <PreviewCard key={card.id} card={card} onOpen={() => onQueue(card)} />
              ))}
            </div>
            {lane.total > lane.cards.length && (
              <p className="note">{lane.total - lane.cards.length} more when the board is live</p>
            )}
          </section>
        ))}
      </section>
    </div>
  );
}

/** OrganizationCard's face, from the cache: the same classes and the same names, with no handle. */
function PreviewCard({ card, onOpen }: { card: CachedCard; onOpen: () => void }) {
  return (
    <article className="org-card" data-threat={card.threat} aria-label={card.name}>
      <div className="org-card-head">
        <h4 className="org-card-name">
          {card.priority !== null && <span className="priority-badge">Priority #{card.priority}</span>} {card.name}
        </h4>
      </div>
      <CardFacts card={card} />
      <button type="button" className="open-card" data-preview-of={card.id} onClick={onOpen}>
        Open {card.name}
      </button>
    </article>
  );
}

/** "10:42" today, "1 Dec, 10:42" another day. */
export function asOfText(shownAt: number, now: number): string {
  const at = new Date(shownAt);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === new Date(now).toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** What the preview hands to the live workspace view, so the swap moves neither the page nor the focus. */
export interface PreviewHandoff {
  /** The card clicked in the preview: its panel opens on the live board. */
  openCard: string | null;
  /** The card whose Open button had the focus: the live card's button gets it. */
  focusCard: { id: string; name: string } | null;
  scrollY: number;
  /** How far the lanes were scrolled sideways. */
  boardScrollLeft: number;
}

/** Reads the handoff off the page as the preview leaves it. */
export function previewHandoff(queued: CachedCard | null): PreviewHandoff {
  const active = document.activeElement;
  const id = active?.getAttribute('data-preview-of') ?? null;
  const name = active?.closest('article')?.getAttribute('aria-label') ?? null;
  const focused = id !== null && name !== null ? { id, name } : null;
  const board = document.querySelector(`section.board[aria-label="${PREVIEW_REGION}"]`);
  return {
    openCard: queued?.id ?? null,
    focusCard: queued ? null : focused,
    scrollY: window.scrollY,
    boardScrollLeft: board?.scrollLeft ?? 0,
  };
}
