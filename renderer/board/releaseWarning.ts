import { rank } from '../../shared/compartments';
import type { ReleaseTarget } from '../../shared/workspace';

/**
 * What a move to `to` cannot take back, said before it is confirmed (ADR 0012 §6, "Undo"): a release
 * reaches partners for good; a narrowing stops later edits, but not what was already seen.
 */
export function releaseWarning(name: string, from: ReleaseTarget, to: ReleaseTarget): string {
  const widening = rank(to.kind) > rank(from.kind) || (to.kind === 'releasable' && from.kind === 'releasable');
  const parts = [`Move ${name} to ${to.marking}?`];
  if (widening && to.kind === 'releasable')
    parts.push(`Partners in ${to.title} will see it and keep what they see: narrowing it later cannot take that back.`);
  if (from.kind === 'releasable')
    parts.push(
      `Partners in ${from.title} keep what they already saw; no later edit reaches them, and their screens drop it.`,
    );
  else if (rank(to.kind) < rank(from.kind))
    parts.push(
      `Members outside ${to.title} keep what they already saw; no later edit reaches them, and their screens drop it.`,
    );
  return parts.join(' ');
}
