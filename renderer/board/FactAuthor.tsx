import { memberLabel, useBoardContext } from './boardContext';

/** The member (and agency) who added one fact, as its signature says. */
export function FactAuthor({ map, id }: { map: string; id: string }) {
  const ctx = useBoardContext();
  const p = ctx.board.provenance(map, id);
  if (!p) return null;
  const changed = p.changedBy !== p.addedBy ? `, changed by ${memberLabel(ctx, p.changedBy)}` : '';
  return <span className="fact-author">{`${memberLabel(ctx, p.addedBy)}${changed}`}</span>;
}
