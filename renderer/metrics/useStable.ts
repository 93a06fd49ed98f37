import { useState } from 'react';

import type { OutcomeRow } from '../../shared/metrics';

const sameRow = (a: OutcomeRow, b: OutcomeRow): boolean =>
  a.id === b.id &&
  a.orgId === b.orgId &&
  a.orgName === b.orgName &&
  a.lane === b.lane &&
  a.agency === b.agency &&
  a.kind === b.kind &&
  a.date === b.date &&
  a.drugKind === b.drugKind &&
  a.kg === b.kg &&
  a.weapons === b.weapons &&
  a.usd === b.usd &&
  a.compartmentId === b.compartmentId &&
  a.marking === b.marking;

export const sameRows = (a: readonly OutcomeRow[], b: readonly OutcomeRow[]): boolean =>
  a.length === b.length && a.every((row, i) => sameRow(row, b[i]!));

export const sameStrings = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * The previous value while a new one is equal to it: the workspace's version moves with every edit
 * anywhere (a note, a vote, a network entry), and the charts need not be drawn again for those.
 */
export function useStable<T>(value: T, same: (a: T, b: T) => boolean): T {
  const [kept, setKept] = useState(value);
  if (kept === value || same(kept, value)) return kept;
  setKept(value);
  return value;
}
