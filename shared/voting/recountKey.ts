import { BALLOTS, CLOSES, ROUNDS } from './records';
import type { VotingContext } from './votingContext';

/**
 * Changes whenever a recount of the rounds could come out differently: a round, ballot or close
 * added, a member's role, removal or signed agency changed. Recounting checks signatures and opens
 * ballots, so a view that shows results recounts only when this changes. Roles are keyed in full:
 * by first letter, an admin made analyst did not change the key (issue 12, item 7).
 */
export function recountKey(ctx: VotingContext): string {
  const records = [ROUNDS, BALLOTS, CLOSES].map((m) => ctx.doc.getMap(m).size).join('/');
  const members = [...ctx.roster.members.values()].map((m) => `${m.memberId}:${m.role}:${ctx.agencyOf(m.memberId)}`);
  const removed = [...ctx.roster.removed.values()].map(
    (m) => `${m.memberId}:${m.role}:${m.removedAt}:${ctx.agencyOf(m.memberId)}`,
  );
  return JSON.stringify([records, members, removed]);
}
