import type { BoardLane } from '../../shared/model';
import type { HistoryApi } from '../../shared/workspace';
import { dayStart, isCardChange } from './historyText';

/**
 * The cards of `board` with a change (signed, or a lane or threat nobody logged) since the start of
 * `day` on this machine's clock; null when `day` is not a date.
 */
export function changedCards(history: HistoryApi, board: BoardLane[], day: string): Set<string> | null {
  const from = dayStart(day);
  if (from === null) return null;
  const changed = new Set(
    history
      .since(from)
      .filter(isCardChange)
      .map((e) => e.orgId),
  );
  return new Set(board.flatMap((l) => l.cards.map((c) => c.id)).filter((id) => changed.has(id)));
}
