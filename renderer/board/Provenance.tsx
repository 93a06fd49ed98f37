import { memberLabel, useBoardContext } from './boardContext';

const when = (at: number | null) =>
  at === null ? '' : ` on ${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;

/** Who added a fact and who last changed it — from signatures, not from anything typed. */
export function Provenance({ map, id }: { map: string; id: string }) {
  const ctx = useBoardContext();
  const p = ctx.board.provenance(map, id);
  if (!p) return null;
  const added = `Added by ${memberLabel(ctx, p.addedBy)}${when(p.addedAt)}`;
  const changed =
    p.changedAt !== p.addedAt || p.changedBy !== p.addedBy
      ? `; last changed by ${memberLabel(ctx, p.changedBy)}${when(p.changedAt)}`
      : '';
  return <p className="provenance">{added + changed}</p>;
}
