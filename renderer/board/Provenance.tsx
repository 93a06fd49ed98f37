import type * as Y from 'yjs';

import { provenanceOf } from '../../shared/model';
import { memberLabel, useBoardContext } from './boardContext';

const when = (at: number | null) =>
  at === null ? '' : ` on ${new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;

/** Who added a fact and who last changed it — from signatures, not from anything typed. */
export function Provenance({ fact }: { fact: Y.Map<unknown> | undefined }) {
  const ctx = useBoardContext();
  if (!fact) return null;
  const p = provenanceOf(fact, ctx.authorOf);
  const added = `Added by ${memberLabel(ctx, p.addedBy)}${when(p.addedAt)}`;
  const changed =
    p.changedAt !== p.addedAt || p.changedBy !== p.addedBy
      ? `; last changed by ${memberLabel(ctx, p.changedBy)}${when(p.changedAt)}`
      : '';
  return <p className="provenance">{added + changed}</p>;
}
