import { entityIdentifiers, identifierKey, keysMatch } from '../../shared/identifiers';
import type { EntityKind } from '../../shared/model';
import type { ReportMatch } from '../../shared/reports';

/**
 * Of an organization's matches (`orgMatches`, each naming the own identifier it starts from), those
 * that start from this entry: its name, aliases, number or plate compared as the table compares them.
 */
export function entryMatches(
  entity: { kind: EntityKind; name: string; aliases?: string[] },
  orgMatches: readonly ReportMatch[],
): ReportMatch[] {
  const own = entityIdentifiers(entity).flatMap((i) => {
    const key = identifierKey(i.kind, i.value);
    return key === null ? [] : [key];
  });
  if (own.length === 0) return [];
  return orgMatches.filter((m) => {
    const key = identifierKey(m.identifier.kind, m.identifier.value);
    return key !== null && own.some((k) => keysMatch(k, key));
  });
}
