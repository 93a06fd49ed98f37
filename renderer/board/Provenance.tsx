import { memberLabel, useBoardContext } from './boardContext';

const when = (at: number | null) =>
  at === null ? '' : ` on ${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;

/**
 * "Added by X (agency) · released to <marking> by Y (agency) · last changed by Z": the first two from
 * signed records that survive a move, the last from who signed the edit shown (ADR 0012 §6).
 */
export function Provenance({ map, id }: { map: string; id: string }) {
  const ctx = useBoardContext();
  const p = ctx.board.provenance(map, id);
  if (!p) return null;
  const parts = [`Added by ${memberLabel(ctx, p.addedBy)}${when(p.addedAt)}`];
  if (p.releasedBy)
    parts.push(
      `released to ${ctx.board.marking(p.releasedBy.to)} by ${memberLabel(ctx, p.releasedBy.memberId)}${when(p.releasedBy.at)}`,
    );
  if (p.changedAt !== p.addedAt || p.changedBy !== p.addedBy)
    parts.push(`last changed by ${memberLabel(ctx, p.changedBy)}${when(p.changedAt)}`);
  return <p className="provenance">{parts.join(' · ')}</p>;
}
